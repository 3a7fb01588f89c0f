"""Admin for repairing user data."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from cchc.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("CCHC", {"fields": ("role", "unit", "phone")}))
