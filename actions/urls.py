from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    # Meetings
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/copy/", views.meeting_copy, name="meeting_copy"),
    path("meetings/<int:pk>/publish/", views.meeting_publish, name="meeting_publish"),
    path("meetings/<int:pk>/report/", views.meeting_report, name="meeting_report"),
    path("meetings/<int:pk>/history/", views.meeting_history_page, name="meeting_history"),
    # Resolutions
    path("meetings/<int:pk>/resolutions/new/", views.resolution_create, name="resolution_create"),
    path("resolutions/<int:pk>/edit/", views.resolution_edit, name="resolution_edit"),
    path("resolutions/<int:pk>/move/", views.resolution_move, name="resolution_move"),
    path("resolutions/<int:pk>/delete/", views.resolution_delete, name="resolution_delete"),
    # Action items
    path("items/", views.action_item_list, name="action_item_list"),
    path("items/export.<str:fmt>", views.action_item_export, name="action_item_export"),
    path("items/status/", views.action_item_bulk_status, name="action_item_bulk_status"),
    path("resolutions/<int:pk>/items/new/", views.action_item_create, name="action_item_create"),
    path("items/<int:pk>/", views.action_item_detail, name="action_item_detail"),
    path("items/<int:pk>/edit/", views.action_item_edit, name="action_item_edit"),
    path("items/<int:pk>/status/", views.action_item_status, name="action_item_status"),
    path("items/<int:pk>/delete/", views.action_item_delete, name="action_item_delete"),
    path("items/<int:pk>/history/", views.action_item_history_page, name="action_item_history"),
    # Documents
    path("items/<int:pk>/documents/new/", views.document_create, name="document_create"),
    path(
        "documents/<int:pk>/versions/new/",
        views.document_version_create,
        name="document_version_create",
    ),
    path(
        "documents/versions/<int:pk>/download/",
        views.document_version_download,
        name="document_version_download",
    ),
    path(
        "documents/versions/<int:pk>/comment-round/",
        views.comment_round,
        name="comment_round",
    ),
    # Presidency Pro Tempore
    path("presidencies/", views.presidency_list, name="presidency_list"),
    path("presidencies/handover/", views.presidency_create, name="presidency_create"),
]
