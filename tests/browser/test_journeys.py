"""Each role's main journey in a real browser, then axe-core on the main pages; screenshots at 1366 and 390 px.

One test walks the plan's life across roles (the live server's database is built once for it): the owner issues
the plan; the officer logs a result with an evidence photo, imports results from Excel and writes, checks and
submits the unit's report (a double click submits once); the owner accepts it; the leader reads the overview; the
citizen asks the assistant. A second test runs axe-core on the 20 main pages.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from PIL import Image

from cchc.core.models import AuditEntry
from cchc.execution import excel
from cchc.execution.models import Assignment, LoggedResult, ResultKind
from cchc.execution.services import add_evidence, set_evidence_public
from cchc.plans.models import Plan
from cchc.reporting.models import ReportStatus, UnitReport
from tests.browser.conftest import Browser

NO_SIDEWAYS = "the page scrolls sideways"


def _photo(folder: Path) -> Path:
    path = folder / "hoi-nghi.png"
    Image.new("RGB", (64, 48), (11, 79, 138)).save(path)
    return path


def _filled_template(folder: Path, assignments: list[Assignment]) -> Path:
    """The Excel template of the officer's assignments with one result written in, as an officer would."""
    book = load_workbook(io.BytesIO(excel.build_template(assignments)))
    sheet = book[excel.SHEET]
    column = {name: index for index, (name, _, _) in enumerate(excel.COLUMNS, start=1)}
    values = {
        "assignment": assignments[0].pk,
        "date": "15/06/2024",
        "kind": str(ResultKind.PORTAL_NEWS.label),
        "title": "Tin bài về dịch vụ công trực tuyến",
    }
    for name, value in values.items():
        sheet.cell(2, column[name]).value = value
    path = folder / "ket-qua.xlsx"
    book.save(path)
    return path


def _assert_fits(widths: dict[int, int]) -> None:
    for inner, scroll in widths.items():
        assert scroll <= inner, f"{NO_SIDEWAYS}: {scroll} px in a {inner} px window"


def test_the_plan_year_across_roles(browser: Browser, world_seeded: Any, tmp_path: Path, small_corpus: Path) -> None:
    cast = world_seeded
    plan = cast.plan
    # The owner: the home page asks to issue the draft plan; issuing it is one confirmed step.
    browser.log_in(cast.owner.username)
    assert browser.path == "/trang-cua-toi/" and "Kế hoạch cần ban hành" in browser.text()
    _assert_fits(browser.shot("owner-home-draft"))
    browser.click(browser.find("#h-drafts ~ ul.task-list a"))
    browser.click(browser.find(f"a[href='/ke-hoach/{plan.pk}/ban-hanh/']"))
    _assert_fits(browser.shot("owner-issue"))
    browser.click(browser.button("Ban hành"))
    browser.wait_for("Đã ban hành")
    _assert_fits(browser.shot("owner-dashboard"))
    assert Plan.objects.get(pk=plan.pk).status == "issued"

    # The officer: a task from the home page, a result with an evidence photo.
    browser.log_in(cast.officer.username)
    text = browser.text()
    assert "Nhiệm vụ của đơn vị" in text and "Báo cáo cần viết" in text
    _assert_fits(browser.shot("officer-home"))
    browser.click(browser.finds("#h-tasks ~ ul.task-list a")[0])
    assert browser.path.startswith("/thuc-hien/nhiem-vu/")
    browser.find("#id_date").send_keys("05032024")
    browser.type("#id_title", "Hội nghị tuyên truyền CCHC cho cán bộ xã")
    browser.find("#id_evidence").send_keys(str(_photo(tmp_path)))
    browser.click(browser.button("Ghi nhận kết quả"))
    browser.wait_for("Đã ghi nhận kết quả")
    _assert_fits(browser.shot("officer-assignment"))

    # Excel: the template of the unit's assignments, filled and uploaded, checked, then committed.
    mine = list(Assignment.objects.filter(plan=plan, unit=cast.officer_unit, is_active=True).order_by("ref"))
    browser.go(f"/thuc-hien/ke-hoach/{plan.pk}/nhap-excel/")
    browser.find("input[type=file]").send_keys(str(_filled_template(tmp_path, mine)))
    browser.click(browser.finds("main form button[type=submit]")[-1])
    assert browser.path.startswith("/thuc-hien/nhap-excel/")
    _assert_fits(browser.shot("officer-import"))
    browser.click(browser.button("Ghi nhận"))
    browser.wait_for("Đã ghi nhận 1 kết quả")

    # The report: from the home page's list, opened, written, checked, submitted with a double click.
    browser.go("/trang-cua-toi/")
    browser.click(browser.finds("#h-reports ~ ul.task-list a")[0])
    if browser.path.startswith("/bao-cao/ky/"):
        browser.click(browser.button("Lập báo cáo"))
    assert browser.path.startswith("/bao-cao/don-vi/")
    browser.type("#id_results", "Đã tổ chức 01 hội nghị với 120 đại biểu.")
    browser.type("#id_limitations", "Kinh phí còn hạn chế.")
    browser.type("#id_signer_name", "Nguyễn Văn An")
    browser.click(browser.button("Lưu và kiểm tra trước khi nộp"))
    assert browser.path.endswith("/kiem-tra/") and "Kinh phí còn hạn chế." in browser.text()
    _assert_fits(browser.shot("officer-report-check"))
    browser.click(browser.button("Xác nhận và nộp báo cáo"), times=2)
    browser.wait_for("Đã nộp báo cáo.")
    report = UnitReport.objects.get(unit=cast.officer_unit, status=ReportStatus.SUBMITTED)
    assert AuditEntry.objects.filter(action="reporting.unit_report.submitted", object_id=str(report.pk)).count() == 1
    browser.driver.back()
    assert "Xác nhận và nộp báo cáo" not in browser.text()

    # The owner accepts it from the home page.
    browser.log_in(cast.owner.username)
    browser.click(browser.find("#h-review ~ ul.task-list a"))
    browser.click(browser.button("Tiếp nhận"))
    browser.wait_for("Đã tiếp nhận báo cáo")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED

    # The leader reads the overview.
    browser.log_in(cast.leader.username)
    assert "Toàn cảnh các kế hoạch" in browser.text() and plan.title[:30] in browser.text()
    _assert_fits(browser.shot("leader-home"))

    # The citizen: their own page (not the staff one), a question to the assistant.
    browser.log_in(cast.public.username)
    assert "Trang của tôi" in browser.text() and "Việc của tôi" not in browser.text()
    browser.type("#my-question", "làm giấy khai sinh cho con cần giấy tờ gì")
    browser.click(browser.button("Hỏi trợ lý ảo"))
    browser.wait_for("Thủ tục đăng ký khai sinh")
    _assert_fits(browser.shot("citizen-assistant"))


