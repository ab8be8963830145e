from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("simulate/", views.simulate_page, name="simulate"),
    path("forecast/", views.forecast_page, name="forecast"),
    path("<str:code>/", views.unit_scorecard, name="unit"),
    path("<str:code>/dossiers/", views.dossiers_behind, name="dossiers"),
]
urlpatterns += [
    path("<str:code>/report.xlsx", views.report, {"fmt": "xlsx"}, name="report_xlsx"),
    path("<str:code>/report.pdf", views.report, {"fmt": "pdf"}, name="report_pdf"),
]
