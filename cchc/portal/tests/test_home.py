"""Each person's home page: what to do next by role, what changed since the last visit, and who sees what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cchc.accounts.models import Role, User
from cchc.portal import selectors, services
from cchc.reporting import services as reporting
from cchc.reporting.models import ReportingPeriod, ReportStatus

# The Chợ Đồn 2024 plan of the seed world: its windows and reporting periods are all past on this day.
TODAY = dt.date(2024, 12, 20)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _submitted(cast: Any) -> Any:
    period = ReportingPeriod.objects.get(plan=cast.plan, kind="annual")
    report = reporting.open_report(cast.officer, period, cast.officer_unit)
    reporting.save_report(cast.officer, report, results="Đã thực hiện đầy đủ.", signer_name="Nguyễn Văn An")
    return reporting.submit_report(cast.officer, report)


def test_login_lands_on_the_home_page_and_the_citizen_never_gets_the_staff_menu(world_seeded: Any) -> None:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "nguoidan", "password": "matkhau-thu-nghiem-2025"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:my_home")
    page = client.get(reverse("portal:my_home")).content.decode()
    assert "Trang của tôi" in page and "Hỏi trợ lý ảo" in page
    assert reverse("plans:list") not in page and reverse("reporting:index") not in page
    # A staff page reached by its address keeps the citizen's menu, not the staff one.
    staff_page = client.get(reverse("plans:list")).content.decode()
    assert reverse("execution:my_work") not in staff_page


def test_an_officer_without_a_unit_is_told_why_nothing_shows(world_seeded: Any) -> None:
    lost = User.objects.create_user("lacdonvi", password="x-matkhau-2025", role=Role.OFFICER)
    page = _client(lost).get(reverse("portal:my_home")).content.decode()
    assert "chưa được gắn với đơn vị nào" in page and 'role="alert"' in page


def test_the_officer_sees_open_tasks_by_due_date_and_the_reports_to_write(world_reported: Any) -> None:
    desk = selectors.desk(world_reported.officer, TODAY, None)
    assert desk.tasks and desk.tasks_total >= len(desk.tasks)
    dues = [line.occurrence.due for line in desk.tasks]
    assert dues == sorted(dues)
    assert all(line.assignment.unit_id == world_reported.officer_unit.pk for line in desk.tasks)
    assert desk.tasks_late > 0  # the seed world logged only three results: most windows are missing
    assert {t.period.kind for t in desk.reports_todo} >= {"annual"}
    assert not desk.to_review and not desk.drafts and not desk.overview  # not an owner's or a leader's panels


def test_a_returned_report_comes_first_with_the_owners_comment_and_a_banner(world_reported: Any) -> None:
    cast = world_reported
    report = _submitted(cast)
    since = services.record_home_visit(cast.officer)  # first visit: nothing to compare with
    assert since is None
    reporting.return_report(cast.owner, report, "Bổ sung số liệu hội nghị.")
    page = _client(cast.officer).get(reverse("portal:my_home")).content.decode()
    assert "Có gì mới từ lần trước" in page
    assert "bị trả lại để bổ sung: Bổ sung số liệu hội nghị." in page
    desk = selectors.desk(cast.officer, TODAY, None)
    assert desk.reports_todo[0].report == report and desk.reports_todo[0].returned
    # The next visit has nothing new.
    page = _client(cast.officer).get(reverse("portal:my_home")).content.decode()
    assert "Có gì mới từ lần trước" not in page


def test_the_owner_sees_reports_waiting_for_review_and_a_banner_for_new_ones(world_reported: Any) -> None:
    cast = world_reported
    services.record_home_visit(cast.owner, timezone.now() - dt.timedelta(days=1))
    report = _submitted(cast)
    desk = selectors.desk(cast.owner, TODAY, timezone.now() - dt.timedelta(hours=1))
    assert report in desk.to_review
    assert any("1 báo cáo mới được nộp" in b.text for b in desk.banners)
    annual = next(line for line in desk.periods if line.period.kind == "annual")
    assert annual.submitted == 1 and annual.expected > 1
    page = _client(cast.owner).get(reverse("portal:my_home")).content.decode()
    assert "Báo cáo chờ tiếp nhận" in page and reverse("reporting:report", args=[report.pk]) in page


def test_the_owner_is_asked_to_issue_a_draft_plan(world_seeded: Any) -> None:
    desk = selectors.desk(world_seeded.owner, TODAY, None)
    assert [p.pk for p in desk.drafts] == [world_seeded.plan.pk]


def test_the_leader_has_an_overview_of_every_plan_with_units_behind(world_reported: Any) -> None:
    desk = selectors.desk(world_reported.leader, TODAY, None)
    (overview,) = desk.overview
    assert overview.plan == world_reported.plan
    assert overview.expected > 0 and overview.completion is not None and overview.completion < 50
    assert (
        overview.units_behind and overview.units_behind[0].late_or_missing >= overview.units_behind[-1].late_or_missing
    )
    page = _client(world_reported.leader).get(reverse("portal:my_home")).content.decode()
    assert "Toàn cảnh các kế hoạch" in page and reverse("execution:dashboard", args=[overview.plan.pk]) in page


@pytest.mark.parametrize("role", ["other_officer", "outsider"])
def test_no_one_sees_another_units_tasks_or_reports(world_reported: Any, role: str) -> None:
    cast = world_reported
    report = _submitted(cast)
    reporting.return_report(cast.owner, report, "Thiếu số liệu.")
    user = getattr(cast, role)
    desk = selectors.desk(user, TODAY, timezone.now() - dt.timedelta(days=30))
    assert all(line.assignment.unit_id == user.unit_id for line in desk.tasks)
    assert all(t.report is None or t.report.unit_id == user.unit_id for t in desk.reports_todo)
    assert not any("Thiếu số liệu" in b.text for b in desk.banners)
    page = _client(user).get(reverse("portal:my_home")).content.decode()
    assert "Thiếu số liệu" not in page


def test_anonymous_visitors_are_sent_to_log_in(db: Any) -> None:
    response = Client().get(reverse("portal:my_home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_visit_marker_keeps_only_the_latest_visit(world_seeded: Any) -> None:
    user = world_seeded.officer
    first = timezone.now() - dt.timedelta(days=2)
    assert services.record_home_visit(user, first) is None
    assert services.record_home_visit(user) == first
    assert user.home_visit.seen_at > first


def test_reports_accepted_do_not_stay_on_the_list(world_reported: Any) -> None:
    cast = world_reported
    report = _submitted(cast)
    reporting.accept_report(cast.owner, report)
    desk = selectors.desk(cast.officer, TODAY, None)
    assert all(t.report != report for t in desk.reports_todo)
    assert report.__class__.objects.get(pk=report.pk).status == ReportStatus.ACCEPTED


def test_the_owner_is_not_asked_to_write_unit_reports_on_its_own_plan(world_reported: Any) -> None:
    # The owner office reports on its own plan through the consolidated report, never a unit report.
    cast = world_reported
    assert cast.owner.unit_id == cast.plan.owner_unit_id
    desk = selectors.desk(cast.owner, TODAY, None)
    assert all(t.period.plan_id != cast.plan.pk for t in desk.reports_todo)
    page = _client(cast.owner).get(reverse("portal:my_home")).content.decode()
    assert "Không có báo cáo nào phải viết trong 30 ngày tới." in page
