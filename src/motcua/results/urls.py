from django.urls import path

from motcua.results import views

app_name = "results"
urlpatterns = [
    path("<int:pk>/pdf/", views.download, name="download"),
    path("store/", views.store, name="store"),
    path("store/<int:pk>/pdf/", views.stored_download, name="stored_download"),
]
