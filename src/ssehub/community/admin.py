from django.contrib import admin

from ssehub.community import models
from ssehub.community.services.moderation import category_save
from ssehub.core.admin import ReadOnlyAdmin


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    """Categories are set up by platform admins; saving goes through the service (checked and logged)."""

    list_display = ["title", "kind", "country", "is_public", "position"]
    prepopulated_fields = {"slug": ["title"]}

    def save_model(self, request, obj, form, change) -> None:
        category_save(category=obj, actor=request.user, changed=list(form.changed_data))

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["handle", "user", "status", "trust_level", "joined_at"]
    list_filter = ["status"]
    list_select_related = ["user__profile"]


@admin.register(models.CommunityInstitution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ["name", "country", "status", "atlas_institution"]


@admin.register(models.Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ["title", "category", "state", "created_at"]
    list_select_related = ["category"]


@admin.register(models.Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["title", "country", "status"]


for model in (models.Post, models.Flag, models.ContactRequest, models.Resource, models.Notification):
    admin.site.register(model, ReadOnlyAdmin)
