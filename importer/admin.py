from django.contrib import admin

from .models import ReportImport


@admin.register(ReportImport)
class ReportImportAdmin(admin.ModelAdmin):
    """Reports read by the import page; reviewed and saved there, not here."""

    list_display = ["original_name", "created_by", "created_at", "saved_at", "meeting"]
    list_filter = [("saved_at", admin.EmptyFieldListFilter), "content_type"]
    search_fields = ["original_name", "sha256", "created_by__email"]
    raw_id_fields = ["meeting", "working_group", "created_by", "saved_by"]
    readonly_fields = ["sha256", "size", "content_type", "created_at", "updated_at", "saved_at"]
