"""Forms of the inspection pages (labels and messages in Vietnamese)."""

from __future__ import annotations

from typing import Any

from django import forms

from cchc.inspections.models import FollowUp, Severity, Verdict
from cchc.units.models import Unit


class RoundForm(forms.Form):
    title = forms.CharField(label="Tên đợt kiểm tra", max_length=255)
    start = forms.DateField(label="Kiểm tra kết quả từ ngày (dd/mm/yyyy)", input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    end = forms.DateField(label="Đến ngày (dd/mm/yyyy)", input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    team = forms.CharField(label="Thành phần đoàn (mỗi dòng một người)", widget=forms.Textarea(attrs={"rows": 3}))
    units = forms.ModelMultipleChoiceField(
        label="Đơn vị được kiểm tra", queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    sample = forms.IntegerField(
        label="Hoặc chọn mẫu ngẫu nhiên (số đơn vị)", required=False, min_value=1, max_value=500
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("name")  # type: ignore[attr-defined]


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(label="Đánh giá", choices=Verdict.choices)
    note = forms.CharField(label="Ghi chú", required=False, max_length=5000)


class FindingForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label="Tồn tại, hạn chế", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    severity = forms.ChoiceField(label="Mức độ", choices=Severity.choices)


class RecommendationForm(forms.Form):
    text = forms.CharField(label="Kiến nghị", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    due = forms.DateField(label="Hạn khắc phục (dd/mm/yyyy)", input_formats=["%d/%m/%Y", "%Y-%m-%d"])


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label="Tình trạng", choices=FollowUp.choices)
    note = forms.CharField(label="Kết quả khắc phục", required=False, max_length=5000)
