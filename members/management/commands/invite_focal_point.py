from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from members import services
from members.forms import InvitationForm
from members.models import Country, Invitation, Organisation


class Command(BaseCommand):
    help = (
        "Invite a focal point of a country or an organisation by e-mail, with the same checks "
        "as the secretariat's page; with --resend, send a fresh link for a pending invitation "
        "(earlier links stop working)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        party = parser.add_mutually_exclusive_group()
        party.add_argument("--country", help="ISO code of the country, e.g. CR.")
        party.add_argument("--organisation", help="Acronym of the organisation, e.g. IOM.")
        parser.add_argument("--kind", choices=["primary", "alternate"], default="primary")
        parser.add_argument("--language", choices=["en", "es"], default="es")
        parser.add_argument("--name", default="", help="The person's full name.")
        parser.add_argument(
            "--by", required=True, help="E-mail address of the secretariat user inviting."
        )
        parser.add_argument(
            "--resend", action="store_true", help="Resend the pending invitation to EMAIL."
        )

    def handle(self, *args, **options) -> None:
        inviter = User.objects.filter(email__iexact=options["by"]).first()
        if inviter is None or not inviter.is_secretariat:
            raise CommandError(f"{options['by']} is not an active secretariat user.")
        if options["resend"]:
            invitation = Invitation.objects.pending().filter(email__iexact=options["email"]).first()
            if invitation is None:
                raise CommandError(f"No pending invitation to {options['email']}.")
            services.resend_invitation(invitation)
            self.stdout.write(
                self.style.SUCCESS(f"A new link is on its way to {invitation.email}.")
            )
            return
        form = InvitationForm(
            {
                "email": options["email"],
                "full_name": options["name"],
                "country": self._pk(Country, "code", options["country"]),
                "organisation": self._pk(Organisation, "acronym", options["organisation"]),
                "kind": options["kind"],
                "language": options["language"],
            }
        )
        if not form.is_valid():
            problems = "; ".join(
                f"{field}: {' '.join(map(str, errors))}" for field, errors in form.errors.items()
            )
            raise CommandError(problems)
        invitation = services.invite(form.save(commit=False), by=inviter)
        self.stdout.write(self.style.SUCCESS(f"An invitation is on its way to {invitation.email}."))

    @staticmethod
    def _pk(model, field: str, value: str | None) -> int | None:
        if not value:
            return None
        found = model.objects.filter(**{f"{field}__iexact": value}).first()
        if found is None:
            raise CommandError(f"No {model._meta.verbose_name} {value!r}.")
        return found.pk
