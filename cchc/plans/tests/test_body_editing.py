"""Editing the plan as a document: the page reads as the body; the owner edits, adds, moves and deletes its parts
(with and without htmx, and through the API); an appendix row and its activity change together; a deletion that
would orphan an activity asks first; a plan written in the UI starts from the usual outline; nobody else writes."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest
from django.urls import reverse

from cchc.core.models import AuditEntry
from cchc.documents.tests.docx_reading import all_text, open_docx
from cchc.plans import services
from cchc.plans.body import find, header_cells, walk
from cchc.plans.importing import import_document
from cchc.plans.models import Activity, Plan
from cchc.plans.schema import parse_plan
from cchc.plans.seeds import SEED_DIR

HTMX = {"HX-Request": "true"}


@functools.cache
def _draft_001() -> str:
    path = next((SEED_DIR / "documents").glob("001_*.txt"))
    return json.dumps(import_document(path.read_bytes(), path.name).plan)


@pytest.fixture
def plan(cast) -> Plan:
    """The world's Chợ Đồn plan, imported again from its document: it now holds its body and the links."""
    result = services.import_plan_json(cast.admin, json.loads(_draft_001()), owner_unit=cast.plan.owner_unit)
    assert result.plan.pk == cast.plan.pk and result.plan.body
    return result.plan


def _url(plan: Plan, node: str) -> str:
    return reverse("plans:body_node", args=[plan.pk, node])


def _first(plan: Plan, type_: str, **match: Any) -> dict[str, Any]:
    return next(n for n in walk(plan.body) if n["type"] == type_ and all(n.get(k) == v for k, v in match.items()))


def _linked_row(plan: Plan) -> tuple[Activity, dict[str, Any]]:
    rows = {n["id"]: n for n in walk(plan.body) if n["type"] == "row"}
    activity = next(a for a in plan.activities.order_by("position") if a.node in rows)
    return activity, rows[activity.node]


def test_the_plan_page_reads_as_the_document(client, cast, plan):
    client.force_login(cast.owner)
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    headings = [n for n in plan.body if n["type"] == "section"]
    positions = [html.index(f"{n['label']} {n['text']}") for n in headings]
    assert positions == sorted(positions) and len(positions) >= 3
    _, row = _linked_row(plan)
    assert "Nguồn của: nhiệm vụ" in html and _url(plan, row["id"]) in html
    client.force_login(cast.leader)  # a reader sees the document, not the editing links
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert headings[0]["text"] in html and _url(plan, row["id"]) not in html


def test_owner_edits_a_paragraph_without_js_and_it_is_audited(client, cast, plan):
    client.force_login(cast.owner)
    node = _first(plan, "section")
    response = client.get(_url(plan, node["id"]))
    assert response.status_code == 200 and node["text"] in response.content.decode()
    response = client.post(_url(plan, node["id"]), {"action": "edit", "label": "I.", "text": "MỤC TIÊU, YÊU CẦU"})
    assert response.status_code == 302 and response["Location"].endswith(f"#{node['id']}")
    plan.refresh_from_db()
    assert find(plan.body, node["id"])["text"] == "MỤC TIÊU, YÊU CẦU"
    entry = AuditEntry.objects.filter(action="plans.body.node_edited").latest("pk")
    assert entry.before["text"] == node["text"] and entry.after["text"] == "MỤC TIÊU, YÊU CẦU"


def test_htmx_edits_return_the_document_and_refusals_go_to_the_editor(client, cast, plan):
    client.force_login(cast.owner)
    node = _first(plan, "paragraph")
    editor = client.get(_url(plan, node["id"]), headers=HTMX).content.decode()
    assert "<html" not in editor and 'name="text"' in editor
    response = client.post(_url(plan, node["id"]), {"action": "edit", "text": "Đoạn mới."}, headers=HTMX)
    assert 'id="plan-body"' in response.content.decode() and "Đoạn mới." in response.content.decode()
    response = client.post(_url(plan, node["id"]), {"action": "edit", "text": "x" * 20_001}, headers=HTMX)
    assert response["HX-Retarget"] == f"#tools-{node['id']}" and "tối đa" in response.content.decode()
    plan.refresh_from_db()
    assert find(plan.body, node["id"])["text"] == "Đoạn mới."


