"""Forms of feedback: the public form (and the staff entry of items received elsewhere), the status check, the
rating, and the handling actions."""

from __future__ import annotations

from typing import Any

from django import forms

from cchc.feedback.models import STAFF_CHANNELS, RefusalReason, Topic

CONSENT_NOTICE = (
    "Tôi đồng ý để cơ quan nhà nước tiếp nhận xử lý họ tên, số điện thoại, thư điện tử, địa chỉ và tệp tôi gửi "
    "chỉ để xem xét, trả lời phản ánh, kiến nghị này (Luật Bảo vệ dữ liệu cá nhân 2025, Nghị định 356/2025/NĐ-CP). "
    "Dữ liệu chỉ đơn vị xử lý được xem, được xóa khi hết thời hạn lưu trữ; tôi có thể yêu cầu xem, sửa, xóa "
    "bất cứ lúc nào."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [f for f in files if f]


class FeedbackForm(forms.Form):
    """What a sender types; the checks themselves are the service's (one set of rules for every channel)."""

    topic = forms.ChoiceField(label="Lĩnh vực", choices=[("", "— Chọn lĩnh vực —"), *Topic.choices])
    place = forms.CharField(
        label="Nơi xảy ra việc (xã, phường hoặc tỉnh)",
        max_length=200,
        required=False,
        help_text="Gõ vài chữ để chọn; tên xã, phường cũ trước 01/7/2025 vẫn được nhận.",
    )
    content = forms.CharField(label="Nội dung phản ánh, kiến nghị", widget=forms.Textarea(attrs={"rows": 6}))
    attachments = MultipleFileField(
        label="Tệp đính kèm (ảnh, PDF, Word; tối đa 3 tệp)",
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf,.docx"}),
    )
    sender_name = forms.CharField(label="Họ và tên", max_length=200)
    sender_phone = forms.CharField(
        label="Số điện thoại", max_length=40, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    sender_email = forms.CharField(
        label="Thư điện tử", max_length=300, required=False, widget=forms.EmailInput(attrs={"inputmode": "email"})
    )
    sender_address = forms.CharField(label="Địa chỉ liên hệ (không bắt buộc)", max_length=300, required=False)
    publish_consent = forms.BooleanField(
        label="Đồng ý công khai câu hỏi và câu trả lời (không kèm họ tên, số điện thoại, địa chỉ)",
        required=False,
        initial=True,
    )
    consent = forms.BooleanField(label=CONSENT_NOTICE, required=False)

    def __init__(self, *args: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = f"{field.label}: không được để trống."
            field.error_messages["invalid_choice"] = f"{field.label}: hãy chọn một mục trong danh sách."
        if staff:
            self.fields["channel"] = forms.ChoiceField(
                label="Kênh tiếp nhận", choices=[(c.value, c.label) for c in STAFF_CHANNELS]
            )
            self.fields["consent"].label = "Người gửi đã được thông báo và đồng ý cho xử lý dữ liệu cá nhân"
        else:
            # Bots fill every field: a person never sees this one.
            self.fields["website"] = forms.CharField(
                label="Để trống ô này",
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            )
            self.fields["challenge"] = forms.CharField(label="Câu hỏi kiểm tra", max_length=10, required=False)
            self.fields["form_token"] = forms.CharField(widget=forms.HiddenInput, required=False)


class StatusForm(forms.Form):
    code = forms.CharField(label="Mã số phản ánh (PAKN.YYYYMMDD.NNNN)", max_length=30)
    contact = forms.CharField(label="Số điện thoại hoặc thư điện tử đã khai", max_length=300)


class RatingForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label="Bạn có hài lòng với câu trả lời?",
        choices=[("1", "Hài lòng"), ("0", "Không hài lòng")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Lý do (bắt buộc khi không hài lòng)", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class RefuseForm(forms.Form):
    reason = forms.ChoiceField(label="Lý do không thụ lý", choices=RefusalReason.choices)
