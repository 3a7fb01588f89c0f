"""An officer sees only their unit's items and only the handling unit sees the sender's personal data (each look
audited); leaders approve under their committee; the owner sorts; strangers and the public see nothing."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cchc.core import files
from cchc.core.inputs import InputError
from cchc.core.models import AuditEntry
from cchc.feedback import access, services
from cchc.feedback.models import Topic

from .conftest import Desk, submit


def client_for(user: object) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.mark.django_db
def test_each_person_reads_and_changes_only_what_is_theirs(desk: Desk) -> None:
    cast = desk.cast
    item = submit(desk)  # routed to the justice office
    page = reverse("feedback:item", args=[item.pk])
    for user in (cast.officer, cast.owner, cast.leader, cast.admin):
        assert client_for(user).get(page).status_code == 200, user
    for user in (cast.other_officer, cast.outsider):
        assert client_for(user).get(page).status_code == 404, user
        assert item.code not in client_for(user).get(reverse("feedback:inbox"), {"trang_thai": "all"}).content.decode()
        assert client_for(user).post(reverse("feedback:act", args=[item.pk, "accept"])).status_code == 404
    assert client_for(cast.public).get(page).status_code in (403, 404)
    assert client_for(None).get(page).status_code == 302  # to the login page
    assert client_for(None).get(reverse("feedback:inbox")).status_code == 302
    # The owner and the leader follow the item but do not handle it; the officer does not approve.
    assert client_for(cast.owner).post(reverse("feedback:act", args=[item.pk, "accept"])).status_code == 403
    assert client_for(cast.leader).post(reverse("feedback:act", args=[item.pk, "accept"])).status_code == 403
    assert not access.can_approve(cast.officer, item) and access.can_approve(cast.leader, item)
    assert not access.can_approve(cast.outsider, item)
    assert client_for(cast.officer).post(reverse("feedback:act", args=[item.pk, "nonsense"])).status_code == 404


@pytest.mark.django_db
def test_only_the_handling_unit_sees_who_sent_it_and_every_look_is_audited(desk: Desk) -> None:
    cast = desk.cast
    item = submit(desk, content="Tôi là Trần Thị Bình, gọi 0987 654 321 hoặc binh@example.com.")
    page = reverse("feedback:item", args=[item.pk])
    mine = client_for(cast.officer).get(page).content.decode()
    assert "0987654321" in mine and "Trần Thị Bình" in mine
    assert AuditEntry.objects.filter(action="feedback.personal_data.viewed", actor=cast.officer).count() == 1
    for user in (cast.owner, cast.leader):
        seen = client_for(user).get(page).content.decode()
        assert "0987654321" not in seen and "Trần Thị Bình" not in seen and "binh@example.com" not in seen
        assert "[đã ẩn]" in seen
    export = client_for(cast.owner).get(reverse("feedback:export"), {"nam": item.received_on.year})
    body = export.content.decode()
    assert item.code in body and "0987654321" not in body
    assert "0987654321" in client_for(cast.officer).get(reverse("feedback:export")).content.decode()


def _workbook_rows(user: object, year: int) -> list[list[object]]:
    response = client_for(user).get(reverse("feedback:export"), {"nam": year, "dinh_dang": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == files.XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_the_excel_export_keeps_personal_data_to_the_handling_unit(desk: Desk) -> None:
    cast = desk.cast
    item = submit(desk, content="Tôi là Trần Thị Bình, gọi 0987 654 321.")
    year = item.received_on.year
    officer_rows = _workbook_rows(cast.officer, year)
    header = next(row for row in officer_rows if row and row[0] == "Mã số")
    mine = next(row for row in officer_rows if row and row[0] == item.code)
    assert dict(zip(header, mine, strict=True))["Điện thoại"] == "0987654321"
    assert str(year) in str(officer_rows[0][0])  # the sheet's title names the period
    owner_rows = _workbook_rows(cast.owner, year)
    theirs = next(row for row in owner_rows if row and row[0] == item.code)
    assert "0987654321" not in [str(cell) for cell in theirs]
    assert not any(row and row[0] == item.code for row in _workbook_rows(cast.other_officer, year))
    exports = AuditEntry.objects.filter(action="feedback.personal_data.exported", actor=cast.officer)
    assert exports.count() == 1


@pytest.mark.django_db
def test_figures_and_rules_stay_within_the_territory(desk: Desk) -> None:
    cast = desk.cast
    submit(desk)
    outsider_rows = client_for(cast.outsider).get(reverse("feedback:figures")).content.decode()
    assert cast.officer_unit.name not in outsider_rows
    assert client_for(cast.officer).get(reverse("feedback:rules")).status_code == 403
    assert not access.readable_rules(cast.outsider).exists()
    rule = access.readable_rules(cast.owner).get()
    response = client_for(cast.outsider).post(reverse("feedback:rules"), {"delete": rule.pk})
    assert response.status_code in (403, 404)
    with pytest.raises(InputError):  # the owner sends items only to units of its district
        access.target_unit(cast.owner, cast.outsider_unit.pk)
    services.save_rule(cast.owner, Topic.CONDUCT, None, cast.other_unit)
    assert access.readable_rules(cast.owner).count() == 2
