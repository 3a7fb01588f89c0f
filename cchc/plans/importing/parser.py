"""Blocks of a plan document (Kế hoạch) to the plan JSON of docs/plan-json-schema.md, by the rules of the genre.

One reader per region of the document, in reading order: `heading` (genre, number, date, issuer, title, period,
legal bases), `sections` (the top-level sections and the lists under them), `activities` (body items and appendix
rows), `duties` (responsibilities and reporting), `closing` (signer and recipients) and `tree` (the body tree and
the links of each value to its node); `items` holds what they share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cchc.plans.importing.activities import ActivityReader
from cchc.plans.importing.blocks import SourceDocument
from cchc.plans.importing.closing import ClosingReader
from cchc.plans.importing.duties import DutyReader
from cchc.plans.importing.errors import DocumentImportError
from cchc.plans.importing.heading import HeadingReader
from cchc.plans.importing.sections import SectionReader
from cchc.plans.importing.tree import TreeBuilder


@dataclass
class PlanDraft:
    """The imported plan: `plan` is exactly the plan JSON; `meta` maps JSON paths to confidence and source span."""

    plan: dict[str, Any]
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class _Parser(HeadingReader, SectionReader, ActivityReader, DutyReader, ClosingReader, TreeBuilder):
    def complete(self, plan: dict[str, Any]) -> list[str]:
        """Make the draft valid plan JSON where a neutral value exists; list what the reviewer must still fill in."""
        plan["locality"] = plan["locality"] or ""
        for k, activity in enumerate(plan["activities"]):
            if not activity["timing"]["kind"]:
                activity["timing"]["kind"] = "ongoing"
                self.note(f"activities[{k}].timing.kind", 0.2, None)
        missing = [
            label
            for key, label in (
                ("issuer", "cơ quan ban hành"),
                ("level", "cấp ban hành"),
                ("title", "trích yếu (tên kế hoạch)"),
            )
            if not plan[key]
        ]
        if not plan["period"]["start"]:
            missing.append("thời kỳ thực hiện")
        return [f"Chưa xác định được {label}; hãy bổ sung trước khi lưu." for label in missing]

    def parse(self) -> PlanDraft:
        if not self.items and not self.tables:
            raise DocumentImportError("Tệp không có nội dung văn bản để nhập.")
        heading = self.heading_index()
        self.check_genre(heading)
        sections, body_end = self.sections((heading or 0) + 1)
        first_section = next((self.items.index(s.heading) for s in sections), body_end)
        meta = self.metadata(heading, first_section)
        legal, references = self.legal_bases(heading, first_section, meta["number"])
        lists = self.lists(sections)
        activities = self.body_activities(sections)
        activities += self.table_activities(len(activities))
        responsibilities = self.responsibilities(sections)
        reporting = self.reporting(sections, meta["issuer"])
        signer, recipients = self.closing(body_end)
        body, item_nodes, row_nodes = self.body(body_end)
        plan = {
            "source": self.filename,
            "doc_type": meta["doc_type"],
            "number": meta["number"],
            "issued_date": meta["issued_date"],
            **({"issued_date_text": meta["issued_date_text"]} if meta["issued_date_text"] else {}),
            "issuer": meta["issuer"],
            "level": meta["level"],
            "locality": meta["locality"],
            "title": meta["title"],
            "period": meta["period"],
            "legal_bases": legal,
            "references": references,
            "objectives": lists["objectives"],
            "requirements": lists["requirements"],
            "audiences": lists["audiences"],
            "activities": activities,
            "responsibilities": responsibilities,
            "reporting": reporting,
            "signer": signer,
            "recipients": recipients,
            "recipient_headings": self.recipient_headings,
            "body": body,
        }
        self.link(plan, body, (item_nodes, row_nodes))
        if self.doc.restored:  # every value read from text whose marks were restored is less certain
            for entry in self.meta.values():
                entry["confidence"] = round(entry["confidence"] * 0.8, 2)
        warnings = list(self.doc.warnings) + self.complete(plan)
        if heading is None:
            warnings.append("Không thấy tiêu đề «KẾ HOẠCH»; đã nhận dạng theo các mục của văn bản.")
        return PlanDraft(plan=plan, meta=self.meta, warnings=warnings)


def parse_plan(doc: SourceDocument, filename: str) -> PlanDraft:
    """The plan draft of a read document; DocumentImportError when it is not a plan."""
    return _Parser(doc, filename).parse()
