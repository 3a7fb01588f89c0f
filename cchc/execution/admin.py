"""Admin: reminders and whether their e-mail went out (failed sends are listed and can be sent again)."""

from typing import Any

from django.contrib import admin, messages

from cchc.execution import services
from cchc.execution.models import EmailStatus, Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "due", "email_status", "email_attempts", "email_error")
    list_filter = ("email_status", "kind")
    search_fields = ("recipient__username", "recipient__email", "message", "email_error")
    readonly_fields = [f.name for f in Reminder._meta.fields]
    actions = ["retry_emails"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    @admin.action(description="Gửi lại thư của các nhắc việc gửi lỗi")
    def retry_emails(self, request: Any, queryset: Any) -> None:
        count = services.retry_reminder_emails(request.user, queryset.filter(email_status=EmailStatus.FAILED))
        services.deliver_reminder_emails()
        messages.info(request, f"Đã đưa {count} nhắc việc vào hàng gửi lại thư.")
