"""Who answers to the RCM: countries, organisations, their focal points and the
invitations that make them focal points."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Length, Lower, Upper
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rcm_tracker.collation import reader_order
from rcm_tracker.i18n import pick

if TYPE_CHECKING:
    from accounts.models import User


class CountryQuerySet(models.QuerySet["Country"]):
    def members(self) -> CountryQuerySet:
        return self.filter(is_member=True)

    def in_reader_order(self, *first: str) -> CountryQuerySet:
        """By name in the reader's language and collation (República Dominicana under R),
        after the orderings in `first` (e.g. "-is_member": members, then observers)."""
        return self.order_by(*first, reader_order("name_en", "name_es"), "pk")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def in_reader_order(self, *first: str) -> OrganisationQuerySet:
        """By acronym in the reader's language and collation (OIM in Spanish, IOM in English),
        after the orderings in `first`."""
        return self.order_by(*first, reader_order("acronym", "acronym_es"), "pk")


class Country(models.Model):
    """A country of the RCM, member or observer."""

    code = models.CharField(
        _("ISO code"), max_length=2, unique=True, help_text=_("ISO 3166-1 alpha-2, e.g. CR.")
    )
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=100, unique=True)
    is_member = models.BooleanField(
        _("RCM member"), default=True, help_text=_("Unticked for observer countries.")
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(Exact(Length("code"), 2), Exact(Upper("code"), F("code"))),
                name="country_code_two_upper_letters",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return pick(self.name_en, self.name_es)


class Organisation(models.Model):
    """An international organisation or network that takes part as observer."""

    class Kind(models.TextChoices):
        UN_AGENCY = "un_agency", _("UN agency")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organisation")
        CIVIL_SOCIETY = "civil_society", _("Civil-society network")

    acronym = models.CharField(_("acronym (English)"), max_length=20, unique=True)
    acronym_es = models.CharField(_("acronym (Spanish)"), max_length=20, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["acronym"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["un_agency", "intergovernmental", "civil_society"]),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def short_name(self) -> str:
        """The acronym in the active language (IOM / OIM)."""
        return pick(self.acronym, self.acronym_es)

    @property
    def name(self) -> str:
        return pick(self.name_en, self.name_es)


# Rows that speak for, or concern, one party -------------------------------------------------
# Focal points, invitations and obligations each belong to a country or to an
# organisation, never both, never neither.


def party_foreign_keys(related_name: str) -> tuple[models.ForeignKey, models.ForeignKey]:
    """The (optional) country and organisation of a row that has exactly one party.

    Declare them as `country, organisation = party_foreign_keys("obligations")`, with
    `one_party_constraint(...)` among the model's constraints.
    """
    return (
        models.ForeignKey(
            Country,
            on_delete=models.PROTECT,
            null=True,
            blank=True,
            related_name=related_name,
            verbose_name=_("country"),
        ),
        models.ForeignKey(
            Organisation,
            on_delete=models.PROTECT,
            null=True,
            blank=True,
            related_name=related_name,
            verbose_name=_("organisation"),
        ),
    )


def one_party_constraint(name: str) -> models.CheckConstraint:
    """The database refuses a row with both a country and an organisation, or neither."""
    return models.CheckConstraint(
        condition=(
            Q(country__isnull=False, organisation__isnull=True)
            | Q(country__isnull=True, organisation__isnull=False)
        ),
        name=name,
    )


def party_q(party: Country | Organisation, through: str = "") -> Q:
    """The rows of `party`, reached through `through` (e.g. "obligation__")."""
    field = "country" if isinstance(party, Country) else "organisation"
    return Q(**{f"{through}{field}": party})


class PartyMixin:
    """`party` for a model declared with `party_foreign_keys`."""

    country: Country | None
    organisation: Organisation | None

    @property
    def party(self) -> Country | Organisation:
        """The country or organisation the row speaks for or concerns."""
        party = self.country or self.organisation
        assert party is not None  # a check constraint: exactly one of them
        return party


class FocalPointQuerySet(models.QuerySet["FocalPoint"]):
    def active(self) -> FocalPointQuerySet:
        return self.filter(is_active=True, user__is_active=True)

    def for_party(self, party: Country | Organisation) -> FocalPointQuerySet:
        return self.filter(party_q(party))

    def users(self) -> list[User]:
        """The people behind these focal points, by e-mail address (one query)."""
        return [fp.user for fp in self.select_related("user").order_by("user__email")]


class FocalPoint(PartyMixin, models.Model):
    """A user who speaks for exactly one country or one organisation."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        ALTERNATE = "alternate", _("Alternate")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_point",
        verbose_name=_("user"),
    )
    country, organisation = party_foreign_keys("focal_points")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PRIMARY)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)

    objects = FocalPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["user__email"]
        constraints = [
            one_party_constraint("focal_point_one_party"),
            models.CheckConstraint(
                condition=Q(kind__in=["primary", "alternate"]), name="focal_point_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(kind="primary", is_active=True, country__isnull=False),
                name="focal_point_one_primary_per_country",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(kind="primary", is_active=True, organisation__isnull=False),
                name="focal_point_one_primary_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.party})"

    @transaction.atomic
    def deactivate(self) -> None:
        """Stop the person from signing in; their past submissions stay."""
        now = timezone.now()
        FocalPoint.objects.filter(pk=self.pk).update(is_active=False, deactivated_at=now)
        type(self.user).objects.filter(pk=self.user_id).update(is_active=False)
        self.is_active, self.deactivated_at = False, now
        self.user.is_active = False


INVITATION_SALT = "members.invitation"


def new_invitation_key() -> str:
    """A fresh random key; the e-mailed link carries a signature of it."""
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(PartyMixin, models.Model):
    """An e-mailed invitation to become a focal point of a country or organisation.

    The link carries a signature of `key`; resending replaces the key, so
    only the newest link works, and accepting or revoking ends it for good.
    """

    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    country, organisation = party_foreign_keys("invitations")
    kind = models.CharField(
        _("kind"), max_length=10, choices=FocalPoint.Kind.choices, default=FocalPoint.Kind.PRIMARY
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="es"
    )
    key = models.CharField(_("key"), max_length=64, unique=True, default=new_invitation_key)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("account created"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            one_party_constraint("invitation_one_party"),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_accepted_and_revoked",
            ),
            # One live invitation per address: a second one would leave two
            # working links; the secretariat resends the pending one instead.
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_pending_per_email",
            ),
        ]
        indexes = [
            # The secretariat's list of pending invitations.
            models.Index(
                fields=["created_at"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.party})"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @staticmethod
    def max_age() -> dt.timedelta:
        return dt.timedelta(days=settings.INVITATION_MAX_AGE_DAYS)

    @property
    def expires_at(self) -> dt.datetime | None:
        """When the last link sent stops working (None before the first sending)."""
        return self.sent_at + self.max_age() if self.sent_at else None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    def token(self) -> str:
        """The signed, timestamped key the e-mailed link carries."""
        return signing.TimestampSigner(salt=INVITATION_SALT).sign(self.key)

    @staticmethod
    def key_from_token(token: str) -> str:
        """The key a link carries; raise SignatureExpired or BadSignature."""
        return signing.TimestampSigner(salt=INVITATION_SALT).unsign(
            token, max_age=Invitation.max_age()
        )

    def renew_key(self) -> None:
        """Replace the key so that every link sent before stops working."""
        if not self.is_pending:
            raise ValueError("Only a pending invitation can be resent.")
        self.key = new_invitation_key()
        self.save(update_fields=["key"])

    def revoke(self) -> None:
        """Withdraw the invitation: its link stops working for good."""
        if not self.is_pending:
            raise ValueError("Only a pending invitation can be revoked.")
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
