"""Writing audit entries: every service calls log_action once per write."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from cchc.core import pagecache
from cchc.core.models import AuditEntry

# Who acts or reads, as core knows them (the project's User lives in accounts, above core): None is the system.
Person: TypeAlias = AbstractBaseUser | AnonymousUser


def jsonable(value: Any) -> Any:
    """Turn model field values into JSON-storable values."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a model instance, JSON-ready."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: jsonable(getattr(obj, name)) for name in names}


def log_action(
    actor: Person | None,
    action: str,
    obj: models.Model,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    root: models.Model | None = None,
) -> AuditEntry:
    """Record one write: `action` is dotted, e.g. 'plans.activity.updated'."""
    actor_id = getattr(actor, "pk", None) if actor is not None and getattr(actor, "is_authenticated", False) else None
    root_obj = root if root is not None else obj
    # What citizens see cached (cchc.core.pagecache) is dropped when anything under it changes.
    pagecache.changed(pagecache.scope(obj._meta.model), pagecache.scope(obj), pagecache.scope(root_obj))
    return AuditEntry.objects.create(
        actor_id=actor_id,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        root_type=root_obj._meta.label_lower,
        root_id=str(root_obj.pk),
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
    )


EntryCheck = Callable[[AuditEntry], bool]
HistoryRule = Callable[[Any, Any], EntryCheck]
"""Given a reader and a root object (each app's rules name their own types), says which entries under that root
the reader may read."""

_HISTORY_RULES: dict[str, HistoryRule] = {}


def register_history_rules(rules: Mapping[str, HistoryRule]) -> None:
    """Each app says, per action prefix ('execution.result.'), who may read the entries it writes."""
    _HISTORY_RULES.update(rules)


def _rule_for(action: str) -> HistoryRule | None:
    matching = [prefix for prefix in _HISTORY_RULES if action.startswith(prefix)]
    return _HISTORY_RULES[max(matching, key=len)] if matching else None


def history_for(root: models.Model, reader: Person, limit: int = 500) -> list[AuditEntry]:
    """The newest entries recorded under a root object (a plan's history page) that `reader` may read: another
    unit's results, draft reports or import files stay out. Entries of an action no app has claimed are shown to
    administrators only."""
    entries = AuditEntry.objects.filter(root_type=root._meta.label_lower, root_id=str(root.pk)).select_related("actor")
    if getattr(reader, "is_admin", False):
        return list(entries[:limit])
    checks: dict[HistoryRule, EntryCheck] = {}
    shown: list[AuditEntry] = []
    for entry in entries.iterator(chunk_size=500):
        rule = _rule_for(entry.action)
        if rule is None:
            continue
        if rule not in checks:
            checks[rule] = rule(reader, root)
        if checks[rule](entry):
            shown.append(entry)
            if len(shown) >= limit:
                break
    return shown


def snapshot_value(entry: AuditEntry, name: str) -> Any:
    """A field of the entry's object as recorded after the write (or before it, for a deletion)."""
    for values in (entry.after, entry.before):
        if isinstance(values, dict) and name in values:
            return values[name]
    return None
