"""Two territories built once per test process for the attack tests: Chợ Đồn district (home) and Tuyên Quang province
(another province), each with an issued plan, results with evidence, Excel imports, a submitted and a draft unit
report, a document import and a progress statement, made through the services as their users would.

Every object that only some people may read carries a marker text, so a test can look for it in any page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from cchc.accounts.models import Role, User
from cchc.contests import services as contests
from cchc.execution import excel
from cchc.execution.models import Assignment, Evidence, LoggedResult, ResultImport
from cchc.execution.services import (
    ResultInput,
    add_evidence,
    check_result_import,
    log_result,
    set_evidence_public,
    state_progress,
)
from cchc.feedback import services as feedback
from cchc.inspections.services import create_round as create_inspection
from cchc.plans.importing.services import create_import
from cchc.plans.models import Plan
from cchc.plans.seeds import load_seed_plan
from cchc.plans.services import add_body_node, save_activity, update_plan
from cchc.publishing import services as publishing
from cchc.publishing.services import PieceInput
from cchc.questions.tests.factories import filled_bank, standard_rows
from cchc.reporting import services as reporting
from cchc.reporting.models import ReportingPeriod, UnitReport
from cchc.reporting.services import issue_plan
from cchc.surveys import services as surveys
from cchc.units.models import Unit
from conftest import OTHER_WORLDS, seed_plan_json

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclasses.dataclass
class Territory:
    """One locality's plan and people. `ids` name every object of the plan by the URL parameter that takes it;
    `unit_ids[n]` the objects of one unit only (1: the officer's unit, 2: the other officer's unit)."""

    plan: Plan
    owner: User
    officer: User
    other_officer: User
    leader: User
    ids: dict[str, int | str]
    unit_ids: dict[int, dict[str, int | str]]
    mark: str

    def marks(self, *parts: str) -> list[str]:
        """Marker texts: 'KH' the plan, 'DV1'/'DV2' each unit's results, files and reports, 'NHAP' the draft."""
        return [f"{self.mark}-{p}" for p in parts]


@dataclasses.dataclass
class World:
    home: Territory
    away: Territory
    admin: User
    public: User


def _user(username: str, role: str, unit: Unit | None) -> User:
    return User.objects.create(
        username=username, role=role, unit=unit, is_superuser=role == Role.ADMIN, is_staff=role == Role.ADMIN
    )


