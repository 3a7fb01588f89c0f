"""Assignments, occurrences, logged results, evidence and reminders."""
