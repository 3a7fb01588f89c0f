"""Reporting periods, unit and consolidated reports, scoring and ranking."""
