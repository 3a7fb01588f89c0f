"""Signals other apps may react to: a plan was issued (or re-issued)."""

from django.dispatch import Signal

# Sent inside the issuing transaction with `plan` and `actor`.
plan_issued = Signal()
