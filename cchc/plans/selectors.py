"""What the plan pages show, computed from the plans `access.py` returned (reads only; no permission decisions)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from cchc.core.text import fold
from cchc.plans.models import Activity, Plan, UnitMention


def in_locality(plans: QuerySet[Plan], text: str) -> QuerySet[Plan]:
    """The plans whose locality contains `text`, accents and case aside. The few distinct localities are matched
    here; the plans themselves are filtered in the database."""
    wanted = fold(text)
    localities = plans.order_by().values_list("locality", flat=True).distinct()
    return plans.filter(locality__in=[loc for loc in localities if wanted in fold(loc)])


def plan_page(plan: Plan) -> dict[str, Any]:
    """The plan's activities (from its body and its appendix) and duties with their unit mentions, its reporting
    regime and the mentions not yet tied to a unit."""
    mentions = UnitMention.objects.select_related("unit", "group")
    activities = list(plan.activities.prefetch_related(Prefetch("mentions", queryset=mentions)))
    return {
        "body_activities": [a for a in activities if a.source == Activity.Source.BODY],
        "appendix_activities": [a for a in activities if a.source == Activity.Source.APPENDIX],
        "responsibilities": list(plan.responsibilities.prefetch_related(Prefetch("mentions", queryset=mentions))),
        "reporting": list(plan.reporting.all()),
        "unresolved": [m for m in plan.mentions.all() if not m.resolved],
    }
