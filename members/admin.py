from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CommentRound,
    Country,
    FocalPoint,
    Invitation,
    Organisation,
    ProgressUpdate,
    Submission,
    SubmissionComment,
    SubmissionFile,
)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_es", "is_member"]
    list_filter = ["is_member"]
    search_fields = ["code", "name_en", "name_es"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["acronym", "acronym_es", "name_en", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["acronym", "acronym_es", "name_en", "name_es"]


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ["user", "country", "organisation", "kind", "is_active"]
    list_filter = ["kind", "is_active", "country", "organisation"]
    search_fields = ["user__email", "user__full_name", "country__name_en", "organisation__acronym"]
    list_select_related = ["user", "country", "organisation"]
    raw_id_fields = ["user"]


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
    search_fields = ["text", "obligation__action_item__title", "obligation__country__name_en"]
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


@admin.register(CommentRound)
class CommentRoundAdmin(SimpleHistoryAdmin):
    list_display = ["document_version", "due", "published_at", "closed_at"]
    list_filter = ["published_at", "closed_at"]
    search_fields = ["document_version__document__title"]
    list_select_related = ["document_version__document"]
    raw_id_fields = ["document_version", "published_by", "closed_by", "superseded_by"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["obligation", "percent", "created_by", "created_at"]
    list_filter = ["obligation__organisation"]
    search_fields = ["note", "obligation__action_item__title"]
    raw_id_fields = ["obligation", "created_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "country",
        "organisation",
        "kind",
        "sent_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["kind", "country", "organisation"]
    search_fields = ["email", "full_name"]
    raw_id_fields = ["invited_by", "user"]
    exclude = ["key"]
