"""A decision that issues a plan («QUYẾT ĐỊNH Ban hành Kế hoạch …»): the decision read as the plan's carrier, and
the plan it carries handed on to the plan parser.

The decision comes first: issuer and motto, «Số: …/QĐ-…», place and date, «QUYẾT ĐỊNH», its title, the authority
that decides, the «Căn cứ …» and «Theo đề nghị …» lines, «QUYẾT ĐỊNH:», the articles «Điều 1 … n», «Nơi nhận»
and the signer. The plan follows with its own heading and the line «(Ban hành kèm theo Quyết định số …)».
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from cchc.core.text import fold
from cchc.plans.importing.blocks import Block, Paragraph, SourceDocument, Table
from cchc.plans.importing.citations import normalize_number
from cchc.plans.importing.items import is_upper

_ARTICLE = re.compile(r"^\s*(Điều\s+\d+\s*[.:])\s*(.*)$", re.DOTALL)
_NUMBER = re.compile(r"^\s*Số\s*:\s*(\S*\s*/\s*\S+)", re.IGNORECASE)
_DATE = re.compile(r"^(?P<place>[^,\d]+),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})")
_SIGN_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s")
_HEADER_WORDS = ("cong hoa xa hoi", "doc lap")


def _lines(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.extend(line.strip(" *#\t") for line in block.text.split("\n"))
        else:
            out.extend(cell.strip() for row in block.rows for cell in row)
    return [line for line in out if line]


def _key(text: str) -> str:
    return fold(text).lower().strip(" .:*#")


def _block_lines(block: Block) -> list[str]:
    return _lines([block])


def _is_decision(blocks: list[Block]) -> bool:
    """The document opens as a decision (a «QUYẾT ĐỊNH» title line before any «KẾ HOẠCH»)."""
    for line in _lines(blocks[:30]):
        if _key(line) == "ke hoach":
            return False
        if _key(line) == "quyet dinh" and is_upper(line):
            return True
    return False


def _plan_start(blocks: list[Block]) -> int | None:
    """Index of the first block of the carried plan: its heading block «KẾ HOẠCH» after «Điều 1», with the issuer
    and motto lines printed above it."""
    article = next((k for k, b in enumerate(blocks) if any(_ARTICLE.match(li) for li in _block_lines(b))), None)
    if article is None:
        return None
    later = range(article + 1, len(blocks))
    heading = next((k for k in later if _key(" ".join(_block_lines(blocks[k]))) == "ke hoach"), None)
    if heading is None:
        return None
    start = heading
    # Walk back over the plan's own header: motto lines and the issuer's upper-case lines above them.
    while start > article + 1:
        lines = _block_lines(blocks[start - 1])
        text = " ".join(lines)
        motto = any(_key(text).startswith(word) for word in _HEADER_WORDS) or "cong hoa xa hoi" in _key(text)
        if motto or (isinstance(blocks[start - 1], Table) and is_upper(text)):
            start -= 1
            continue
        below_motto = any(
            any(word in _key(" ".join(_block_lines(b))) for word in _HEADER_WORDS) for b in blocks[start:heading]
        )
        if below_motto and is_upper(text) and not _SIGN_AUTHORITY.match(text) and not _signer_line(text):
            start -= 1
            continue
        break
    return start


_SIGNER_WORDS = ("chu tich", "pho chu tich", "giam doc", "bo truong", "thu truong", "truong ban", "chanh van phong")


def _signer_line(text: str) -> bool:
    return _key(text) in _SIGNER_WORDS


def read_carrier(lines: list[str]) -> dict[str, Any]:
    """The decision's parts from its lines, as plan JSON's `carrier` (docs/plan-json-schema.md)."""
    carrier: dict[str, Any] = {
        "doc_type": "QĐ",
        "number": None,
        "issued_date": None,
        "place": "",
        "issuer": "",
        "title": "",
        "authority": "",
        "preamble": [],
        "articles": [],
        "signer": {"authority": "", "position": "", "name": None},
        "recipients": [],
    }
    issuer: list[str] = []
    k = 0
    # Heading: issuer lines, motto, number, place and date, up to «QUYẾT ĐỊNH».
    while k < len(lines) and _key(lines[k]) != "quyet dinh":
        line = lines[k]
        if number := _NUMBER.match(line):
            written = number.group(1).replace(" ", "")
            carrier["number"] = normalize_number(written) if written[:1].isdigit() else None
        elif date := _DATE.match(line):
            carrier["place"] = date.group("place").strip()
            carrier["issued_date"] = f"{int(date['y']):04d}-{int(date['m']):02d}-{int(date['d']):02d}"
        elif is_upper(line) and not any(_key(line).startswith(word) for word in _HEADER_WORDS):
            issuer.append(line)
        k += 1
    carrier["issuer"] = "\n".join(issuer)
    k += 1
    title: list[str] = []
    while k < len(lines) and not is_upper(lines[k]):
        title.append(lines[k])
        k += 1
    carrier["title"] = " ".join(title)
    if k < len(lines) and _key(lines[k]) != "quyet dinh":
        carrier["authority"] = lines[k]
        k += 1
    while k < len(lines) and _key(lines[k]) != "quyet dinh":
        carrier["preamble"].append(lines[k])
        k += 1
    k += 1
    while k < len(lines) and not _key(lines[k]).startswith("noi nhan"):
        if article := _ARTICLE.match(lines[k]):
            carrier["articles"].append({"label": article.group(1), "text": article.group(2).strip()})
        elif carrier["articles"] and not is_upper(lines[k]):
            carrier["articles"][-1]["text"] += "\n" + lines[k]
        else:
            break
        k += 1
    if k < len(lines) and _key(lines[k]).startswith("noi nhan"):
        k += 1
        while k < len(lines) and lines[k][:1] in "-–+•":
            carrier["recipients"].append(lines[k].lstrip("-–+• ").rstrip(";,."))
            k += 1
    signer = carrier["signer"]
    for line in lines[k:]:
        if _SIGN_AUTHORITY.match(line):
            signer["authority"] = line
        elif is_upper(line) and not signer["position"]:
            signer["position"] = line
        elif not is_upper(line) and signer["name"] is None:
            signer["name"] = line
    return carrier


def split_decision(doc: SourceDocument) -> tuple[dict[str, Any] | None, SourceDocument]:
    """The decision that carries the plan (None when the document is not one) and the document of the plan alone;
    the line «(Ban hành kèm theo Quyết định số …)» under the plan's title goes with the carrier (`plan_note`)."""
    if not _is_decision(doc.blocks):
        return None, doc
    start = _plan_start(doc.blocks)
    if start is None:
        return None, doc
    carrier = read_carrier(_lines(doc.blocks[:start]))
    blocks = list(doc.blocks[start:])
    for k, block in enumerate(blocks[:12]):
        text = " ".join(_block_lines(block))
        if text.startswith("(") and "kem theo quyet dinh" in _key(text):
            carrier["plan_note"] = text
            del blocks[k]
            break
    return carrier, replace(doc, blocks=blocks)
