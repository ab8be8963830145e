"""The project's URLs plus the simulator's endpoint, as the wiring instructions mount it."""

from django.urls import include, path

from motcua.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("api/sim/population/", include("motcua.population.urls")),
    *project_urlpatterns,
]
