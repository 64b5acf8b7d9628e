"""Users of RCM Tracker: people who sign in with their e-mail address."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    """Create users keyed by a case-insensitive e-mail address."""

    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        """Lower-case the whole address: people type it in any case."""
        return (email or "").strip().lower()

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=self.normalize_email(username))

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def secretariat_addresses(self) -> list[tuple[int | None, str, str]]:
        """(user id, address, language) of everyone who hears for the secretariat, once each.

        Active secretariat users by address, in their own language; then the
        addresses of settings.SECRETARIAT_EMAILS not already listed, with no
        user, in the site's default language.
        """
        users = list(
            self.filter(role=User.Role.SECRETARIAT, is_active=True)
            .order_by("email")
            .values_list("pk", "email", "language")
        )
        known = {email.lower() for _pk, email, _language in users}
        extra: dict[str, tuple[int | None, str, str]] = {}
        for email in settings.SECRETARIAT_EMAILS:
            address = email.strip()
            if address and address.lower() not in known:
                extra.setdefault(address.lower(), (None, address, settings.LANGUAGE_CODE))
        return users + list(extra.values())

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", User.Role.SECRETARIAT)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in; what they may do follows from `role`."""

    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        MANAGER = "manager", _("Manager")
        FOCAL_POINT = "focal_point", _("Focal point")

    class ReminderMode(models.TextChoices):
        IMMEDIATE = "immediate", _("Each reminder as it falls due")
        WEEKLY_DIGEST = "weekly_digest", _("One weekly digest")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    reminder_mode = models.CharField(
        _("reminders"),
        max_length=20,
        choices=ReminderMode.choices,
        default=ReminderMode.IMMEDIATE,
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can sign in to the administration site."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive users cannot sign in; their past work is kept."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # Set on request.user by django_otp's OTPMiddleware (in MIDDLEWARE, before ours):
    # whether this session passed the second step. Not there on users read elsewhere.
    is_verified: Callable[[], bool]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=["secretariat", "manager", "focal_point"]),
                name="user_role_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=["en", "es"]), name="user_language_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = User.objects.normalize_email(self.email)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_secretariat(self) -> bool:
        """Secretariat staff (and superusers) create and change everything."""
        return self.is_active and (self.role == self.Role.SECRETARIAT or self.is_superuser)

    @property
    def is_manager(self) -> bool:
        """Managers read everything and change nothing."""
        return self.is_active and self.role == self.Role.MANAGER

    @property
    def can_read_all(self) -> bool:
        """Whether the user sees every country's and organisation's data."""
        return self.is_secretariat or self.is_manager

    @property
    def active_focal_point(self):
        """Return the user's active FocalPoint, or None.

        Cached on the instance: permission checks ask for it several times per
        request.
        """
        if not hasattr(self, "_active_focal_point"):
            focal_point = None
            if self.role == self.Role.FOCAL_POINT and self.pk and self.is_active:
                # Through the reverse one-to-one (members.FocalPoint.user), in one query,
                # so that accounts needs nothing of the members app.
                row = (
                    type(self)
                    .objects.select_related("focal_point__country", "focal_point__organisation")
                    .filter(pk=self.pk, focal_point__is_active=True)
                    .first()
                )
                if row is not None:
                    focal_point = row.focal_point
                    focal_point.user = self
            self._active_focal_point = focal_point
        return self._active_focal_point
