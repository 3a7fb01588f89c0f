"""Duties: who is responsible for what (Tổ chức thực hiện) and the reports the plan asks for."""

from __future__ import annotations

import re
from typing import Any

from cchc.core.text import fold
from cchc.plans.importing.citations import fold_same_length
from cchc.plans.importing.items import Item, Reader, Section
from cchc.plans.importing.timing import resolve_date
from cchc.plans.importing.units import capitalize_first, is_unit_name, mode_for

_DUTY_VERBS = [
    "chịu trách nhiệm",
    "có trách nhiệm",
    "căn cứ",
    "chủ trì",
    "phối hợp",
    "tuyên truyền",
    "chỉ đạo",
    "hướng dẫn",
    "thực hiện",
    "tổ chức",
    "theo dõi",
    "xây dựng",
    "triển khai",
    "cung cấp",
    "tham mưu",
    "lồng ghép",
    "đẩy mạnh",
    "kiểm tra",
    "bố trí",
    "cân đối",
    "duy trì",
    "quán triệt",
    "nghiên cứu",
    "đăng tải",
    "tăng cường",
    "bám sát",
    "cập nhật",
    "niêm yết",
    "vận động",
    "đôn đốc",
    "chủ động",
    "rà soát",
    "là",
]
_REPORT = re.compile(r"\bb[a-z]{0,2}o c[a-z]{1,2}o\b(?! vien)")
_RECIPIENT = re.compile(
    r"(?:gửi về|gửi|g\w{1,2}i|báo cáo|về)\s+((?:UBND|Ủy ban|Uỷ ban|Sở|Phòng|phòng|Bộ|Ban|Văn phòng)[^.;]*?"
    r"(?:\([^)]*\))?)(?=\s+(?:trước|để|theo|kết quả|tình hình|trong|chậm|xem xét)\b|[.;,]|$)"
)


def _listed_reports(sentence: str) -> tuple[list[str], str | None]:
    """'… báo cáo UBND tỉnh: báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/11' (or each date
    followed by the report's name in brackets) → one clause per dated report, with the recipient named in the
    sentence; any other sentence is one clause."""
    dated = re.findall(r"(?i)trước ngày\s+([\d/.\-]+)\s*\((báo cáo[^)]*)\)", sentence)
    if len(dated) >= 2:  # '… về Văn phòng trước ngày 10/6 (báo cáo 6 tháng) và trước ngày 10/11 (báo cáo năm)'
        recipient = _RECIPIENT.search(sentence)
        return [f"{what} trước ngày {day}" for day, what in dated], recipient.group(1).strip() if recipient else None
    head, colon, tail = sentence.partition(":")
    parts = re.split(r"(?i)\s*(?:[;,]|\bvà\b)\s+(?=báo cáo\b)", tail)
    if not colon or len(parts) < 2 or not all(re.search(r"(?i)trước ngày", p) for p in parts):
        return [sentence], None
    recipient = _RECIPIENT.search(head)
    return [p.strip() for p in parts], recipient.group(1).strip() if recipient else None


_ACTOR_VERBS = (
    r"(?:xây dựng|chủ động|tổ chức|triển khai|thực hiện|ngoài|có trách nhiệm|chịu trách nhiệm|chỉ đạo|bố trí)"
)


def _actors(text: str) -> list[str]:
    """Who a duty without a named unit falls on: 'Căn cứ …, của cơ quan, đơn vị xây dựng …' → 'cơ quan, đơn vị';
    a later sentence opening with a unit ('UBND cấp huyện ngoài thực hiện …') adds that unit."""
    found: list[str] = []
    sentences = re.split(r"(?<=\.)\s+(?=[A-ZĐ])", text)
    if m := re.match(rf"(?i)căn cứ\b.*?(?:\bcủa|,)\s+((?:các\s+)?(?:cơ quan|đơn vị)[^.;]*?)\s+{_ACTOR_VERBS}\b", text):
        found.append(m.group(1))
    for sentence in sentences[1:] if found else sentences:
        if is_unit_name(sentence) and (m := re.match(rf"^([^.;:]{{3,80}}?)\s+{_ACTOR_VERBS}\b", sentence)):
            found.append(m.group(1))
    return found


