"""Forms of the reporting pages: a unit's narrative, review comments, periods, the consolidated report, rubrics."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from cchc.documents.signing import AUTHORITY_LABELS, authority_code
from cchc.reporting.models import ConsolidatedReport, UnitReport
from cchc.reporting.scoring import RubricError, parse_rubric, rubric_json
from cchc.reporting.services import CONSOLIDATED_FIELDS, proposed_symbol

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitReportForm(forms.ModelForm):
    symbol = forms.CharField(
        label="Ký hiệu viết tắt tên cơ quan",
        max_length=20,
        required=False,
        help_text="Như sổ đăng ký văn bản đi của cơ quan (số báo cáo in: Số …/BC-<ký hiệu>).",
    )

    class Meta:
        model = UnitReport
        fields = [
            "results",
            "limitations",
            "causes",
            "proposals",
            "number",
            "signer_authority",
            "signer_position",
            "signer_name",
        ]
        help_texts = {
            "results": "Mỗi dòng là một đoạn; dòng bắt đầu bằng dấu «-» là một ý liệt kê.",
            "number": "Chỉ ghi số (ví dụ 45); để trống nếu văn thư sẽ cấp số khi ban hành.",
            "signer_position": "Để trống khi người đứng đầu ký; cấp phó ký thay: PHÓ GIÁM ĐỐC …",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.instance.unit
        self.fields["symbol"].initial = unit.symbol or proposed_symbol(unit)
        if not unit.symbol:
            self.fields["symbol"].help_text += f" Đề xuất từ tên đơn vị: {proposed_symbol(unit)} — hãy kiểm tra lại."


class ReviewForm(forms.Form):
    comment = forms.CharField(label="Ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PeriodForm(forms.Form):
    title = forms.CharField(label="Tên kỳ báo cáo", max_length=255)
    start = forms.DateField(label="Số liệu từ ngày", widget=_DATE)
    end = forms.DateField(label="Số liệu đến ngày", widget=_DATE)
    due = forms.DateField(label="Hạn nộp báo cáo", widget=_DATE)


class PeriodDatesForm(forms.Form):
    start = forms.DateField(label="Số liệu từ ngày", widget=_DATE)
    end = forms.DateField(label="Số liệu đến ngày", widget=_DATE)
    due = forms.DateField(label="Hạn nộp báo cáo", widget=_DATE)


class ConsolidatedForm(forms.ModelForm):
    signer_authority = forms.ChoiceField(label="Thẩm quyền ký", required=False, choices=list(AUTHORITY_LABELS.items()))
    recipients = forms.CharField(
        label="Nơi nhận (mỗi dòng một nơi; dòng cuối «Lưu: VT, …»)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = ConsolidatedReport
        fields = list(CONSOLIDATED_FIELDS)
        widgets = {"issued_date": _DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance is not None:
            self.initial["recipients"] = "\n".join(self.instance.recipients or [])
            self.initial["signer_authority"] = authority_code(self.instance.signer_authority)

    def clean_recipients(self) -> list[str]:
        lines = [" ".join(line.split()).strip(" -;.") for line in self.cleaned_data["recipients"].splitlines()]
        return [line for line in lines if line]


class RubricForm(forms.Form):
    definition = forms.CharField(label="Bộ tiêu chí (JSON)", widget=forms.Textarea(attrs={"rows": 24}))

    def clean_definition(self) -> dict[str, Any]:
        try:
            data = json.loads(self.cleaned_data["definition"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(f"Không đọc được JSON: dòng {exc.lineno}, cột {exc.colno}.") from None
        try:
            return rubric_json(parse_rubric(data))
        except RubricError as exc:
            raise forms.ValidationError(exc.errors) from None
