"""Forms of the execution pages: logging a result, stating progress, uploading the Excel file, deciding targets."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from cchc.execution.models import (
    QUANTITY_FIELDS,
    RESULT_INPUT_FIELDS,
    LoggedResult,
    Occurrence,
    OccurrenceStatus,
    Pillar,
    ResultKind,
)
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


class ResultForm(forms.ModelForm):
    """A result of an assignment, its fields from the model (`RESULT_INPUT_FIELDS`); the same form adds and edits
    (with the version it was read at). Bounds and wording rules are the service's, with Vietnamese messages."""

    occurrence = forms.TypedChoiceField(label="Tính cho kỳ", required=False, coerce=int, empty_value=None)
    evidence = MultipleFileField(label="Tài liệu kiểm chứng (PDF, ảnh, Word .docx)", required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Typed as people write amounts ("1.500.000"); the service reads and bounds it, with its Vietnamese messages.
    spent = forms.CharField(label="Kinh phí đã chi (đồng, nếu có)", required=False, max_length=40)
    field_order = ["date", "kind", "title", "link", "occurrence"]

    class Meta:
        model = LoggedResult
        fields = RESULT_INPUT_FIELDS
        # The link is checked by the service (http/https only, never completed into one), like every other input.
        field_classes = {"link": forms.CharField}
        labels = {"link": "Đường dẫn (nếu có)"}
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, occurrences: list[Occurrence] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        date_field = self.fields["date"]
        assert isinstance(date_field, forms.DateField)
        date_field.input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = ResultKind.choices
        for name in QUANTITY_FIELDS:  # bounds are QUANTITY_BOUNDS, checked by the service with its own messages
            self.fields[name].validators = []
        occurrence_field = self.fields["occurrence"]
        assert isinstance(occurrence_field, forms.TypedChoiceField)
        occurrence_field.choices = [("", "Tự động theo ngày thực hiện")] + [
            (o.pk, f"{o.label} (hạn {o.due:%d/%m/%Y})") for o in occurrences or []
        ]
        if self.instance.pk is not None:
            self.initial.setdefault("occurrence", self.instance.occurrence_id)
            self.initial.setdefault("version", self.instance.version)
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = uuid.uuid4().hex

    def _post_clean(self) -> None:
        """Nothing is copied to the instance or validated on it here: the service writes, and checks the whole."""

    def to_input(self) -> ResultInput:
        return ResultInput.from_values(self.cleaned_data, occurrence_id=self.cleaned_data.get("occurrence"))


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


class LineFilter(forms.Form):
    """The status filter of a plan's list of assignments."""

    trang_thai = forms.ChoiceField(
        label="Trạng thái", required=False, choices=[("", "Tất cả"), *OccurrenceStatus.choices]
    )
