from django.urls import path

from motcua.feedback import views

app_name = "feedback"
urlpatterns = [
    path("dossiers/<int:pk>/rate/", views.rate, name="rate"),
    path("new/", views.new, name="new"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/", views.mine_detail, name="mine_detail"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.detail, name="detail"),
]
