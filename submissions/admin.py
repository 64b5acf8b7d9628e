from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rcm_tracker.i18n import both_columns

from .models import ProgressUpdate, Submission, SubmissionComment, SubmissionFile


class SubmissionFileInline(admin.TabularInline):
    model = SubmissionFile
    extra = 0
    raw_id_fields = ["uploaded_by"]


class SubmissionCommentInline(admin.TabularInline):
    model = SubmissionComment
    extra = 0
    raw_id_fields = ["responded_by"]


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["obligation", "number", "status", "submitted_at", "late_days"]
    list_filter = ["status", "obligation__country", "obligation__organisation"]
    search_fields = [
        "text",
        *both_columns("obligation__action_item__title"),
        "obligation__country__name_en",
    ]
    list_select_related = [
        "obligation__action_item",
        "obligation__country",
        "obligation__organisation",
    ]
    raw_id_fields = ["obligation", "document_version", "created_by", "submitted_by", "reviewed_by"]
    date_hierarchy = "submitted_at"
    inlines = [SubmissionCommentInline, SubmissionFileInline]


@admin.register(SubmissionFile)
class SubmissionFileAdmin(admin.ModelAdmin):
    list_display = ["original_name", "submission", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name"]
    raw_id_fields = ["submission", "uploaded_by"]


@admin.register(SubmissionComment)
class SubmissionCommentAdmin(admin.ModelAdmin):
    list_display = ["submission", "section", "page", "comment_type", "response"]
    list_filter = ["comment_type", "response"]
    search_fields = ["comment", "proposed_change", "section", "response_rationale"]
    raw_id_fields = ["submission", "responded_by"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["obligation", "percent", "created_by", "created_at"]
    list_filter = ["obligation__organisation"]
    search_fields = ["note", *both_columns("obligation__action_item__title")]
    raw_id_fields = ["obligation", "created_by"]
