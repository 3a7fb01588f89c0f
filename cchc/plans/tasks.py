"""Background jobs of plans: reading an uploaded plan document into its draft."""

from __future__ import annotations

from celery import shared_task

from cchc.plans.import_services import run_import


@shared_task(name="cchc.plans.tasks.read_plan_document")
def read_plan_document(import_id: int) -> str:
    """Read the stored upload of one PlanImport; returns the status it ends in."""
    return str(run_import(import_id).status)
