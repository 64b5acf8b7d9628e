from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Feeds can be seen and revoked here; their secret is never shown (only its hash is kept)."""

    list_display: tuple[str, ...] = (
        "user",
        "name",
        "country",
        "working_group",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ["revoked_at", "country", "working_group"]
    search_fields = ["user__email", "name"]
    list_select_related = ["user", "country", "working_group"]
    # Read-only: a feed's owner creates it and is the only one to see its secret.
    fields = readonly_fields = list_display
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        # Feeds are created by their owners, who are the only ones to see the token.
        return False

    @admin.action(description=_("Revoke the selected feeds"))
    def revoke(self, request, queryset) -> None:
        feeds = list(queryset.active())
        for feed in feeds:
            feed.revoke()
        self.message_user(
            request,
            ngettext("%(count)d feed revoked.", "%(count)d feeds revoked.", len(feeds))
            % {"count": len(feeds)},
            messages.SUCCESS,
        )
