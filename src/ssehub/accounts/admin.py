from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from ssehub.accounts.enums import Role
from ssehub.accounts.models import Profile, User
from ssehub.accounts.services import roles_set


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class EmailUserChangeForm(UserChangeForm):
    """Roles are chosen here and applied by the accounts services, so every change is logged."""

    roles = forms.MultipleChoiceField(label=_("Roles"), choices=[(role.value, role.label) for role in Role if role != Role.MEMBER], required=False,
                                      widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = User
        fields = ("email",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            current = set(self.instance.groups.values_list("name", flat=True))
            if self.instance.is_superuser:
                current.add(Role.ADMIN.value)
            self.initial["roles"] = sorted(current & set(Role.values))


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = EmailUserCreationForm
    form = EmailUserChangeForm
    inlines = [ProfileInline]
    ordering = ["email"]
    list_display = ["email", "is_active", "is_superuser", "date_joined"]
    search_fields = ["email", "profile__full_name", "profile__organisation"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Access"), {"fields": ("is_active", "roles")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "roles" in form.cleaned_data:
            roles_set(user=form.instance, roles=set(form.cleaned_data["roles"]), actor=request.user)


# Roles are groups underneath; editing a group directly would change roles without the log.
admin.site.unregister(Group)