def _report_sentences(text: str, listed: bool) -> list[str]:
    """A paragraph's sentences; in a list of reports, a part after ';' that only says where or by when
    ('; gửi UBND tỉnh', '; thời hạn: trước ngày 10/6') stays with the report before it."""
    out: list[str] = []
    for part in re.split(r"(?<=[.;])\s+(?=[A-ZĐa-zđ])", text):
        if (
            listed
            and out
            and out[-1].endswith(";")
            and (re.match(r"(?:thời )?hạn\b", part) or (part.startswith("gửi") and _RECIPIENT.match(part)))
        ):
            out[-1] += " " + part
        else:
            out.append(part)
    return out


def _same_report(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether two reports read from different places of a plan are the same report."""
    if one["due"] or other["due"]:
        return one["due"] == other["due"]
    if one["frequency"] != other["frequency"]:
        return False
    words, others = set(fold(one["what"]).split()), set(fold(other["what"]).split())
    return len(words & others) >= 0.6 * min(len(words), len(others))


class DutyReader(Reader):
    def responsibilities(self, sections: list[Section]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for section in sections:
            if section.kind != "implementation":
                continue
            numbered = [i for i in section.items if i.depth < 6] or [i for i in section.items if i.depth == 6]
            if not numbered:
                continue
            top = min(i.depth for i in numbered)
            current: dict[str, Any] | None = None
            for k, item in enumerate(section.items):
                if item.depth == top:
                    following = section.items[k + 1] if k + 1 < len(section.items) else None
                    current = self.responsibility(item, listed=following is not None and following.depth > top)
                    self.note(f"responsibilities[{len(out)}]", 0.75 if current["units"] else 0.4, item.span, item)
                    out.append(current)
                elif current is not None:
                    current["duties"].append(capitalize_first(item.text))
        return out

    def responsibility(self, item: Item, listed: bool = False) -> dict[str, Any]:
        """One numbered responsibility. `listed`: its duties follow as the items under it, so a heading that
        addresses units ('Giao …', 'Đề nghị …') and ends without a stop names only the units, however long."""
        text = item.text.strip()
        text = re.sub(r"^(?:Trách nhiệm|Nhiệm vụ) của\s+", "", text)
        text = re.sub(r"^(?:Đối với|Đối với các)\s+", lambda m: "" if m.group(0) == "Đối với " else "Các ", text)
        # matched without marks: a restored text may read 'Giáo' for 'Giao'
        prefix = re.match(r"^(\S{2} nghi|giao|yeu cau)\s+", fold_same_length(text))
        body = text[prefix.end() :] if prefix else text
        units_text, duty = body, ""
        colon = re.search(r":\s*", body)
        if prefix and listed and not colon and not re.search(r"[.;]$", body):
            units_text = body
        elif colon and not re.fullmatch(r"\w+", body[: colon.start()].strip()) and colon.start() < 300:
            units_text, duty = body[: colon.start()], body[colon.end() :]
        else:
            if colon:
                body = body[: colon.start()] + " " + body[colon.end() :]
                units_text = body
            best: int | None = None
            for verb in _DUTY_VERBS:
                for m in re.finditer(rf"(?<=\s){verb}\b", body, flags=re.IGNORECASE):
                    before = body[: m.start()]
                    # 'được giao tổ chức' is still the unit's name; 'các tổ chức' is a noun, not the duty
                    if m.start() > 3 and not re.search(r"(?i)(được giao|được|các|những)\s*$", before):
                        if best is None or m.start() < best:
                            best = m.start()
                        break
                if best is not None and verb in ("chịu trách nhiệm", "có trách nhiệm", "căn cứ"):
                    break
            words_before = len(body[:best].split()) if best is not None else len(body.split())
            if best is not None and words_before <= 25:
                units_text, duty = body[:best], body[best:]
            elif len(body.split()) > 25 or re.match(r"(?i)^(căn cứ|tổ chức|thực hiện)\b", body):
                units_text, duty = "", body
        units = self.split_units(units_text)
        if re.match(r"(?i)^căn cứ\b", body) or (not prefix and units and not any(is_unit_name(u) for u in units)):
            units, duty = self.split_units(" ; ".join(_actors(body))), body
        duties = [capitalize_first(duty.strip())] if duty.strip() else []
        return {
            "ref": item.label,
            "units": [capitalize_first(u) for u in units],
            "mode": mode_for(units, text),
            "duties": duties,
        }

    def reporting(self, sections: list[Section], issuer: str | None) -> list[dict[str, Any]]:
        """The reports asked for. A report a «Chế độ báo cáo» section lists is that report however often the
        duties mention it: a duty's report restating one of the section's (same deadline, or same frequency and
        mostly the same words) is not counted again."""
        found: list[tuple[dict[str, Any], Item, bool]] = []
        for section in sections:
            if section.kind not in ("implementation", "reporting", "funding"):
                continue
            listed = section.kind == "reporting"
            default_to = None
            for item in section.items:
                for sentence in _report_sentences(item.text, listed):
                    clauses, listed_to = _listed_reports(sentence)
                    for clause in clauses:
                        report = self.report(clause, listed)
                        if listed and report is None and (m := _RECIPIENT.search(clause)):
                            default_to = m.group(1).strip()  # 'các đơn vị báo cáo … gửi về UBND thành phố (qua …)'
                        if report:
                            report["to"] = report["to"] or listed_to or default_to or issuer or ""
                            found.append((report, item, listed))
        section_reports = [report for report, _, listed in found if listed]
        out: list[dict[str, Any]] = []
        for report, item, listed in found:
            if not listed and any(_same_report(report, other) for other in section_reports):
                continue
            self.note(f"reporting[{len(out)}]", 0.6, item.span, item)
            out.append(report)
        return out

    def report(self, clause: str, in_section: bool) -> dict[str, Any] | None:
        key = fold(clause)
        submitted = re.search(r"\bgui\b.*\btruoc ngay\b", key)  # 'gửi Sở Nội vụ trước ngày …': a submission
        if not _REPORT.search(key) and not (in_section and "gui" in key) and not submitted:
            return None
        due = resolve_date(clause, self.year) if re.search(r"truoc ngay|ngay \d|han", key) else None
        freqs = []
        if "dinh ky" in key or "hang" in key or "cuoi nam" in key:
            if re.search(r"\bquy\b(?! (?:dinh|trinh|che|mo|hoach|tac|chuan))", key):
                freqs.append("quarterly")
            if re.search(r"\b(6|sau) thang\b", key):
                freqs.append("semiannual")
            if re.search(r"\b(01 |mot |hang |ca )?nam\b|cuoi nam", key) and not re.search(r"nam 20\d\d", key):
                freqs.append("annual")
        if due:
            freqs = []
        frequency: Any = None
        if len(freqs) == 1:
            frequency = freqs[0]
        elif freqs:
            frequency = freqs
        elif not due and "dinh ky" in key:
            frequency = "periodic"
        recipient = _RECIPIENT.search(clause)
        if due is None and frequency is None and not (in_section and recipient and ";" in clause):
            return None  # a list of reports also names the ones sent without a date ('…; gửi Bộ Nội vụ')
        what = clause.strip().rstrip(".;")
        folded_what = fold(what)
        if m := re.search(r"(?:dinh ky|cuoi nam|hang nam|hang quy)\s*,?\s*(?:tong hop|bao cao)", folded_what):
            what = what[m.start() :]
        to = None
        if m := _RECIPIENT.search(what):
            to = m.group(1).strip()
            what = (what[: m.start(1)] + what[m.end(1) :]).strip()
        what = re.split(r";\s*(?:gửi|thời hạn|hạn)\b", what)[0]  # '…; gửi UBND tỉnh; thời hạn: trước ngày …'
        what = re.sub(r"\s*\(định kỳ(?::[^)]*)?\)", "", what)  # '(định kỳ: hằng năm)' restates the frequency
        what = re.split(r"\s+(?:gửi\s+)?trước ngày\b|\s+và kịp thời\b|\s+để\s", what)[0]
        what = re.sub(r"\s+(gửi về|gửi)\s*$", "", what).strip(" ,;")
        what = re.sub(r"\s+", " ", what)
        what = re.sub(r"(?i)\s+theo (?:đúng )?quy định$", "", what)
        what = re.sub(r"(?i)\s+(?:gửi về|gửi|về|cho|tới|đến)$", "", what)
        if m := re.match(r"(?i)^(?:xây dựng|lập|hoàn thành|hoàn thiện)\s+(.+?),?\s+(?:và\s+)?(?:gửi|báo cáo)$", what):
            what = m.group(1)  # 'Xây dựng Kế hoạch …, báo cáo UBND …': the document sent is the report
        what = re.sub(r"(?i)^.{3,80}?\s(?:có|chịu) trách nhiệm\s+", "", what)  # the subject is not the report
        what = re.sub(r"(?i)^(?:xây dựng|lập|hoàn thành|hoàn thiện)\s+(?=kế hoạch|dự toán)", "", what)
        if re.search(r"(?i)báo cáo$", what):
            what += " kết quả triển khai thực hiện kế hoạch"  # a report with no object reports on the plan
        return {"what": capitalize_first(what), "due": due, "frequency": frequency, "to": to}
