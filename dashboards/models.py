"""Calendar feeds: secret, revocable addresses that calendar programs subscribe to."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from actions.models import WorkingGroup
from members.models import Country

# A feed records its last use at most this often: calendar programs poll every few minutes.
LAST_USED_PRECISION = dt.timedelta(hours=1)


def hash_token(token: str) -> str:
    """The SHA-256 of a feed token: only the hash is stored, like a password."""
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedQuerySet(models.QuerySet["CalendarFeed"]):
    def active(self) -> CalendarFeedQuerySet:
        return self.filter(revoked_at__isnull=True)

    def for_token(self, token: str) -> CalendarFeed | None:
        """The active feed whose secret is `token`, with what serving it needs."""
        return (
            self.active()
            .select_related("user", "country", "working_group")
            .filter(token_hash=hash_token(token))
            .first()
        )


class CalendarFeed(models.Model):
    """A secret iCalendar address of one user, optionally narrowed to a country or group.

    The token is shown once, when the feed is created; the database keeps its
    hash only, so a leaked backup does not open anybody's calendar. Revoking
    ends the address for good; the user creates a new one instead.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("To tell your feeds apart.")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only for country"),
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only for working group"),
    )
    # Unique, hence indexed: the feed view finds a feed by the hash of the token in its URL.
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last read"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("created_at")),
                name="calendar_feed_revoked_after_created",
            ),
        ]
        indexes = [
            # The calendar page: a user's active feeds.
            models.Index(
                fields=["user", "created_at"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_user_active_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.scope_label)

    @classmethod
    def create_for(
        cls,
        user: User,
        *,
        name: str = "",
        country: Country | None = None,
        working_group: WorkingGroup | None = None,
    ) -> tuple[CalendarFeed, str]:
        """Create a feed and return it with its secret token (shown once, never stored)."""
        token = secrets.token_urlsafe(32)
        feed = cls.objects.create(
            user=user,
            name=name,
            country=country,
            working_group=working_group,
            token_hash=hash_token(token),
        )
        return feed, token

    @property
    def scope_label(self) -> str:
        parts = [str(p) for p in (self.country, self.working_group) if p is not None]
        return " · ".join(parts) if parts else str(_("Everything you can see"))

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        """End the address: calendars subscribed to it get 404 from now on."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def is_allowed(self) -> bool:
        """Whether the owner may still read what this feed shows.

        Checked on every read: a deactivated user, a focal point who lost the
        role, or one narrowed to another country reads nothing.
        """
        user = self.user
        if not user.is_active:
            return False
        if user.can_read_all:
            return True
        focal_point = user.active_focal_point
        if focal_point is None:
            return False
        return self.country_id is None or self.country_id == focal_point.country_id

    def record_use(self) -> None:
        """Note the read, at most once per LAST_USED_PRECISION."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            CalendarFeed.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now

    @staticmethod
    def url_for(token: str) -> str:
        """The absolute address calendar programs subscribe to."""
        return settings.SITE_URL + reverse("dashboards:calendar_feed", args=[token])
