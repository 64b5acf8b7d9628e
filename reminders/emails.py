"""The reminder e-mails, rendered through rcm_tracker.mail in the recipient's language.

Each names the item, the meeting and resolution it comes from, the due date
and where the party stands, with direct links and a link to the reminder
preferences. Every message carries its ledger row in `X-RCM-Ledger` and a
Message-ID derived from it, so a copy sent twice can be recognised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from actions.models import Obligation
from members.models import Organisation
from rcm_tracker.mail import build_email

from .models import Digest, Reminder


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _email(
    name: str, row: Reminder | Digest, address: str, language: str, context: dict
) -> EmailMultiAlternatives:
    """E-mail `name` for ledger row `row`, marked with it."""
    ledger = f"{row._meta.model_name}-{row.pk}"
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    headers = {
        "Message-ID": f"<rcm-{ledger}@{host}>",
        "X-RCM-Ledger": ledger,
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
    }
    return build_email(name, [address], context, language=language, headers=headers)


def _entry(obligation: Obligation, today: dt.date) -> dict:
    """What every e-mail says about one obligation."""
    item = obligation.action_item
    days = (item.due_latest - today).days if item.due_latest else None
    return {
        "obligation": obligation,
        "item": item,
        "resolution": item.resolution,
        "meeting": item.resolution.meeting,
        "days": days,
        "days_late": -days if days is not None and days < 0 else 0,
        "url": absolute(reverse("submissions:obligation_detail", args=[obligation.pk])),
    }


def reminder_email(reminder: Reminder, *, today: dt.date) -> EmailMultiAlternatives:
    recipient = reminder.recipient
    context = {
        **_entry(reminder.obligation, today),
        "recipient": recipient,
        "reminder": reminder,
        "overdue_number": reminder.overdue_number,
        "copied": reminder.copied,
        "escalated": reminder.overdue_number >= settings.REMINDER_ESCALATE_FROM,
        "preferences_url": absolute(reverse("accounts:profile")),
    }
    return _email("reminder", reminder, recipient.email, recipient.language, context)


def weekly_digest_email(
    digest: Digest, reminders: Iterable[Reminder], *, today: dt.date
) -> EmailMultiAlternatives:
    # One entry per obligation, however many of its reminders were held this week.
    obligations = {reminder.obligation_id: reminder.obligation for reminder in reminders}
    entries = [_entry(obligation, today) for obligation in obligations.values()]
    context = {
        "recipient": digest.recipient,
        "entries": entries,
        "preferences_url": absolute(reverse("accounts:profile")),
        "home_url": absolute(reverse("submissions:home")),
    }
    return _email("reminder-weekly-digest", digest, digest.email, digest.language, context)


def overdue_digest_email(
    digest: Digest, obligations: Iterable[Obligation], *, today: dt.date
) -> EmailMultiAlternatives:
    """Everything overdue, one entry per action item with the parties still owing."""
    items: dict[int, dict] = {}
    count = 0
    for obligation in obligations:
        count += 1
        entry = items.get(obligation.action_item_id)
        if entry is None:
            entry = items[obligation.action_item_id] = {**_entry(obligation, today), "owing": []}
        entry["owing"].append(
            {
                "party": obligation.party,
                "url": absolute(reverse("submissions:obligation_detail", args=[obligation.pk])),
            }
        )
    for entry in items.values():
        # Countries first, then organisations, alphabetically.
        entry["owing"].sort(
            key=lambda owing: (isinstance(owing["party"], Organisation), str(owing["party"]))
        )
    context = {
        "entries": list(items.values()),
        "obligation_count": count,
        "overview_url": absolute(reverse("dashboards:overview")),
        "reminders_url": absolute(reverse("reminders:reminder_list")),
        "preferences_url": absolute(reverse("accounts:profile")),
    }
    return _email("reminder-overdue-digest", digest, digest.email, digest.language, context)