def test_add_move_and_delete_sections_paragraphs_and_list_items(client, cast, plan):
    client.force_login(cast.owner)
    first, second = [n for n in plan.body if n["type"] == "section"][:2]
    client.post(
        _url(plan, first["id"]),
        {"action": "add", "type": "section", "where": "after", "label": "II.", "text": "NỘI DUNG MỚI"},
    )
    plan.refresh_from_db()
    top = [n["id"] for n in plan.body]
    added = top[top.index(first["id"]) + 1]
    assert find(plan.body, added)["text"] == "NỘI DUNG MỚI" and top[top.index(added) + 1] == second["id"]
    client.post(
        _url(plan, added),
        {"action": "add", "type": "paragraph", "where": "inside", "label": "-", "text": "Một ý gạch đầu dòng."},
    )
    plan.refresh_from_db()
    item = find(plan.body, added)["children"][-1]
    assert (item["label"], item["text"]) == ("-", "Một ý gạch đầu dòng.")
    client.post(_url(plan, added), {"action": "up"})
    plan.refresh_from_db()
    assert [n["id"] for n in plan.body].index(added) == top.index(first["id"])
    client.post(_url(plan, added), {"action": "delete"})  # nothing drawn from it: deleted at once
    plan.refresh_from_db()
    assert find(plan.body, added) is None and find(plan.body, item["id"]) is None
    assert client.post(_url(plan, added), {"action": "delete"}).status_code == 404  # the double submit


def test_editing_an_appendix_row_edits_its_activity_and_the_reverse(client, cast, plan):
    client.force_login(cast.owner)
    activity, row = _linked_row(plan)
    header = header_cells(plan.body, row["id"])
    cells = list(row["cells"])
    content_at = next(k for k, h in enumerate(header) if "nội dung" in h.lower())
    cells[content_at] = "Tuyên truyền trên loa truyền thanh xã"
    lead_at = next(k for k, h in enumerate(header) if "chủ trì" in h.lower())
    cells[lead_at] = "Phòng Văn hóa và Thông tin"
    client.post(_url(plan, row["id"]), {"action": "edit", "cells": cells})
    activity.refresh_from_db()
    assert activity.content == "Tuyên truyền trên loa truyền thanh xã"
    assert [m.text for m in activity.mentions.filter(role="lead")] == ["Phòng Văn hóa và Thông tin"]
    # the reverse: the activity's form changes the row
    form = {
        "ref": activity.ref,
        "source": "appendix",
        "content": "Hội nghị quán triệt",
        "forms": "Hội nghị",
        "lead": "Phòng Tư pháp",
        "coordinators": "",
        "timing_text": "Quý II",
        "timing_kind": "quarters",
        "timing_quarters": "2",
    }
    response = client.post(reverse("plans:activity_edit", args=[plan.pk, activity.pk]), form)
    assert response.status_code == 302
    plan.refresh_from_db()
    row = find(plan.body, activity.node)
    assert row["cells"][content_at] == "Hội nghị quán triệt" and row["cells"][lead_at] == "Phòng Tư pháp"


def test_deleting_the_row_of_an_activity_asks_then_moves_or_deletes_it(client, cast, plan):
    client.force_login(cast.owner)
    activity, row = _linked_row(plan)
    count = plan.activities.count()
    response = client.post(_url(plan, row["id"]), {"action": "delete"})
    html = response.content.decode()
    assert response.status_code == 200 and "Đoạn này là nguồn của" in html and 'value="move"' in html
    plan.refresh_from_db()
    assert find(plan.body, row["id"]) is not None and plan.activities.count() == count  # nothing half done
    client.post(_url(plan, row["id"]), {"action": "delete", "linked": "move"})
    plan.refresh_from_db()
    activity.refresh_from_db()
    assert find(plan.body, row["id"]) is None and find(plan.body, activity.node) is not None
    assert services.export_plan_json(plan)  # still valid: every link names a node that names it back
    parse_plan(services.export_plan_json(plan))
    other, other_row = _linked_row(plan)
    client.post(_url(plan, other_row["id"]), {"action": "delete", "linked": "delete"})
    assert not Activity.objects.filter(pk=other.pk).exists() and plan.activities.count() == count - 1
    parse_plan(services.export_plan_json(plan))


def test_a_plan_written_in_the_ui_starts_from_the_usual_outline_and_prints_its_activities(client, cast):
    client.force_login(cast.owner)
    response = client.post(
        reverse("plans:create"),
        {
            "title": "tuyên truyền cải cách hành chính năm 2026",
            "period_start": "01/01/2026",
            "period_end": "31/12/2026",
        },
    )
    plan = Plan.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    headings = [n["text"] for n in plan.body if n["type"] == "section"]
    assert headings[0] == "MỤC ĐÍCH, YÊU CẦU" and headings[-1] == "TỔ CHỨC THỰC HIỆN"
    form = {
        "ref": "1",
        "source": "appendix",
        "content": "Tọa đàm về Chính phủ số",
        "forms": "Tọa đàm",
        "lead": "Phòng Nội vụ",
        "coordinators": "",
        "timing_text": "Quý III",
        "timing_kind": "quarters",
        "timing_quarters": "3",
    }
    client.post(reverse("plans:activity_add", args=[plan.pk]), form)
    plan.refresh_from_db()
    activity = plan.activities.get()
    assert find(plan.body, activity.node)["cells"][1] == "Tọa đàm về Chính phủ số"
    docx = client.get(reverse("plans:docx", args=[plan.pk])).content
    text = all_text(open_docx(docx))
    assert "Tọa đàm về Chính phủ số" in text and "TỔ CHỨC THỰC HIỆN" in text
    client.post(reverse("plans:activity_delete", args=[plan.pk, activity.pk]))
    plan.refresh_from_db()
    assert not any(n["type"] == "row" and not n.get("header") for n in walk(plan.body))