def _main_pages(cast: Any) -> list[tuple[str, str]]:
    """(user or '' for anonymous, path) of the main pages."""
    plan = cast.plan
    report = UnitReport.objects.filter(unit=cast.officer_unit).first()
    assignment = Assignment.objects.filter(plan=plan, unit=cast.officer_unit).order_by("ref").first()
    assert report is not None and assignment is not None
    period = report.period
    owner, officer, leader = cast.owner.username, cast.officer.username, cast.leader.username
    citizen = cast.public.username
    return [
        ("", "/"),
        ("", "/ke-hoach-cong-khai/"),
        ("", f"/thuc-hien/cong-khai/{plan.pk}/"),
        ("", "/tro-ly-ao/"),
        ("", "/thu-tuc/"),
        ("", "/tai-khoan/dang-nhap/"),
        (owner, "/trang-cua-toi/"),
        (owner, "/ke-hoach/"),
        (owner, f"/ke-hoach/{plan.pk}/"),
        (owner, f"/ke-hoach/{plan.pk}/lich-su/"),
        (owner, f"/thuc-hien/ke-hoach/{plan.pk}/"),
        (owner, f"/thuc-hien/ke-hoach/{plan.pk}/don-vi/"),
        (owner, f"/bao-cao/ky/{period.pk}/"),
        (owner, f"/bao-cao/ke-hoach/{plan.pk}/cham-diem/"),
        (owner, f"/bao-cao/ke-hoach/{plan.pk}/cham-diem/don-vi/{cast.officer_unit.pk}/?nam=2024"),
        (owner, f"/bao-cao/ke-hoach/{plan.pk}/tieu-chi/"),
        (owner, f"/bao-cao/ky/{period.pk}/tong-hop/xem-truoc/"),
        (officer, "/trang-cua-toi/"),
        (officer, "/thuc-hien/"),
        (officer, f"/thuc-hien/nhiem-vu/{assignment.pk}/"),
        (officer, f"/bao-cao/don-vi/{report.pk}/"),
        (officer, f"/bao-cao/don-vi/{report.pk}/kiem-tra/"),
        (leader, "/trang-cua-toi/"),
        (citizen, "/trang-cua-toi/"),
    ]


def test_the_main_pages_have_no_serious_accessibility_violation(
    browser: Browser, world_reported: Any, tmp_path: Path
) -> None:
    from cchc.reporting import services

    cast = world_reported
    Plan.objects.filter(pk=cast.plan.pk).update(is_public=True)
    report = services.open_report(cast.officer, cast.plan.reporting_periods.get(kind="annual"), cast.officer_unit)
    services.save_report(cast.officer, report, results="Đã thực hiện.", signer_name="Nguyễn Văn An")
    services.compute_scores(cast.owner, cast.plan, 2024)
    # A picture the unit made public, shown on the public progress page.
    result = LoggedResult.objects.filter(plan=cast.plan, unit=cast.officer_unit).first()
    assert result is not None
    upload = SimpleUploadedFile("hoi-nghi.png", _photo(tmp_path).read_bytes(), content_type="image/png")
    (photo,) = add_evidence(cast.officer, result, [upload])
    set_evidence_public(cast.officer, photo, True)
    problems = []
    current = None
    for user, path in _main_pages(cast):
        if user != current:
            browser.driver.delete_all_cookies()
            if user:
                browser.log_in(user)
            current = user
        browser.go(path)
        assert "Lỗi máy chủ" not in browser.text(), path
        for violation in browser.axe():
            targets = [", ".join(n.get("target", [])) for n in violation.get("nodes", [])][:3]
            problems.append(f"{path}: {violation['id']} ({violation['impact']}) {violation['help']} — {targets}")
        name = (user or "public") + path.strip("/").replace("/", "-")
        _assert_fits(browser.shot(f"axe-{name or 'home'}"))
    assert not problems, "\n".join(problems)
