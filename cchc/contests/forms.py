"""Forms of the contest pages: a contest, a round, a contestant's registration."""

from __future__ import annotations

from typing import Any

from django import forms

from cchc.contests.models import MAX_DURATION_MINUTES, MAX_QUESTIONS
from cchc.execution.models import Pillar


class ContestForm(forms.Form):
    title = forms.CharField(label="Tên cuộc thi", max_length=300)
    description = forms.CharField(label="Thể lệ, giới thiệu", required=False, widget=forms.Textarea, max_length=20_000)
    bank = forms.ModelChoiceField(label="Ngân hàng câu hỏi", queryset=None, empty_label=None)

    def __init__(self, *args: Any, banks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = banks  # type: ignore[attr-defined]


_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RoundForm(forms.Form):
    opens_at = forms.DateTimeField(label="Mở lúc", widget=_DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"])
    closes_at = forms.DateTimeField(
        label="Đóng lúc", widget=_DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]
    )
    duration_minutes = forms.IntegerField(label="Thời gian làm bài (phút)", min_value=1, max_value=MAX_DURATION_MINUTES)
    easy_count = forms.IntegerField(label="Số câu dễ", min_value=0, max_value=MAX_QUESTIONS, initial=0)
    medium_count = forms.IntegerField(label="Số câu trung bình", min_value=0, max_value=MAX_QUESTIONS, initial=0)
    hard_count = forms.IntegerField(label="Số câu khó", min_value=0, max_value=MAX_QUESTIONS, initial=0)
    pillars = forms.MultipleChoiceField(
        label="Chỉ lấy câu hỏi về (để trống: mọi nội dung)",
        choices=Pillar.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tag = forms.CharField(label="Chỉ lấy câu hỏi có thẻ (để trống: mọi thẻ)", required=False, max_length=100)
    guess_prompt = forms.CharField(label="Câu hỏi dự đoán (phụ)", required=False, max_length=300)
    prize_count = forms.IntegerField(label="Số giải (giấy chứng nhận)", min_value=0, max_value=1000, initial=10)


class RegistrationForm(forms.Form):
    full_name = forms.CharField(
        label="Họ và tên", max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    cccd = forms.CharField(
        label="Số CCCD (12 chữ số)",
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="Chỉ dùng để bảo đảm mỗi người dự thi một lần mỗi vòng; hệ thống không lưu số CCCD.",
    )
    email = forms.CharField(
        label="Thư điện tử", required=False, max_length=200, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label="Số điện thoại", required=False, max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    unit_id = forms.ChoiceField(label="Đơn vị công tác")

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_id"].choices = [("", "— Chọn đơn vị —"), *units]
