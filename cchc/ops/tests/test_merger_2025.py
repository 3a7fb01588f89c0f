"""The 1 July 2025 merger: a commune merged that day moves with its history, an abolished district waits for a
decision, the move is all or nothing and a second run does nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cchc.accounts.models import Role
from cchc.core.models import AuditEntry
from cchc.execution.models import Assignment, LoggedResult, Occurrence
from cchc.execution.services import ResultInput, issue_plan, log_result
from cchc.ops import services
from cchc.ops.services import MergerError, apply_merger, plan_merger
from cchc.plans.models import Plan
from cchc.units.models import Unit, UnitKind
from cchc.units.services import import_admin_units
from conftest import make_user

DAY = dt.date(2025, 7, 1)


@pytest.fixture
def running(cast: Any) -> Any:
    """Chợ Đồn's plan stretched over the reorganisation and issued; Thái Nguyên (Bắc Kạn's successor) imported."""
    Plan.objects.filter(pk=cast.plan.pk).update(period_end=dt.date(2025, 12, 31))
    cast.plan.refresh_from_db()
    issue_plan(cast.owner, cast.plan)
    import_admin_units(None, "after", ["Thái Nguyên"])
    return cast


def merged_commune_assignment(cast: Any) -> Assignment:
    """An activity assignment of a Chợ Đồn commune wholly merged into a new commune on 1 July 2025."""
    return (
        Assignment.objects.filter(
            plan=cast.plan, unit__kind=UnitKind.COMMUNE, unit__successor__isnull=False, activity__isnull=False
        )
        .select_related("unit__successor")
        .order_by("unit__name", "pk")
        .first()
    )


def log(cast: Any, assignment: Assignment, day: dt.date, title: str) -> LoggedResult:
    outcome = log_result(cast.admin, assignment, ResultInput(date=day, kind="loudspeaker", title=title, broadcasts=3))
    return outcome.result


def test_a_merged_commune_moves_with_its_history(running: Any) -> None:
    cast = running
    assignment = merged_commune_assignment(cast)
    old, new = assignment.unit, assignment.unit.successor
    officer = make_user("canbo_xa", Role.OFFICER, old)
    before = log(cast, assignment, dt.date(2024, 5, 2), "Phát thanh về dịch vụ công trực tuyến")
    after = log(cast, assignment, dt.date(2025, 7, 20), "Phát thanh về chính quyền hai cấp")

    dry = {m.old.pk: m for m in plan_merger()}
    assert dry[old.pk].new == new and dry[old.pk].counts["assignments"] >= 1 and dry[old.pk].counts["users"] == 1
    district = cast.plan.issuer_unit
    assert dry[district.pk].needs_decision  # districts are gone: someone chooses who takes over
    assert dry[cast.officer_unit.pk].needs_decision
    assert LoggedResult.objects.get(pk=after.pk).unit == old  # the dry run moved nothing

    apply_merger(cast.admin)
    assignment.refresh_from_db()
    officer.refresh_from_db()
    assert assignment.unit == new and officer.unit == new
    assert LoggedResult.objects.get(pk=after.pk).unit == new
    # History stays as it was: the 2024 result and the windows before the day keep the commune of the time.
    assert LoggedResult.objects.get(pk=before.pk).unit == old
    windows = Occurrence.objects.filter(assignment=assignment)
    assert {o.unit_id for o in windows if o.due < DAY} == {old.pk}
    assert {o.unit_id for o in windows if o.due >= DAY} == {new.pk}
    # The assignment is the successor's now; its old result still names the old commune.
    kept = LoggedResult.objects.select_related("assignment__unit", "unit").get(pk=before.pk)
    assert kept.assignment.unit == new and kept.unit.name == old.name != new.name
    assert AuditEntry.objects.filter(action="units.unit.merged", object_id=str(old.pk)).count() == 1
    # The successor's officer sees the assignment and its whole history.
    successor_officer = make_user("canbo_xa_moi", Role.OFFICER, new)
    from cchc.execution.access import readable_results

    assert set(readable_results(successor_officer).values_list("pk", flat=True)) >= {before.pk, after.pk}
    # A second run moves nothing: only the units waiting for a decision are left.
    entries = AuditEntry.objects.count()
    assert apply_merger(cast.admin) == [] and AuditEntry.objects.count() == entries
    assert all(m.needs_decision for m in plan_merger())


def test_an_abolished_district_moves_once_an_administrator_decides(client: Any, running: Any) -> None:
    cast = running
    district = cast.plan.issuer_unit
    province = Unit.objects.get(code__startswith="after:p:", locality="Thái Nguyên")
    pending = {m.old.pk: m for m in plan_merger()}[district.pk]
    assert province in pending.candidates
    url = reverse("merger:page")
    for user in (cast.owner, cast.officer, cast.leader):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {f"decide_{district.pk}": province.pk}).status_code == 404
    client.force_login(cast.admin)
    page = client.get(url).content.decode()
    assert "Cần quyết định" in page and district.name in page and "Sẽ chuyển" in page
    client.post(url, {f"decide_{district.pk}": province.pk})
    cast.officer.refresh_from_db()
    # Phòng Tư pháp of the district goes to a body of the same name under the chosen successor, created there.
    assert cast.officer.unit.name == "Phòng Tư pháp" and cast.officer.unit.parent == province
    assert cast.officer.unit.pk != cast.officer_unit.pk
    assert not [m for m in plan_merger({district.pk: province.pk})]
    cast.plan.refresh_from_db()
    assert cast.plan.owner_unit.parent == province  # the plan is followed by the successor's office


def test_the_move_is_all_or_nothing(running: Any, monkeypatch: Any) -> None:
    cast = running
    assignment = merged_commune_assignment(cast)
    calls = {"n": 0}
    real = services.log_action

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("mất kết nối CSDL giữa chừng")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "log_action", failing)
    with pytest.raises(RuntimeError):
        apply_merger(cast.admin)
    assignment.refresh_from_db()
    assert (
        not Assignment.objects.filter(plan=cast.plan, unit__successor__isnull=False, is_active=True)
        .exclude(unit__kind=UnitKind.DISTRICT)
        .filter(unit__valid_from__gte=DAY)
        .exists()
    )
    assert assignment.unit.valid_until is not None  # still the old commune


def test_a_decision_for_a_unit_that_does_not_exist_is_refused(cast: Any) -> None:
    district = cast.plan.issuer_unit
    with pytest.raises(MergerError, match="không tồn tại hoặc đã hết hiệu lực"):
        apply_merger(cast.admin, {district.pk: 10**9})
    with pytest.raises(MergerError):
        apply_merger(cast.admin, {district.pk: district.parent.pk})  # Bắc Kạn itself ended that day
    with pytest.raises(CommandError, match="MÃ_ĐƠN_VỊ_CŨ=MÃ_ĐƠN_VỊ_MỚI"):
        call_command("merge_units", "--decide", "Chợ Đồn=Thái Nguyên")


def test_the_command_lists_then_moves(running: Any, capsys: Any) -> None:
    call_command("merge_units")
    dry = capsys.readouterr().out
    assert "CHUYỂN" in dry and "CẦN QUYẾT ĐỊNH" in dry and "Chạy thử:" in dry
    call_command("merge_units", "--apply")
    assert "Đã chuyển" in capsys.readouterr().out
    call_command("merge_units", "--apply")
    assert "Đã chuyển 0 đơn vị" in capsys.readouterr().out
