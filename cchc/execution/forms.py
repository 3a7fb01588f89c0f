"""Forms of the execution pages: logging a result, stating progress, uploading the Excel file, deciding targets."""

from __future__ import annotations

import decimal
import uuid
from typing import Any

from django import forms

from cchc.execution.models import QUANTITY_LABELS, Occurrence, Pillar, ResultKind
from cchc.execution.services import ResultInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; size and type are checked by the service, by content."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp,.docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ResultForm(forms.Form):
    """A result of an assignment; the same form adds and edits (with the version it was read at)."""

    date = forms.DateField(
        label="Ngày thực hiện",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    kind = forms.ChoiceField(label="Hình thức", choices=ResultKind.choices)
    title = forms.CharField(label="Tiêu đề, nội dung", max_length=500)
    link = forms.CharField(label="Đường dẫn (nếu có)", required=False, max_length=500)
    occurrence = forms.TypedChoiceField(label="Tính cho kỳ", required=False, coerce=int, empty_value=None)
    participants = forms.IntegerField(label=QUANTITY_LABELS["participants"], required=False)
    copies = forms.IntegerField(label=QUANTITY_LABELS["copies"], required=False)
    broadcasts = forms.IntegerField(label=QUANTITY_LABELS["broadcasts"], required=False)
    reach = forms.IntegerField(label=QUANTITY_LABELS["reach"], required=False)
    rate = forms.DecimalField(label=QUANTITY_LABELS["rate"], required=False, max_digits=5, decimal_places=2)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = MultipleFileField(label="Tài liệu kiểm chứng (PDF, ảnh, Word .docx)", required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, occurrences: list[Occurrence] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        occurrence_field = self.fields["occurrence"]
        assert isinstance(occurrence_field, forms.TypedChoiceField)
        occurrence_field.choices = [("", "Tự động theo ngày thực hiện")] + [
            (o.pk, f"{o.label} (hạn {o.due:%d/%m/%Y})") for o in occurrences or []
        ]
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = uuid.uuid4().hex

    def to_input(self) -> ResultInput:
        data = self.cleaned_data
        rate = data.get("rate")
        return ResultInput(
            date=data["date"],
            kind=data["kind"],
            title=data["title"],
            link=data.get("link") or "",
            participants=data.get("participants"),
            copies=data.get("copies"),
            broadcasts=data.get("broadcasts"),
            reach=data.get("reach"),
            rate=decimal.Decimal(rate) if rate is not None else None,
            note=data.get("note") or "",
            occurrence_id=data.get("occurrence"),
        )


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label="Tiến độ tự đánh giá (%)", min_value=0, max_value=100)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel kết quả (.xlsx, theo mẫu)", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )


class TargetDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", "Xác nhận"), ("reject", "Không dùng")])
    threshold = forms.DecimalField(label="Mức", required=False, max_digits=12, decimal_places=2)


class PillarForm(forms.Form):
    pillar = forms.ChoiceField(label="Lĩnh vực CCHC", choices=Pillar.choices)
