from django.core.management.base import BaseCommand

from actions.reference import load_reference_data


class Command(BaseCommand):
    help = "Create or refresh the RCM countries, organisations and working groups."

    def handle(self, *args, **options) -> None:
        load_reference_data()
        self.stdout.write(self.style.SUCCESS("Reference data is up to date."))
