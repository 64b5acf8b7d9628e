"""Revoke calendar feeds: one user's (e.g. a leaked address, a departure) or everybody's."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from dashboards.models import CalendarFeed


class Command(BaseCommand):
    help = "Revoke the active calendar feeds of one user (--user EMAIL) or of everybody (--all)."

    def add_arguments(self, parser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", metavar="EMAIL", help="the e-mail address of the feeds' owner")
        who.add_argument("--all", action="store_true", help="every user's feeds")

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        feeds = CalendarFeed.objects.active()
        email = options["user"]
        if email is not None:
            try:
                owner = User.objects.get_by_natural_key(email)
            except User.DoesNotExist:
                raise CommandError(f"No user has the e-mail address {email}.") from None
            feeds = feeds.filter(user=owner)
        revoked = 0
        for feed in feeds.select_for_update():
            feed.revoke()
            revoked += 1
        self.stdout.write(f"Revoked {revoked} calendar feed(s).")
