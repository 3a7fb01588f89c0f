"""The review screen's forms, and the mapping between a plan draft (plan JSON) and them."""

from __future__ import annotations

import copy
import re
from typing import Any

from django import forms

from cchc.core import calendar
from cchc.plans.body import walk
from cchc.plans.forms import LinesField, VietnameseDateField
from cchc.plans.models import PlanLevel
from cchc.plans.schema import LINKED_OBJECTS, LINKED_TEXTS

TIMING_KINDS = list(calendar.TIMING_KIND_LABELS.items())
FREQUENCIES = list(calendar.FREQUENCY_LABELS.items())


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp văn bản kế hoạch (.txt, .docx, .pdf)",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf,text/plain,application/pdf"}),
        error_messages={
            "required": "Hãy chọn tệp văn bản kế hoạch.",
            "empty": "Tệp rỗng, không có nội dung để nhập.",
            "invalid": "Không nhận được tệp; hãy chọn lại.",
        },
    )


class _ListValueMixin:
    """A list typed as text is unchanged when it reads the same (an empty box equals a missing list)."""

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return bool(self.to_python(data) != self.to_python(self.prepare_value(initial)))  # type: ignore[attr-defined]
        except forms.ValidationError:
            return True


class ReviewLinesField(_ListValueMixin, LinesField):
    """One item per line."""


class QuartersField(_ListValueMixin, forms.CharField):
    """Quarters typed as '1, 2'."""

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(str(q) for q in value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]
        text = super().to_python(value) or ""
        if re.sub(r"[\d,;\s]", "", text):
            raise forms.ValidationError("Ghi các quý bằng số 1–4, cách nhau bởi dấu phẩy (ví dụ: 1, 3).")
        return [int(q) for q in re.findall(r"\d+", text)]


def _lines(label: str, rows: int = 3) -> LinesField:
    return ReviewLinesField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}))


class ReviewPlanForm(forms.Form):
    """The plan's own fields; lists one item per line."""

    title = forms.CharField(label="Trích yếu", widget=forms.Textarea(attrs={"rows": 2}))
    number = forms.CharField(label="Số, ký hiệu", required=False)
    issued_date = VietnameseDateField(label="Ngày ban hành", required=False, help_text="dd/mm/yyyy")
    issuer = forms.CharField(label="Cơ quan ban hành")
    level = forms.ChoiceField(label="Cấp", choices=PlanLevel.choices)
    locality = forms.CharField(label="Địa bàn", required=False)
    period_start = VietnameseDateField(label="Thời kỳ từ ngày", help_text="dd/mm/yyyy")
    period_end = VietnameseDateField(label="Đến ngày", help_text="dd/mm/yyyy")
    references = _lines("Văn bản tham chiếu khác", 2)
    objectives = _lines("Mục đích", 4)
    requirements = _lines("Yêu cầu", 4)
    audiences = _lines("Đối tượng", 2)
    signer_authority = forms.CharField(label="Thẩm quyền ký", required=False, help_text="Ví dụ: KT. CHỦ TỊCH")
    signer_position = forms.CharField(label="Chức vụ người ký", required=False)
    signer_name = forms.CharField(label="Họ tên người ký", required=False)
    recipients = _lines("Nơi nhận", 3)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Ngày kết thúc trước ngày bắt đầu.")
        return data


class LegalBasisForm(forms.Form):
    type = forms.CharField(label="Loại văn bản")
    number = forms.CharField(label="Số, ký hiệu")
    date = VietnameseDateField(label="Ngày", required=False)
    issuer = forms.CharField(label="Cơ quan ban hành", required=False)


