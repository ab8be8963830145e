from django.urls import path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("file/<str:code>/", views.file, name="file"),
    path("filed/<int:pk>/", views.filed, name="filed"),
    path("my/", views.my_list, name="my"),
    path("my/<int:pk>/", views.my_detail, name="my_detail"),
    path("status/", views.status, name="status"),
]
