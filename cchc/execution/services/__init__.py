"""Writers for execution, one module per capability:

- `issuing`: a plan becomes assignments of units, each with its occurrences (`issue_plan`);
- `targets`: targets proposed from the plan's wording, decided by its owner; each activity's reform pillar;
- `results`: logging, changing and deleting results (`log_result`, `update_result`), stated progress;
- `evidence`: supporting files of a result, checked by content;
- `result_import`: results in bulk from the Excel template, checked then recorded all or none;
- `reminders`: in-app reminders before and after deadlines and their e-mail digests;
- `errors`: `ExecutionError`, what every writer raises when a write cannot be made.

Callers import `from cchc.execution import services` and use `services.log_result`: the names below are the
package's public surface.
"""

from cchc.execution.services.errors import ExecutionError
from cchc.execution.services.evidence import ALLOWED_EVIDENCE, add_evidence, check_evidence, set_evidence_public
from cchc.execution.services.issuing import IssueResult, issue_plan
from cchc.execution.services.reminders import (
    ReminderCandidate,
    ReminderRun,
    deliver_reminder_emails,
    mark_reminders_read,
    reminder_days,
    reminder_threshold,
    retry_reminder_emails,
    send_reminders,
    unit_officers,
)
from cchc.execution.services.result_import import check_result_import, commit_result_import
from cchc.execution.services.results import (
    NOTE_MAX,
    LogOutcome,
    ResultInput,
    check_result,
    clean_result_input,
    delete_result,
    log_result,
    recount_occurrences,
    refresh_occurrences,
    state_progress,
    update_result,
)
from cchc.execution.services.targets import decide_target, set_activity_pillar

__all__ = [
    "ALLOWED_EVIDENCE",
    "NOTE_MAX",
    "ExecutionError",
    "IssueResult",
    "LogOutcome",
    "ReminderCandidate",
    "ReminderRun",
    "ResultInput",
    "add_evidence",
    "check_evidence",
    "check_result",
    "check_result_import",
    "clean_result_input",
    "commit_result_import",
    "decide_target",
    "delete_result",
    "deliver_reminder_emails",
    "issue_plan",
    "log_result",
    "mark_reminders_read",
    "recount_occurrences",
    "refresh_occurrences",
    "reminder_days",
    "reminder_threshold",
    "retry_reminder_emails",
    "send_reminders",
    "set_activity_pillar",
    "set_evidence_public",
    "state_progress",
    "unit_officers",
    "update_result",
]
