"""Admin for repairing user data; logins to it are throttled like the site's."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from cchc.accounts import services
from cchc.accounts.forms import AdminLoginForm
from cchc.accounts.models import User

admin.site.login_form = AdminLoginForm


class ResetPasswordForm(AdminPasswordChangeForm):
    """An administrator sets someone's password: they must change it at their next login."""

    def save(self, commit: bool = True) -> Any:
        return services.set_password_by_admin(None, self.user, self.cleaned_data["password1"])


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "unit", "is_active", "must_change_password")
    list_filter = ("role", "is_active", "must_change_password")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("CCHC", {"fields": ("role", "unit", "phone", "must_change_password")}),
    )
    change_password_form = ResetPasswordForm

    def save_model(self, request: Any, obj: User, form: Any, change: bool) -> None:
        if not change:
            # An account made by an administrator: its first password is theirs, not the person's.
            obj.must_change_password = True
        super().save_model(request, obj, form, change)
