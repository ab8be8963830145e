from django.urls import path

from motcua.documents import views

app_name = "documents"
urlpatterns = [
    path("dossiers/<int:pk>/forms/<str:no>/", views.form, name="form"),
    path("dossiers/<int:pk>/forms/<str:no>/<int:seq>/", views.form, name="form_at"),
    path("receipt/", views.receipt_by_key, name="receipt_by_key"),
    path("logbook/", views.logbook_pdf, name="logbook"),
]
