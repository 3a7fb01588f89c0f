"""Forms of the index pages (labels and messages in Vietnamese)."""

from __future__ import annotations

from typing import Any

from django import forms

from cchc.indices.models import IndexKind


class ImportForm(forms.Form):
    file = forms.FileField(label="Bảng số liệu đã công bố (.xlsx hoặc .csv)")
    source = forms.CharField(
        label="Nguồn công bố (dùng cho các dòng không ghi nguồn)",
        max_length=500,
        required=False,
        help_text="Địa chỉ trang hoặc số, ngày văn bản công bố số liệu.",
    )


OTHER = "__khac__"


class TargetForm(forms.Form):
    objective = forms.ChoiceField(label="Mục tiêu của kế hoạch")
    other_objective = forms.CharField(
        label="Hoặc ghi mục tiêu khác", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    index = forms.ChoiceField(label="Chỉ số", choices=IndexKind.choices)
    component = forms.CharField(label="Chỉ số thành phần (để trống: chỉ số chung)", max_length=160, required=False)
    year = forms.IntegerField(label="Năm đánh giá", min_value=2000, max_value=2100)
    target = forms.CharField(label="Giá trị mục tiêu", max_length=40)

    def __init__(self, *args: Any, objectives: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(text, text if len(text) <= 150 else text[:148] + "…") for text in objectives]
        self.fields["objective"].choices = [*choices, (OTHER, "Mục tiêu khác (ghi ở ô dưới)")]  # type: ignore[attr-defined]

    def chosen_objective(self) -> str:
        data = self.cleaned_data
        return data["other_objective"] if data["objective"] == OTHER else data["objective"]
