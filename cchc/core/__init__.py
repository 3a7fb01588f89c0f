"""Audit log, Vietnamese text utilities, dates and background-task plumbing."""
