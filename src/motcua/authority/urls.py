from django.urls import path

from motcua.authority import views

app_name = "authority"
urlpatterns = [
    path("", views.summary, name="summary"),
]
