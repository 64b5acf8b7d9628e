"""The ledger in the admin: read-only, with the same two actions as the secretariat's page."""

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rcm_tracker.i18n import both_columns

from . import tasks
from .models import Digest, Reminder


class LedgerAdmin(admin.ModelAdmin):
    """Rows are written by the sweep only; people may resend or confirm, not edit."""

    actions = ["resend", "confirm_sent"]
    task: Any = None  # the Celery task that sends one row (celery has no types); per subclass

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description=_("Send the selected failed or in-doubt e-mails again"))
    def resend(self, request, queryset) -> None:
        resent = [row.pk for row in queryset if row.resend(by=request.user)]
        task = self.task
        transaction.on_commit(lambda: [task.delay(pk) for pk in resent])
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail will be sent again.",
                "%(count)d e-mails will be sent again.",
                len(resent),
            )
            % {"count": len(resent)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Record the selected in-doubt e-mails as sent"))
    def confirm_sent(self, request, queryset) -> None:
        confirmed = sum(row.confirm_sent(by=request.user) for row in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail recorded as sent.",
                "%(count)d e-mails recorded as sent.",
                confirmed,
            )
            % {"count": confirmed},
            messages.SUCCESS,
        )


@admin.register(Reminder)
class ReminderAdmin(LedgerAdmin):
    task = tasks.send_reminder
    list_display = [
        "obligation",
        "recipient",
        "kind",
        "deadline",
        "due_on",
        "status",
        "sent_at",
        "attempts",
    ]
    list_filter = ["status", "kind", "copied", "due_on"]
    search_fields = [
        "recipient__email",
        *both_columns("obligation__action_item__title"),
        "obligation__country__name_en",
        "obligation__organisation__acronym",
        "last_error",
    ]
    date_hierarchy = "due_on"
    list_select_related = [
        "recipient",
        "obligation__action_item",
        "obligation__country",
        "obligation__organisation",
    ]


@admin.register(Digest)
class DigestAdmin(LedgerAdmin):
    task = tasks.send_digest
    list_display = ["kind", "email", "period", "status", "sent_at", "attempts"]
    list_filter = ["kind", "status", "period"]
    search_fields = ["email", "last_error"]
    date_hierarchy = "period"
    list_select_related = ["recipient"]
