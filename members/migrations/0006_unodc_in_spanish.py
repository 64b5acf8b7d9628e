"""UNODC is UNODC in Spanish too (the CRM's usage and the glossary), not ONUDD."""

from django.db import migrations


def forwards(apps, schema_editor):
    Organisation = apps.get_model("members", "Organisation")
    Organisation.objects.filter(acronym="UNODC", acronym_es="ONUDD").update(acronym_es="UNODC")


def backwards(apps, schema_editor):
    Organisation = apps.get_model("members", "Organisation")
    Organisation.objects.filter(acronym="UNODC", acronym_es="UNODC").update(acronym_es="ONUDD")


class Migration(migrations.Migration):
    dependencies = [("members", "0005_reader_collations")]

    operations = [migrations.RunPython(forwards, backwards)]
