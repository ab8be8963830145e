from django.urls import path

from motcua.population import views

app_name = "population_sim"

urlpatterns = [
    path("people/<str:id_number>", views.simulated_person, name="person"),
]
