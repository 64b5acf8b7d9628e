from django.urls import path  # noqa: F401  (routes arrive with the secretariat pages)

app_name = "actions"

urlpatterns: list = []
