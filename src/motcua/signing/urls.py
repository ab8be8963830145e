from django.urls import path

from . import views

app_name = "signing"
urlpatterns = [
    path("", views.verify, name="verify"),
    # Staff: the certificate register of the user's units (/vi/verify/certificates/).
    path("certificates/", views.certificates, name="certificates"),
]
