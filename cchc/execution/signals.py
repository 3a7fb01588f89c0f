"""Signals other apps may answer: reminders are being collected. (Core steps are calls, not signals: issuing a
plan opens its reporting periods in `reporting.services.issue_plan`.)"""

from django.dispatch import Signal

# Sent by send_reminders with `today` and `days` (the configured days before a deadline); each receiver returns a
# list of services.ReminderCandidate (reporting answers with its periods' report deadlines).
reminders_wanted = Signal()
