from django.urls import path

from motcua.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("intake/", views.intake, name="intake"),
    path("dossiers/<int:pk>/", views.detail, name="detail"),
    path("dossiers/<int:pk>/receipt/", views.receipt, name="receipt"),
]
