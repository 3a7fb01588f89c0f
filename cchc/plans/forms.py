"""Forms for authoring plans and activities; lists are edited one item per line."""

from __future__ import annotations

from typing import Any

from django import forms

from cchc.core import calendar
from cchc.core.dates import DateError, parse_date
from cchc.plans.models import Activity, Plan, PlanLevel, PlanStatus
from cchc.plans.services import ACTIVITY_FIELDS, EDITABLE_PLAN_FIELDS


class LinesField(forms.CharField):
    """A list of strings edited as one item per line."""

    widget = forms.Textarea

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in str(text).splitlines() if line.strip()]


class VietnameseDateField(forms.CharField):
    """A date typed as dd/mm/yyyy; an impossible date gets a Vietnamese message."""

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else value

    def to_python(self, value: Any) -> Any:
        try:
            return parse_date(super().to_python(value))
        except DateError as exc:
            raise forms.ValidationError(str(exc)) from None


class PlanForm(forms.ModelForm):
    number = forms.CharField(label="Số, ký hiệu", required=False, help_text="Ví dụ: 05/KH-UBND")
    issued_date = VietnameseDateField(label="Ngày ban hành", required=False, help_text="dd/mm/yyyy")
    period_start = VietnameseDateField(label="Từ ngày", help_text="dd/mm/yyyy")
    period_end = VietnameseDateField(label="Đến ngày", help_text="dd/mm/yyyy")
    objectives = LinesField(label="Mục đích (mỗi dòng một ý)", required=False)
    requirements = LinesField(label="Yêu cầu (mỗi dòng một ý)", required=False)
    audiences = LinesField(label="Đối tượng (mỗi dòng một nhóm)", required=False)
    recipients = LinesField(label="Nơi nhận (mỗi dòng một nơi)", required=False)

    class Meta:
        model = Plan
        fields = list(EDITABLE_PLAN_FIELDS)
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def clean_number(self) -> str | None:
        return self.cleaned_data.get("number", "").strip() or None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Ngày kết thúc phải sau ngày bắt đầu.")
        return data


class ActivityForm(forms.ModelForm):
    lead = LinesField(label="Cơ quan chủ trì (mỗi dòng một đơn vị)", required=False)
    coordinators = LinesField(label="Cơ quan phối hợp (mỗi dòng một đơn vị)", required=False)
    timing_quarters = forms.MultipleChoiceField(
        label="Các quý",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(1, "Quý I"), (2, "Quý II"), (3, "Quý III"), (4, "Quý IV")],
    )
    timing_frequency = forms.ChoiceField(
        label="Tần suất",
        required=False,
        choices=[("", "—"), *calendar.FREQUENCY_LABELS.items()],
    )

    # Declared last: inside the class body the name shadows the django.forms module.
    forms = LinesField(label="Hình thức (mỗi dòng một hình thức)", required=False)

    class Meta:
        model = Activity
        fields = list(ACTIVITY_FIELDS)
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "group": forms.TextInput(),
            "funding": forms.TextInput(),
        }

    def clean_estimate(self) -> Any:
        value = self.cleaned_data.get("estimate")
        if value is not None and value < 0:
            raise forms.ValidationError("Dự toán (đồng): không được là số âm.")
        return value

    def clean_timing_quarters(self) -> list[int]:
        return sorted(int(q) for q in self.cleaned_data.get("timing_quarters") or [])

    def clean_timing_frequency(self) -> str | None:
        return self.cleaned_data.get("timing_frequency") or None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("timing_kind") == calendar.QUARTERS and not data.get("timing_quarters"):
            self.add_error("timing_quarters", "Chọn ít nhất một quý khi thời gian là «Theo quý».")
        return data


class PlanJsonUploadForm(forms.Form):
    file = forms.FileField(label="Tệp kế hoạch (JSON)")


class PlanFilterForm(forms.Form):
    year = forms.IntegerField(label="Năm", required=False)
    level = forms.ChoiceField(label="Cấp", required=False, choices=[("", "Tất cả"), *PlanLevel.choices])
    locality = forms.CharField(label="Địa bàn", required=False)
    status = forms.ChoiceField(label="Trạng thái", required=False, choices=[("", "Tất cả"), *PlanStatus.choices])
