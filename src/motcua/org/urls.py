from django.urls import path

from motcua.org import views

app_name = "org"
urlpatterns = [
    path("", views.provinces, name="provinces"),
    path("<str:code>/", views.province_detail, name="province"),
]