@pytest.mark.parametrize("role", ["officer", "other_officer", "outsider", "leader", "public", "anonymous"])
def test_only_the_owner_office_edits_the_body(client, cast, plan, role):
    if role != "anonymous":
        client.force_login(getattr(cast, role))
    node = _first(plan, "section")
    before = json.dumps(plan.body, sort_keys=True)
    response = client.post(_url(plan, node["id"]), {"action": "edit", "text": "Bị sửa"})
    assert response.status_code in (302, 403, 404)
    if role == "anonymous":
        assert "/login" in response["Location"] or "dang-nhap" in response["Location"]
    api = client.post(
        reverse("api:edit_plan_body", args=[plan.pk]),
        {"action": "delete", "node": node["id"], "linked": "delete"},
        content_type="application/json",
    )
    assert api.status_code in (401, 403, 404)
    plan.refresh_from_db()
    assert json.dumps(plan.body, sort_keys=True) == before


@pytest.mark.parametrize(
    "data",
    [
        {"action": "edit", "text": "x" * 20_001},
        {"action": "edit", "label": "I." * 30},
        {"action": "explode"},
        {"action": "add", "type": "table"},
        {"action": "add", "type": "paragraph", "where": "beside"},
        {"action": "down", "node": "n999999"},
    ],
)
def test_absurd_edits_are_refused_and_change_nothing(client, cast, plan, data):
    client.force_login(cast.owner)
    node = _first(plan, "section")
    before = json.dumps(plan.body, sort_keys=True)
    response = client.post(
        reverse("api:edit_plan_body", args=[plan.pk]), {"node": node["id"], **data}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["detail"]
    plan.refresh_from_db()
    assert json.dumps(plan.body, sort_keys=True) == before
    assert client.get(_url(plan, "khong-co")).status_code == 404


def test_the_api_edits_and_asks_before_orphaning(client, cast, plan):
    client.force_login(cast.owner)
    activity, row = _linked_row(plan)
    url = reverse("api:edit_plan_body", args=[plan.pk])
    response = client.post(url, {"action": "delete", "node": row["id"]}, content_type="application/json")
    assert response.status_code == 409 and response.json()["values"][0].startswith("activities[")
    response = client.post(
        url, {"action": "delete", "node": row["id"], "linked": "move"}, content_type="application/json"
    )
    assert response.status_code == 200 and row["id"] not in json.dumps(response.json()["body"])
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_editing_the_numbered_item_an_activity_came_from_reads_the_activity_again(client, cast):
    # The Hà Giang plan (issued by a decision) has its activities in numbered items of section II, not in a table.
    path = SEED_DIR / "decisions" / "qd_ban_hanh_ke_hoach.txt"
    data = import_document(path.read_bytes(), path.name).plan
    plan = services.import_plan_json(cast.admin, data, owner_unit=cast.plan.owner_unit).plan
    activity = plan.activities.get(ref="2.2")
    assert activity.timing_quarters == [3] and [m.text for m in activity.mentions.filter(role="lead")] == ["Sở Nội vụ"]
    client.force_login(cast.owner)
    text = "Tổ chức Hội thi trực tuyến về cải cách hành chính. Đơn vị chủ trì: Sở Tư pháp. Thời gian: Quý IV năm 2025."
    response = client.post(_url(plan, activity.node), {"action": "edit", "label": "2.2.", "text": text})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.content == "Tổ chức Hội thi trực tuyến về cải cách hành chính"
    assert activity.timing_quarters == [4] and activity.timing_kind == "quarters"
    assert [m.text for m in activity.mentions.filter(role="lead")] == ["Sở Tư pháp"]
    assert AuditEntry.objects.filter(action="plans.activity.updated", object_id=str(activity.pk)).exists()
    # Text that no longer names who does it keeps the units it had.
    client.post(_url(plan, activity.node), {"action": "edit", "label": "2.2.", "text": "Tổ chức Hội thi."})
    activity.refresh_from_db()
    assert activity.content == "Tổ chức Hội thi" and [m.text for m in activity.mentions.filter(role="lead")] == [
        "Sở Tư pháp"
    ]