def _workbook(assignment: Assignment, title: str, day: dt.date) -> bytes:
    """The unit's own results template with one filled row, as an officer would send it back."""
    book = load_workbook(io.BytesIO(excel.build_template([assignment])))
    conference = "Hội nghị, tập huấn, hội thảo, tọa đàm"
    book["Kết quả"].append([assignment.pk, "", "", day.strftime("%d/%m/%Y"), conference, title, "", 30])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _territory(stem: str, prefix: str, office: str, other_office: str) -> Territory:
    mark = f"MAT{prefix.upper()}"
    plan = load_seed_plan(None, seed_plan_json(stem)).plan
    issuer = plan.issuer_unit
    assert issuer is not None and plan.owner_unit is not None
    owner = _user(f"{prefix}_noivu", Role.OWNER, plan.owner_unit)
    officer = _user(f"{prefix}_canbo1", Role.OFFICER, Unit.objects.get(parent=issuer, name=office))
    other = _user(f"{prefix}_canbo2", Role.OFFICER, Unit.objects.get(parent=issuer, name=other_office))
    leader = _user(f"{prefix}_lanhdao", Role.LEADER, issuer)
    update_plan(owner, plan, title=f"{mark}-KH {plan.title}")
    issue_plan(owner, plan)
    day = plan.period_start + dt.timedelta(days=20)
    unit_ids: dict[int, dict[str, int | str]] = {}
    for n, user in ((1, officer), (2, other)):
        assignment = Assignment.objects.filter(plan=plan, unit=user.unit, is_active=True).order_by("pk")[0]
        title = f"{mark}-DV{n} hội nghị"
        result = log_result(user, assignment, ResultInput(date=day, kind="conference", title=title, participants=9))
        add_evidence(user, result.result, [SimpleUploadedFile(f"{mark}-DV{n}-bien-ban.pdf", PDF)])
        upload = SimpleUploadedFile(f"{mark}-DV{n}-ket-qua.xlsx", _workbook(assignment, f"{title} excel", day))
        imported = check_result_import(user, plan, upload, [assignment])
        state_progress(user, assignment, 40, note=f"{mark}-DV{n} tiến độ")
        unit_ids[n] = {
            "item_id": _feedback_item(owner, user.unit, f"{mark}-DV{n} phản ánh về thủ tục"),
            "assignment_id": assignment.pk,
            "result_id": result.result.pk,
            "evidence_id": Evidence.objects.get(result=result.result).pk,
            "import_id": imported.pk,
        }
    periods = reporting.sync_periods(owner, plan) or [
        reporting.add_period(
            owner, plan, title="Báo cáo đột xuất", start=plan.period_start, end=plan.period_end, due=plan.period_end
        )
    ]
    period = periods[0]
    submitted = reporting.open_report(officer, period, officer.unit)
    reporting.save_report(
        officer,
        submitted,
        results=f"{mark}-DV1 báo cáo đã nộp",
        symbol=reporting.proposed_symbol(officer.unit),
        signer_name="Nguyễn Văn An",
    )
    reporting.submit_report(officer, submitted)
    draft = reporting.open_report(other, period, other.unit)
    reporting.save_report(other, draft, results=f"{mark}-NHAP {mark}-DV2 bản nháp chưa nộp")
    unit_ids[1]["report_id"], unit_ids[2]["report_id"] = submitted.pk, draft.pk
    (photo,) = add_evidence(officer, LoggedResult.objects.get(pk=unit_ids[1]["result_id"]), [_png()])
    set_evidence_public(officer, photo, True)  # shown on the plan's public page once the plan is published
    for year in reporting.plan_years(plan):
        reporting.compute_scores(owner, plan, year)
    unit_ids[1]["unit_id"], unit_ids[2]["unit_id"] = officer.unit.pk, other.unit.pk  # each unit's score
    document = create_import(owner, f"{mark}-KH-van-ban.txt", b"KE HOACH")
    pieces = []
    for channel in ("portal", "poster"):
        text = PieceInput(f"{mark}-DV1 tin {channel}", f"{mark}-DV1 nội dung", day, [channel])
        piece = publishing.create_piece(
            officer, officer.unit, text, Assignment.objects.get(pk=unit_ids[1]["assignment_id"])
        )
        publishing.submit_piece(officer, piece)
        pieces.append(publishing.approve_piece(leader, piece))
    (poster,) = publishing.publish_piece(officer, pieces[1])
    publishing.send_publication(poster.pk)
    sketch = publishing.create_piece(officer, officer.unit, PieceInput(f"{mark}-DV1 nháp có ảnh", "…", day, ["portal"]))
    picture = publishing.add_image(officer, sketch, _png(), f"{mark}-DV1 ảnh hội nghị của đơn vị")
    activity = save_activity(owner, plan, content=f"{mark}-KH tọa đàm", lead=[office])
    node = add_body_node(owner, plan, type_="section", label="I.", text=f"{mark}-KH MỤC ĐÍCH, YÊU CẦU")
    contest_ids = _contest(owner, officer, mark)
    inspection = create_inspection(
        owner,
        plan,
        title=f"{mark}-KT đợt kiểm tra",
        start=plan.period_start,
        end=plan.period_end,
        team=[f"{mark}-KT trưởng đoàn"],
        units=[officer.unit, other.unit],
    )
    ids: dict[str, int | str] = {
        **contest_ids,
        **unit_ids[1],
        "plan_id": plan.pk,
        "activity_id": activity.pk,
        "mention_id": plan.mentions.order_by("pk")[0].pk,
        "node_id": node["id"],
        "period_id": period.pk,
        "plan_import_id": document.pk,
        "inspection_id": inspection.pk,
        "piece_id": pieces[0].pk,
        "publication_id": poster.pk,
        "image_id": picture.pk,
        "photo_id": photo.pk,
    }
    return Territory(plan, owner, officer, other, leader, ids, unit_ids, mark)


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 160)).save(out, format="PNG")
    return SimpleUploadedFile("anh.png", out.getvalue(), content_type="image/png")


