"""Management commands with `--as USERNAME` ask access.py as that person and record them, as the browser would;
without it they act as the system (the administrator at the server's shell)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cchc.core.models import AuditEntry
from cchc.plans.models import Plan
from cchc.plans.services import export_plan_json
from tests.security.conftest import World

pytestmark = pytest.mark.django_db


def _draft(w: World) -> None:
    """The Tuyên Quang plan back to a draft, which an import may overwrite."""
    Plan.objects.filter(pk=w.away.plan.pk).update(status="draft")


def _json_file(tmp_path: Path, data: dict[str, object]) -> str:
    path = tmp_path / "ke-hoach.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_importing_json_as_another_provinces_owner_changes_nothing(w: World, tmp_path: Path) -> None:
    target = w.away.plan
    _draft(w)
    raw = {**export_plan_json(target), "title": "Kế hoạch đã bị chiếm", "activities": []}
    with pytest.raises(CommandError, match="cơ quan khác"):
        call_command("import_plan_json", _json_file(tmp_path, raw), "--as", w.home.owner.username)
    target.refresh_from_db()
    assert target.title.startswith(w.away.mark) and target.activities.exists()


def test_a_plans_own_owner_updates_it_by_command_and_the_log_names_them(w: World, tmp_path: Path) -> None:
    _draft(w)
    raw = {**export_plan_json(w.away.plan), "title": f"{w.away.mark}-KH bản cập nhật"}
    out = io.StringIO()
    call_command("import_plan_json", _json_file(tmp_path, raw), "--as", w.away.owner.username, stdout=out)
    assert out.getvalue().strip() == str(w.away.plan.pk)
    assert AuditEntry.objects.filter(actor=w.away.owner).latest("pk").object_id == str(w.away.plan.pk)


def test_export_as_a_person_reads_only_what_they_may_read(w: World) -> None:
    with pytest.raises(CommandError, match="không được xem"):
        call_command("export_plan", w.away.plan.pk, "--as", w.home.officer.username, stdout=io.StringIO())
    out = io.StringIO()
    call_command("export_plan", w.away.plan.pk, "--as", w.away.officer.username, stdout=out)
    assert json.loads(out.getvalue())["number"] == w.away.plan.number


def test_reporting_documents_need_the_right_to_change_the_plan(w: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="không được sửa"):
        call_command("reporting_documents", w.away.plan.pk, "--out", str(tmp_path), "--as", w.away.officer.username)
    assert not list(tmp_path.iterdir())


def test_an_unknown_or_inactive_account_is_refused(w: World, tmp_path: Path) -> None:
    w.away.leader.is_active = False
    w.away.leader.save(update_fields=["is_active"])
    for name in ("khong-co-ai", w.away.leader.username):
        with pytest.raises(CommandError, match=f"Không có tài khoản đang hoạt động «{name}»"):
            call_command("export_plan", w.away.plan.pk, "--as", name, stdout=io.StringIO())
