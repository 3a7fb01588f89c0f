"""Writers for plans, one module per capability:

- `plan_json`: plan JSON in and out (`import_plan_json`, `export_plan_json`), finding a plan's issuer and owner;
- `authoring`: a new draft written on screen (`create_plan`), a plan's own fields (`update_plan`);
- `activities`: an activity's fields and units, with the appendix row that holds it (`save_activity`);
- `mentions`: printed unit mentions resolved to units and groups, or mapped by hand (`map_mention`);
- `body_editing`: the plan as a document, node by node (`edit_body`);
- `lifecycle`: draft → issued → closed (`set_plan_status`), a lower level's plan derived (`derive_plan`);
- `errors`: `PlanError` and `PlanAccessError`, what every writer raises when a write cannot be made.

Callers import `from cchc.plans import services` (or a name from it): the names below are the package's public
surface.
"""

from cchc.plans.services.activities import ACTIVITY_FIELDS, delete_activity, save_activity
from cchc.plans.services.authoring import EDITABLE_PLAN_FIELDS, create_plan, update_plan
from cchc.plans.services.body_editing import (
    BODY_ACTIONS,
    BODY_CELL_MAX,
    BODY_LABEL_MAX,
    BODY_TEXT_MAX,
    LinkedValuesError,
    add_body_node,
    delete_body_node,
    edit_body,
    edit_body_node,
    move_body_node,
)
from cchc.plans.services.errors import PlanAccessError, PlanError, check_plan_write
from cchc.plans.services.lifecycle import ALLOWED_TRANSITIONS, DERIVABLE_KINDS, derive_plan, set_plan_status
from cchc.plans.services.mentions import map_mention
from cchc.plans.services.plan_json import (
    ImportResult,
    export_plan_json,
    find_issuer_unit,
    find_matching_plan,
    find_owner_unit,
    import_plan_json,
)

__all__ = [
    "ACTIVITY_FIELDS",
    "ALLOWED_TRANSITIONS",
    "BODY_ACTIONS",
    "BODY_CELL_MAX",
    "BODY_LABEL_MAX",
    "BODY_TEXT_MAX",
    "DERIVABLE_KINDS",
    "EDITABLE_PLAN_FIELDS",
    "ImportResult",
    "LinkedValuesError",
    "PlanAccessError",
    "PlanError",
    "add_body_node",
    "check_plan_write",
    "create_plan",
    "delete_activity",
    "delete_body_node",
    "derive_plan",
    "edit_body",
    "edit_body_node",
    "export_plan_json",
    "find_issuer_unit",
    "find_matching_plan",
    "find_owner_unit",
    "import_plan_json",
    "map_mention",
    "move_body_node",
    "save_activity",
    "set_plan_status",
    "update_plan",
]
