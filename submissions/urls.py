from django.urls import path

from . import views

app_name = "submissions"

# Mounted under members/, where these pages have always been.
urlpatterns = [
    path("", views.home, name="home"),
    # One obligation of the focal point's party: versions, draft, progress.
    path("obligations/<int:pk>/", views.obligation_detail, name="obligation_detail"),
    path("obligations/<int:pk>/draft/", views.submission_edit, name="submission_edit"),
    path("obligations/<int:pk>/draft/submit/", views.submission_confirm, name="submission_confirm"),
    path(
        "obligations/<int:pk>/draft/discard/", views.submission_discard, name="submission_discard"
    ),
    path("obligations/<int:pk>/revise/", views.submission_revise, name="submission_revise"),
    path("obligations/<int:pk>/progress/", views.progress_create, name="progress_create"),
    path(
        "obligations/<int:pk>/draft/comments-template.<str:fmt>",
        views.comment_template,
        name="comment_template",
    ),
    # Versions and their files.
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/review/", views.submission_review, name="submission_review"),
    path("files/<int:pk>/", views.submission_file, name="submission_file"),
    # The compilation of the comments on one document version.
    path("documents/<int:pk>/compilation/", views.compilation, name="compilation"),
    path(
        "documents/<int:pk>/compilation/publish/",
        views.compilation_publish,
        name="compilation_publish",
    ),
    path(
        "documents/<int:pk>/compilation/export.<str:fmt>",
        views.compilation_export,
        name="compilation_export",
    ),
    # The secretariat's review queue.
    path("review/", views.review_queue, name="review_queue"),
]
