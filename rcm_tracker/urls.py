"""Top-level URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views
from rcm_tracker.links import moved_to

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        account_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/reset/",
        account_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/", include("accounts.urls")),
    # Before actions/: its pages sit under actions/meetings/.
    path("actions/meetings/import/", include("importer.urls")),
    path("actions/", include("actions.urls")),
    path("members/", include("members.urls")),
    path("members/", include("submissions.urls")),
    # Paths that moved: the old addresses answer with a redirect that keeps the method.
    path(
        "members/documents/<int:pk>/comment-round/",
        moved_to("actions:comment_round"),
        name="comment_round_moved",
    ),
    path("dashboards/", include("dashboards.urls")),
    path("reminders/", include("reminders.urls")),
    path("admin/", admin.site.urls),
]
