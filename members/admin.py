from django.contrib import admin

from .models import Country, FocalPoint, Invitation, Organisation


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
