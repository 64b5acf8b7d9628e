from django.urls import path

from . import views

app_name = "members"

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
    # Versions, their files, and the documents they comment on.
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/review/", views.submission_review, name="submission_review"),
    path("files/<int:pk>/", views.submission_file, name="submission_file"),
    path(
        "documents/<int:pk>/download/",
        views.document_version_download,
        name="document_version_download",
    ),
    path("documents/<int:pk>/comment-round/", views.comment_round, name="comment_round"),
    # The secretariat's pages.
    path("review/", views.review_queue, name="review_queue"),
    path("focal-points/", views.focal_point_list, name="focal_point_list"),
    path(
        "focal-points/<int:pk>/deactivate/",
        views.focal_point_deactivate,
        name="focal_point_deactivate",
    ),
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/new/", views.invitation_create, name="invitation_create"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("join/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
