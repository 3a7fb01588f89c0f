"""Forms of the reporting pages: a unit's narrative, review comments, periods, the consolidated report, rubrics."""

from __future__ import annotations

from typing import Any

from django import forms

from cchc.documents.signing import AUTHORITY_LABELS, authority_code
from cchc.reporting.models import ConsolidatedReport, UnitReport
from cchc.reporting.scoring import MEASURES, RULES
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


class RubricHeaderForm(forms.Form):
    """The rubric's name, total and award rule; its criteria are the rows of CriterionFormSet."""

    name = forms.CharField(label="Tên bộ tiêu chí", max_length=300)
    total = forms.CharField(label="Tổng điểm", max_length=12, help_text="Bằng tổng điểm các tiêu chí cấp trên cùng.")
    award_min_share = forms.CharField(
        label="Tỷ lệ điểm tối thiểu để đề nghị khen thưởng (%)", max_length=12, initial="90"
    )
    award_max = forms.IntegerField(label="Số đơn vị tối đa được đề nghị khen thưởng", min_value=0, initial=5)


class CriterionForm(forms.Form):
    """One criterion. A child's code extends its parent's ("4.2" → "4.2.1"); a parent has no measure and its
    points are the sum of its children's. An empty row is ignored."""

    code = forms.CharField(label="Mã", max_length=20, required=False)
    title = forms.CharField(label="Tên tiêu chí", max_length=300, required=False)
    points = forms.CharField(label="Điểm", max_length=12, required=False)
    measure = forms.ChoiceField(
        label="Chấm theo số liệu",
        required=False,
        choices=[("", "— tiêu chí cha: cộng điểm các tiêu chí con —"), *MEASURES.items()],
    )
    rule = forms.ChoiceField(
        label="Cách tính điểm", choices=list(RULES.items()), initial="proportional", required=False
    )
    threshold = forms.CharField(label="Ngưỡng (%)", max_length=12, required=False, initial="90")
    source = forms.CharField(label="Căn cứ", max_length=300, required=False)


CriterionFormSet = forms.formset_factory(CriterionForm, extra=3, max_num=60, validate_max=True)
