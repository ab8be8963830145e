"""PKI endpoints outside the language prefix: machines fetch them."""

from django.urls import path

from . import views

app_name = "pki"
urlpatterns = [
    path("crl/<slug:label>.crl", views.crl, name="crl"),
    path("tsa", views.timestamp, name="tsa"),
]
