"""A decision that issues a plan («QUYẾT ĐỊNH Ban hành Kế hoạch …») is one document holding a plan: the decision is
kept as the plan's carrier (number, date, issuer, legal bases, articles, signer, recipients) and printed first,
the plan after it «ban hành kèm theo» the decision."""

from __future__ import annotations

import copy
import functools
import re

import pytest
from django.urls import reverse

from cchc.core.text import fold
from cchc.documents.tests.docx_reading import all_text, open_docx
from cchc.plans.docx_export import plan_docx
from cchc.plans.importing import import_document
from cchc.plans.schema import PlanFormatError, parse_plan
from cchc.plans.seeds import SEED_DIR
from cchc.plans.services import export_plan_json, import_plan_json

DECISION = SEED_DIR / "decisions" / "qd_ban_hanh_ke_hoach.txt"


@functools.cache
def _imported() -> dict:
    return import_document(DECISION.read_bytes(), DECISION.name).plan


def test_the_decision_is_read_as_the_carrier_of_the_plan_it_issues():
    plan = _imported()
    carrier = plan["carrier"]
    assert (carrier["number"], carrier["issued_date"], carrier["place"]) == ("215/QĐ-UBND", "2025-02-20", "Hà Giang")
    assert carrier["issuer"] == "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG"
    assert carrier["title"] == "Ban hành Kế hoạch tuyên truyền cải cách hành chính tỉnh Hà Giang năm 2025"
    assert carrier["authority"] == "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG"
    assert [line.split()[0] for line in carrier["preamble"]] == ["Căn", "Căn", "Căn", "Theo"]
    assert [a["label"] for a in carrier["articles"]] == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert carrier["articles"][0]["text"].startswith("Ban hành kèm theo Quyết định này Kế hoạch")
    assert carrier["signer"] == {"authority": "KT. CHỦ TỊCH", "position": "PHÓ CHỦ TỊCH", "name": "Nguyễn Văn An"}
    assert carrier["recipients"][0] == "Như Điều 3" and carrier["recipients"][-1] == "Lưu: VT, NC"
    assert carrier["plan_note"].startswith("(Ban hành kèm theo Quyết định số 215/QĐ-UBND")


def test_the_carried_plan_is_read_without_the_decision_in_it():
    plan = _imported()
    assert plan["number"] is None and plan["issued_date"] == "2025-02-20"  # no number of its own
    assert plan["title"] == "Tuyên truyền cải cách hành chính tỉnh Hà Giang năm 2025"
    assert plan["legal_bases"] == []  # the decision's «Căn cứ» lines stay with the decision
    assert len(plan["objectives"]) == 2 and [r["ref"] for r in plan["responsibilities"]] == ["1", "2"]
    assert plan["signer"] == {"authority": "", "position": "", "name": None}


@pytest.mark.django_db
def test_the_carrier_survives_saving_and_exporting_and_a_plan_without_one_exports_none():
    plan = import_plan_json(None, _imported()).plan
    assert export_plan_json(plan)["carrier"] == parse_plan(_imported()).carrier.model_dump(mode="json")
    plain = copy.deepcopy(_imported())
    del plain["carrier"]
    assert "carrier" not in export_plan_json(import_plan_json(None, plain).plan)


def test_a_carrier_without_articles_is_refused_with_the_field_named():
    data = copy.deepcopy(_imported())
    data["carrier"]["articles"] = []
    with pytest.raises(PlanFormatError) as error:
        parse_plan(data)
    assert any(e.startswith("Quyết định ban hành › Điều") for e in error.value.errors)


def test_the_print_holds_the_decision_then_the_plan_issued_with_it():
    text = all_text(open_docx(plan_docx(_imported())))
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    assert lines.index("QUYẾT ĐỊNH") < lines.index("QUYẾT ĐỊNH:") < lines.index("KẾ HOẠCH")
    assert any(line.startswith("Điều 3. Chánh Văn phòng") for line in lines)
    assert "(Ban hành kèm theo Quyết định số 215/QĐ-UBND ngày 20 tháng 02 năm 2025" in text
    # Nearly every word 3-gram of the source is in the print (what lacks is the seams between the parts).
    words = lambda t: re.findall(r"\w+", fold(t).lower())  # noqa: E731
    source, printed = words(DECISION.read_text(encoding="utf-8")), words(text)
    wanted = {tuple(source[k : k + 3]) for k in range(len(source) - 2)}
    found = {tuple(printed[k : k + 3]) for k in range(len(printed) - 2)}
    assert len(wanted & found) / len(wanted) >= 0.97


@pytest.mark.django_db
def test_the_plan_page_shows_the_decision_that_issued_it(client, cast):
    plan = import_plan_json(cast.admin, _imported(), owner_unit=cast.plan.owner_unit).plan
    client.force_login(cast.owner)
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Ban hành kèm theo Quyết định số 215/QĐ-UBND ngày 20/02/2025" in html
    assert html.index("Điều 1.") < html.index("Điều 3.") < html.index("MỤC ĐÍCH, YÊU CẦU")
