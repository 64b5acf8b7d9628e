from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.reminder_list, name="reminder_list"),
    path("<int:pk>/resend/", views.reminder_resend, name="reminder_resend"),
    path("<int:pk>/confirm-sent/", views.reminder_confirm_sent, name="reminder_confirm_sent"),
    path("digests/<int:pk>/resend/", views.digest_resend, name="digest_resend"),
    path("digests/<int:pk>/confirm-sent/", views.digest_confirm_sent, name="digest_confirm_sent"),
]
