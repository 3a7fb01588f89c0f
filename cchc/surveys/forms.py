"""Forms of the survey pages."""

from __future__ import annotations

from typing import Any

from django import forms

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]


class SurveyForm(forms.Form):
    title = forms.CharField(label="Tên cuộc khảo sát", max_length=300)
    intro = forms.CharField(label="Lời giới thiệu", required=False, widget=forms.Textarea, max_length=5000)
    fields_text = forms.CharField(
        label="Lĩnh vực thủ tục (mỗi dòng một lĩnh vực)", required=False, widget=forms.Textarea, max_length=20_000
    )
    opens_at = forms.DateTimeField(label="Mở lúc", widget=_DATETIME, input_formats=_FORMATS)
    closes_at = forms.DateTimeField(label="Đóng lúc (để trống: chưa định)", required=False, widget=_DATETIME,
                                    input_formats=_FORMATS)  # fmt: skip
    is_anonymous = forms.BooleanField(label="Ẩn danh (không hỏi tên người trả lời)", required=False, initial=True)


class FilterForm(forms.Form):
    unit = forms.ChoiceField(label="Cơ quan", required=False)
    field = forms.ChoiceField(label="Lĩnh vực", required=False)
    start = forms.DateField(label="Từ ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            input_formats=["%Y-%m-%d", "%d/%m/%Y"])  # fmt: skip
    end = forms.DateField(label="Đến ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                          input_formats=["%Y-%m-%d", "%d/%m/%Y"])  # fmt: skip

    def __init__(self, *args: Any, units: list[tuple[int, str]], fields: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Tất cả"), *units]  # type: ignore[attr-defined]
        self.fields["field"].choices = [("", "Tất cả"), *((f, f) for f in fields)]  # type: ignore[attr-defined]
