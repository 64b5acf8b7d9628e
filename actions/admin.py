from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rcm_tracker.i18n import both_columns

from .models import (
    ActionItem,
    CommentRound,
    Document,
    DocumentVersion,
    Meeting,
    Obligation,
    Presidency,
    Resolution,
    WorkingGroup,
)


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_es", "slug", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_en", "name_es", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Presidency)
class PresidencyAdmin(admin.ModelAdmin):
    list_display = ["year", "country", "starts_on"]
    list_filter = ["country"]
    search_fields = ["country__name_en", "year"]


class ResolutionInline(admin.TabularInline):
    model = Resolution
    extra = 0
    fields = ["number", "parent", "text_en", "text_es", "order"]
    raw_id_fields = ["parent"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "working_group", "date", "modality", "status"]
    list_filter = ["status", "modality", "working_group", "presidency"]
    search_fields = [*both_columns("title", "place", "notes"), "working_group__name_en"]
    date_hierarchy = "date"
    filter_horizontal = ["participants", "observers"]
    list_select_related = ["working_group"]
    inlines = [ResolutionInline]


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "meeting", "order"]
    list_filter = ["meeting__working_group"]
    search_fields = ["number", *both_columns("text")]
    raw_id_fields = ["meeting", "parent"]
    list_select_related = ["meeting__working_group"]


class ObligationInline(admin.TabularInline):
    model = Obligation
    extra = 0
    fields = ["country", "organisation", "status", "first_submitted_at", "late_days", "removed_at"]


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "due_latest", "due_precision", "resolution"]
    list_filter = [
        "status",
        "kind",
        "due_precision",
        "recurrence",
        "resolution__meeting__working_group",
    ]
    search_fields = [
        *both_columns("title", "description"),
        "source_text_en",
        "source_text_es",
        "resolution__number",
    ]
    date_hierarchy = "due_latest"
    raw_id_fields = ["resolution", "previous_occurrence", "closed_by", "created_by"]
    list_select_related = ["resolution__meeting"]
    inlines = [ObligationInline, DocumentInline]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "action_item", "created_at"]
    search_fields = both_columns("title", "description")
    raw_id_fields = ["action_item"]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(SimpleHistoryAdmin):
    list_display = ["document", "number", "original_name", "uploaded_at"]
    search_fields = [*both_columns("document__title"), "original_name"]
    raw_id_fields = ["document", "uploaded_by"]


@admin.register(Obligation)
class ObligationAdmin(SimpleHistoryAdmin):
    list_display = ["action_item", "country", "organisation", "status", "late_days", "removed_at"]
    list_filter = ["status", "country", "organisation"]
    search_fields = [
        *both_columns("action_item__title"),
        "country__name_en",
        "organisation__acronym",
    ]
    raw_id_fields = ["action_item"]
    list_select_related = ["action_item", "country", "organisation"]


@admin.register(CommentRound)
class CommentRoundAdmin(SimpleHistoryAdmin):
    list_display = ["document_version", "due", "published_at", "closed_at"]
    list_filter = ["published_at", "closed_at"]
    search_fields = both_columns("document_version__document__title")
    list_select_related = ["document_version__document"]
    raw_id_fields = ["document_version", "published_by", "closed_by", "superseded_by"]
