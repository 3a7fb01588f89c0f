"""Background jobs of plans: reading an uploaded plan document into its draft, and recovering readings a crash cut
off."""

from __future__ import annotations

from celery import shared_task

from cchc.core.tasks import start_long
from cchc.plans.importing import services as import_services


@shared_task(name="cchc.plans.tasks.read_plan_document")
def read_plan_document(import_id: int) -> str:
    """Read the stored upload of one PlanImport; returns the status it ends in."""
    return str(import_services.run_import(import_id).status)


@shared_task(name="cchc.plans.tasks.recover_stale_imports")
def recover_stale_imports(import_id: int | None = None) -> dict[str, int]:
    """Start again (or fail, after PLAN_IMPORT_MAX_ATTEMPTS) the readings left running by a crash."""
    resumed, failed = import_services.recover_stale_imports(import_id)
    for pk in resumed:
        start_long(read_plan_document, pk)
    return {"resumed": len(resumed), "failed": len(failed)}
