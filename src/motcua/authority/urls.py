from django.urls import path

from motcua.authority import views

app_name = "authority"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("monitoring/inspections/", views.inspection_add, name="inspection_add"),
    path("monitoring/obstacles/", views.obstacle_add, name="obstacle_add"),
    path(
        "monitoring/obstacles/<int:pk>/answer/",
        views.obstacle_answer_view,
        name="obstacle_answer",
    ),
    path(
        "monitoring/obstacles/<int:pk>/escalate/",
        views.obstacle_escalate_view,
        name="obstacle_escalate",
    ),
]
