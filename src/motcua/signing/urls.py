from django.urls import path

from . import views

app_name = "signing"
urlpatterns = [
    path("", views.verify, name="verify"),
]
