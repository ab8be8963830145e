from django.urls import path

from motcua.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.page, name="page"),
]
