"""Signals other apps may react to: a plan was issued (or re-issued); reminders are being collected."""

from django.dispatch import Signal

# Sent inside the issuing transaction with `plan` and `actor`.
plan_issued = Signal()

# Sent by send_reminders with `today` and `days` (the configured days before a deadline); each receiver returns a
# list of services.ReminderCandidate (reporting answers with its periods' report deadlines).
reminders_wanted = Signal()
