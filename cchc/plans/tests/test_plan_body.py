"""The plan's body: every line of the source lands in exactly one node, values point at their nodes, and plan
JSON whose body disagrees with its structured parts is refused with the field named."""

from __future__ import annotations

import copy
import re

import pytest

from cchc.core.text import fold
from cchc.plans.body import node_text, walk
from cchc.plans.importing import import_document
from cchc.plans.schema import PlanFormatError, parse_plan
from cchc.plans.tests.seed_documents import DOCUMENTS, imported_seed
from cchc.plans.tests.test_import_ui import plan_docx as text_to_docx
from cchc.plans.tests.test_importing_formats import text_to_pdf

_WORD = re.compile(r"\w+")


def words(text: str) -> str:
    text = re.sub(r"\[bookmark: [^\]]*\]", "", text).replace("*", " ")
    return " " + " ".join(_WORD.findall(fold(text))) + " "


def unplaced_lines(source: str, plan: dict, rebuilt_header: bool = False) -> tuple[list[str], list[str]]:
    """Source lines (from the title on) found in no node and no plan field; lines the body holds more often than
    the source does. `rebuilt_header`: the reader rebuilt the table's header row from its column names (a PDF
    whose table text came out column after column), so the printed header lines are not looked for."""
    nodes = [words(node_text(n)) for n in walk(plan["body"])]
    signer = plan["signer"]
    fields = [plan["title"], " ".join(plan["recipients"]), signer["authority"], signer["position"], signer["name"]]
    fields += ["Nơi nhận", "TM. ỦY BAN NHÂN DÂN"]  # printed by the layout
    texts = nodes + [words(f or "") for f in fields]
    whole = words(source)
    lines = [ln for ln in source.splitlines() if _WORD.search(ln)]
    start = next(k for k, ln in enumerate(lines) if fold(ln).strip(" #*") == "ke hoach") + 1
    lost, twice = [], []
    for line in lines[start:]:
        line = re.sub(r"\*[A-ZĐ]{1,3}\*", "", line)  # a typist's initials after the last recipient
        if re.fullmatch(r"[\s\d]+|\s*[A-ZĐ]{1,3}\s*", line) or (rebuilt_header and line.strip().startswith("STT")):
            continue  # page numbers, initials
        key = words(line)
        cells = [words(cell) for cell in line.split("\t") if _WORD.search(cell)]  # a row: each cell somewhere
        if not any(key in text for text in texts) and not all(any(c in t for t in texts) for c in cells[1:]):
            lost.append(line)
        if len(_WORD.findall(line)) >= 4 and sum(n.count(key) for n in nodes) > whole.count(key):
            twice.append(line)
    return lost, twice


@pytest.mark.parametrize("seed", ["000", "001", "003", "004"])
def test_every_line_of_a_seed_lands_in_one_node(seed):
    path = DOCUMENTS[seed]
    plan = imported_seed(seed).plan
    parse_plan(plan)  # the links are consistent
    source = path.read_text(encoding="utf-8")
    lost, twice = unplaced_lines(source, plan, rebuilt_header=seed == "001")
    assert lost == [] and twice == []


@pytest.mark.parametrize("reader", ["docx", "pdf"])
def test_the_docx_and_pdf_readers_fill_the_same_body(reader):
    text = DOCUMENTS["004"].read_text(encoding="utf-8")
    data = text_to_docx(text) if reader == "docx" else text_to_pdf(text, lines_per_page=40)
    plan = import_document(data, f"004.{reader}").plan
    lost, twice = unplaced_lines(text, plan)
    if reader == "pdf":  # a PDF's page breaks may cut a table row's text in two paragraphs: rows are left out
        lost = [line for line in lost if "\t" not in line]
    assert lost == [] and twice == []
    kinds = [n["type"] for n in plan["body"]]
    assert kinds.count("appendix") == 1 and kinds[-1] == "appendix"


def test_the_ocr_seed_keeps_every_section_in_order():
    plan = imported_seed("002").plan
    headings = [fold(n["text"]) for n in walk(plan["body"]) if n["type"] == "section" and n["text"].isupper()]
    wanted = ["muc dich", "noi dung", "kinh phi", "to chuc thuc hien"]
    found = [next(k for k, h in enumerate(headings) if w in h) for w in wanted]
    assert found == sorted(found)
    assert fold(plan["body"][-1]["text"]).startswith("tren day la")


def test_every_extracted_value_names_its_node_and_the_node_names_it_back():
    plan = imported_seed("004").plan
    by_id = {n["id"]: n for n in walk(plan["body"])}
    for field in ("legal_bases", "activities", "responsibilities", "reporting"):
        for k, value in enumerate(plan[field]):
            assert f"{field}[{k}]" in by_id[value["node"]]["values"]
    row = by_id[plan["activities"][0]["node"]]
    assert row["type"] == "row" and row["cells"][1].startswith(plan["activities"][0]["content"][:40])
    named = {p for n in by_id.values() for p in n.get("values", [])}
    assert {f"objectives[{k}]" for k in range(len(plan["objectives"]))} <= named


def test_a_body_that_disagrees_with_the_values_is_refused_with_the_field_named():
    plan = imported_seed("004").plan
    broken = copy.deepcopy(plan)
    broken["activities"][2]["node"] = "n9999"
    with pytest.raises(PlanFormatError, match=r"Nhiệm vụ › #3 › Nút toàn văn: không có nút «n9999»"):
        parse_plan(broken)
    broken = copy.deepcopy(plan)
    broken["body"][0]["values"] = ["objectives[99]"]
    with pytest.raises(PlanFormatError, match=r"không có giá trị «objectives\[99\]»"):
        parse_plan(broken)
    broken = copy.deepcopy(plan)
    broken["body"].append(copy.deepcopy(broken["body"][0]))
    with pytest.raises(PlanFormatError, match="bị lặp lại"):
        parse_plan(broken)


def test_a_hostile_body_is_refused_not_crashed():
    plan = imported_seed("000").plan
    deep: dict = {"id": "x0", "type": "section", "label": "", "text": "", "children": []}
    node = deep
    for k in range(1, 40):
        child = {"id": f"x{k}", "type": "section", "label": "", "text": "", "children": []}
        node["children"].append(child)
        node = child
    plan["body"].append(deep)
    with pytest.raises(PlanFormatError, match="quá sâu"):
        parse_plan(plan)
    plan["body"] = [{"id": "a b", "type": "script"}]
    with pytest.raises(PlanFormatError, match="Toàn văn"):
        parse_plan(plan)