def _feedback_item(owner: User, unit: Unit, content: str) -> int:
    """A citizen's feedback item, sorted by the owner office to the unit."""
    item, _ = feedback.submit(
        None,
        feedback.Submission(topic="procedure", content=content, sender_name="Phạm Thị Dung", sender_phone="0912000111",
                            consent=True),
    )  # fmt: skip
    return feedback.route(owner, item, unit).pk


def _contest(owner: User, officer: User, mark: str) -> dict[str, int | str]:
    """The owner office's question bank and contest, with a round that closed an hour ago and one attempt; its
    satisfaction survey."""
    bank = filled_bank(owner, owner.unit, standard_rows(), name=f"{mark}-KH ngân hàng câu hỏi")
    contest = contests.create_contest(owner, title=f"{mark}-KH cuộc thi", description="", bank=bank)
    now = timezone.now()
    round_ = contests.add_round(
        owner,
        contest,
        contests.RoundInput(now - dt.timedelta(days=1), now - dt.timedelta(hours=1), 30, easy_count=3),
    )
    entrant = contests.Registration(f"{mark}-DV1 thí sinh", "001099012345", str(officer.unit_id))
    attempt = contests.start_attempt(round_, entrant, client_ip=None, now=now - dt.timedelta(hours=5))
    survey = surveys.create_survey(owner, owner.unit, surveys.SurveyInput(f"{mark}-KH khảo sát", now))
    return {
        "survey_id": survey.pk,
        "bank_id": bank.pk,
        "bank_import_id": bank.imports.get().pk,
        "question_id": bank.questions.order_by("pk")[0].pk,
        "contest_id": contest.pk,
        "round_id": round_.pk,
        "attempt_id": attempt.pk,
    }


def _build() -> World:
    home = _territory("001", "cd", "Phòng Tư pháp", "Phòng Văn hóa và Thông tin")
    away = _territory("002", "tq", "Sở Văn hóa, Thể thao và Du lịch", "Sở Tư pháp")
    assert LoggedResult.objects.count() == 4 and ResultImport.objects.count() == 4
    assert UnitReport.objects.count() == 4 and ReportingPeriod.objects.exists()
    return World(home, away, _user("quantri", Role.ADMIN, None), _user("nguoidan", Role.PUBLIC, None))


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path_factory: Any) -> None:
    settings.MEDIA_ROOT = _media_root(tmp_path_factory)


def _media_root(tmp_path_factory: Any) -> Any:
    return tmp_path_factory.getbasetemp() / "security-media"


def _build_territories(request: Any) -> World:
    """The territories, files under the session's security-media folder; question content is cached by id and
    SQLite gives the rows of rolled-back territories to the next build, so the cache starts empty."""
    from django.conf import settings

    media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, _media_root(request.getfixturevalue("tmp_path_factory"))
    cache.clear()
    try:
        return _build()
    finally:
        settings.MEDIA_ROOT = media


OTHER_WORLDS["territories"] = _build_territories


@pytest.fixture
def territories(world: Any, db: Any) -> World:
    """Built from an empty database once per test process, in a transaction the root conftest keeps open for the
    tests asking for it (the security tests run one after the other) and rolls back when another test comes."""
    built: World = world.built("territories")
    return built


@pytest.fixture
def w(territories: World, db: Any) -> World:
    """The two territories; what a test changes is rolled back after it."""
    return territories
