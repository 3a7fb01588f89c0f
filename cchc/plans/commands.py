"""What the plan commands share: the plan named on the command line, as the person named by --as may see it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from cchc.accounts.commands import actor_from
from cchc.accounts.types import Actor
from cchc.plans.access import get_plan_for_actor
from cchc.plans.models import Plan


def plan_for_command(options: dict[str, Any], write: bool = False) -> tuple[Actor, Plan]:
    """The actor (--as, or the system) and the plan `plan_id` they may read (or change, with `write`);
    CommandError in Vietnamese otherwise."""
    actor = actor_from(options)
    plan = get_plan_for_actor(actor, options["plan_id"], write)
    if plan is None:
        may = "sửa" if write else "xem"
        who = f", hoặc tài khoản «{actor.username}» không được {may} kế hoạch này" if actor is not None else ""
        raise CommandError(f"Không có kế hoạch số {options['plan_id']}{who}.")
    return actor, plan
