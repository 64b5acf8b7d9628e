from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    # The secretariat's pages.
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