class ActivityReviewForm(forms.Form):
    ref = forms.CharField(label="Số thứ tự", required=False)
    source = forms.ChoiceField(
        label="Nằm ở", choices=[("appendix", "Phụ lục"), ("body", "Thân văn bản")], initial="appendix"
    )
    group = forms.CharField(label="Nhóm", required=False)
    content = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 3}))
    lead = _lines("Cơ quan chủ trì", 2)
    coordinators = _lines("Cơ quan phối hợp", 2)
    timing_text = forms.CharField(label="Thời gian (như văn bản ghi)", required=False)
    timing_kind = forms.ChoiceField(label="Loại thời gian", choices=TIMING_KINDS, initial="ongoing")
    timing_quarters = QuartersField(label="Các quý", required=False, help_text="Ví dụ: 1, 3")
    timing_frequency = forms.ChoiceField(label="Tần suất", required=False, choices=[("", "—"), *FREQUENCIES])
    funding = forms.CharField(label="Kinh phí", required=False)
    # Declared last: inside the class body the name shadows the django.forms module.
    forms = _lines("Hình thức", 2)


class ResponsibilityReviewForm(forms.Form):
    ref = forms.CharField(label="Mục", required=False)
    units = _lines("Đơn vị", 2)
    mode = forms.ChoiceField(
        label="Hình thức giao", choices=[("assigned", "Giao"), ("requested", "Đề nghị")], initial="assigned"
    )
    duties = _lines("Nhiệm vụ", 4)


class ReportingReviewForm(forms.Form):
    what = forms.CharField(label="Nội dung báo cáo", widget=forms.Textarea(attrs={"rows": 2}))
    due = VietnameseDateField(label="Hạn", required=False, help_text="dd/mm/yyyy")
    frequency = forms.MultipleChoiceField(
        label="Định kỳ", required=False, choices=FREQUENCIES, widget=forms.CheckboxSelectMultiple
    )
    to = forms.CharField(label="Gửi về", required=False)


def _formset(form: type[forms.Form]) -> Any:
    return forms.formset_factory(form, extra=1, can_delete=True)


LegalBasisFormSet = _formset(LegalBasisForm)
ActivityFormSet = _formset(ActivityReviewForm)
ResponsibilityFormSet = _formset(ResponsibilityReviewForm)
ReportingFormSet = _formset(ReportingReviewForm)


# Draft (plan JSON) → form values, and back.


def _plan_initial(plan: dict[str, Any]) -> dict[str, Any]:
    signer = plan.get("signer") or {}
    period = plan.get("period") or {}
    return {
        **{
            k: plan.get(k)
            for k in (
                "title",
                "number",
                "issued_date",
                "issuer",
                "level",
                "locality",
                "references",
                "objectives",
                "requirements",
                "audiences",
                "recipients",
            )
        },
        "period_start": period.get("start"),
        "period_end": period.get("end"),
        "signer_authority": signer.get("authority"),
        "signer_position": signer.get("position"),
        "signer_name": signer.get("name"),
    }


def _dmy(value: Any) -> Any:
    """An ISO date of the draft as dd/mm/yyyy for the form (anything else as it is)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(value or ""))
    return f"{match[3]}/{match[2]}/{match[1]}" if match else value


def _activity_initial(item: dict[str, Any]) -> dict[str, Any]:
    timing = item.get("timing") or {}
    return {
        **{k: item.get(k) for k in ("ref", "source", "group", "content", "forms", "lead", "coordinators", "funding")},
        "timing_text": timing.get("text"),
        "timing_kind": timing.get("kind") or "ongoing",
        "timing_quarters": timing.get("quarters") or [],
        "timing_frequency": timing.get("frequency") or "",
    }


def _reporting_initial(item: dict[str, Any]) -> dict[str, Any]:
    frequency = item.get("frequency")
    return {
        **item,
        "due": _dmy(item.get("due")),
        "frequency": frequency if isinstance(frequency, list) else [frequency] if frequency else [],
    }


def bound_forms(draft: dict[str, Any], data: Any = None) -> dict[str, Any]:
    """The review form and its four row formsets, from the draft (or bound to the posted values)."""
    initial = {k: _dmy(v) for k, v in _plan_initial(draft).items()}
    return {
        "plan_form": ReviewPlanForm(data, initial=initial),
        "legal_bases": LegalBasisFormSet(
            data, prefix="lb", initial=[{**lb, "date": _dmy(lb.get("date"))} for lb in draft.get("legal_bases", [])]
        ),
        "activities": ActivityFormSet(
            data, prefix="act", initial=[_activity_initial(a) for a in draft.get("activities", [])]
        ),
        "responsibilities": ResponsibilityFormSet(data, prefix="resp", initial=draft.get("responsibilities", [])),
        "reporting": ReportingFormSet(
            data, prefix="rep", initial=[_reporting_initial(r) for r in draft.get("reporting", [])]
        ),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _rows(formset: Any) -> list[dict[str, Any]]:
    """The kept rows of a valid formset: the draft's rows and the filled-in new ones, less those marked deleted."""
    return [
        form.cleaned_data
        for index, form in enumerate(formset.forms)
        if not form.cleaned_data.get("DELETE") and (index < formset.initial_form_count() or form.has_changed())
    ]


