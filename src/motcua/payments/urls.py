"""Mounted at the site root, outside the language prefix: the IPN and return addresses given
to the gateway must not change with the language, and the simulator stands apart."""

from django.urls import path

from motcua.payments import views

app_name = "payments"
urlpatterns = [
    path("payments/dossiers/<int:pk>/pay/", views.pay_online, name="pay_online"),
    path("payments/dossiers/<int:pk>/counter/", views.counter, name="counter"),
    path("payments/return/", views.gateway_return, name="return"),
    path("payments/ipn/", views.ipn, name="ipn"),
    path("payments/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("payments/<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("sim/payments/pay", views.sim_pay, name="sim_pay"),
]
