from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.home, name="home"),
    path("obligations/<int:pk>/", views.obligation_detail, name="obligation_detail"),
]