def reviewed_plan(draft: dict[str, Any], bound: dict[str, Any]) -> dict[str, Any]:
    """Plan JSON from the valid review forms; the draft gives what the screen does not show (source, doc type, the
    document's body, the date as the source wrote it, the recipients' group lines and the decision that carries the
    plan)."""
    p = bound["plan_form"].cleaned_data
    plan = {
        "source": draft.get("source", ""),
        "doc_type": draft.get("doc_type", "KH"),
        "number": p["number"] or None,
        "issued_date": _iso(p["issued_date"]),
        "issuer": p["issuer"],
        "level": p["level"],
        "locality": p["locality"],
        "title": p["title"],
        "period": {"start": _iso(p["period_start"]), "end": _iso(p["period_end"])},
        "legal_bases": [
            {"type": r["type"], "number": r["number"], "date": _iso(r["date"]), "issuer": r["issuer"] or None}
            for r in _rows(bound["legal_bases"])
        ],
        "references": p["references"],
        "objectives": p["objectives"],
        "requirements": p["requirements"],
        "audiences": p["audiences"],
        "activities": [
            {
                "ref": r["ref"],
                "source": r["source"],
                "group": r["group"] or None,
                "content": r["content"],
                "forms": r["forms"],
                "lead": r["lead"],
                "coordinators": r["coordinators"],
                "timing": {
                    "text": r["timing_text"],
                    "kind": r["timing_kind"],
                    "quarters": r["timing_quarters"],
                    "frequency": r["timing_frequency"] or None,
                },
                "funding": r["funding"] or None,
            }
            for r in _rows(bound["activities"])
        ],
        "responsibilities": [
            {"ref": r["ref"], "units": r["units"], "mode": r["mode"], "duties": r["duties"]}
            for r in _rows(bound["responsibilities"])
        ],
        "reporting": [
            {
                "what": r["what"],
                "due": _iso(r["due"]),
                "frequency": (r["frequency"][0] if len(r["frequency"]) == 1 else r["frequency"] or None),
                "to": r["to"],
            }
            for r in _rows(bound["reporting"])
        ],
        "signer": {
            "authority": p["signer_authority"],
            "position": p["signer_position"],
            "name": p["signer_name"] or None,
        },
        "recipients": p["recipients"],
    }
    return _with_document(draft, plan)


def _with_document(draft: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
    """The reviewed plan with the draft's body and carrier. A list whose rows the reviewer added or deleted loses
    its links to the body (its items no longer stand where the nodes say); the other lists keep them."""
    body = copy.deepcopy(draft.get("body") or [])
    broken = set()
    for field in (*LINKED_OBJECTS, *LINKED_TEXTS):
        before = draft.get(field) or []
        if len(before) != len(plan[field]):
            broken.add(field)
        elif field in LINKED_OBJECTS:
            for old, new in zip(before, plan[field], strict=True):
                if isinstance(old, dict) and old.get("node"):
                    new["node"] = old["node"]
    for node in walk(body):
        if node.get("values"):
            node["values"] = [path for path in node["values"] if path.partition("[")[0] not in broken]
    plan["body"] = body
    if draft.get("issued_date_text"):
        plan["issued_date_text"] = draft["issued_date_text"]  # printed only while it reads as the reviewed date
    plan["recipient_headings"] = [
        h for h in draft.get("recipient_headings") or [] if int(h.get("at", 0)) <= len(plan["recipients"])
    ]
    if draft.get("carrier"):
        plan["carrier"] = copy.deepcopy(draft["carrier"])
    return plan
