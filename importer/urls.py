from django.urls import path

from . import views

app_name = "importer"

# Mounted under actions/meetings/import/: importing is how a meeting comes in.
urlpatterns = [
    path("", views.report_import, name="report_import"),
    path("<int:pk>/", views.report_import_review, name="report_import_review"),
    path("<int:pk>/discard/", views.report_import_discard, name="report_import_discard"),
    path(
        "meeting/<int:pk>/other-language/",
        views.meeting_other_language,
        name="meeting_other_language",
    ),
]
