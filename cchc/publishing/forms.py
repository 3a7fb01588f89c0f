"""Forms of the publishing pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cchc.execution.models import Assignment
from cchc.publishing.models import ChannelKind, Genre, Paper, Piece
from cchc.publishing.services import ACCOUNT_CHANNELS, PieceInput, PublishingError, parse_broadcast_times


class PieceForm(forms.Form):
    title = forms.CharField(label="Tiêu đề", max_length=300)
    body = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 12}), max_length=20000)
    genre = forms.ChoiceField(label="Thể loại", choices=Genre.choices)
    channels = forms.MultipleChoiceField(
        label="Kênh đăng", choices=ChannelKind.choices, widget=forms.CheckboxSelectMultiple
    )
    scheduled_for = forms.DateField(label="Ngày dự kiến đăng", widget=forms.DateInput(attrs={"type": "date"}))
    link = forms.URLField(
        assume_scheme="https",
        label="Đường dẫn kèm theo (thủ tục, khảo sát, cuộc thi; mã QR của áp phích trỏ tới)",
        required=False,
    )
    paper = forms.ChoiceField(label="Khổ áp phích (khi đăng áp phích)", choices=Paper.choices, initial=Paper.A4)
    broadcast_times = forms.CharField(
        label="Giờ phát bản tin mỗi ngày (truyền thanh), ví dụ 06:00, 17:30", max_length=100, required=False
    )
    broadcast_days = forms.IntegerField(label="Số ngày phát liên tiếp", min_value=1, max_value=366, initial=1)
    assignment = forms.ModelChoiceField(
        label="Thực hiện nhiệm vụ", queryset=Assignment.objects.none(), required=False, empty_label="— Bài tự chọn —"
    )

    def __init__(self, *args: Any, assignments: QuerySet[Assignment] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if assignments is None:
            del self.fields["assignment"]
        else:
            field = self.fields["assignment"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = assignments.select_related("plan")
            field.label_from_instance = lambda obj: f"{obj.ref} — {obj.title[:90]}"  # type: ignore[method-assign]

    @classmethod
    def initial_for(cls, piece: Piece) -> dict[str, Any]:
        names = ("title", "body", "genre", "channels", "scheduled_for", "link", "paper", "broadcast_days")
        return {**{name: getattr(piece, name) for name in names}, "broadcast_times": ", ".join(piece.broadcast_times)}

    def clean_broadcast_times(self) -> list[str]:
        try:
            return parse_broadcast_times(self.cleaned_data.get("broadcast_times") or "")
        except PublishingError as exc:
            raise forms.ValidationError(exc.message) from None

    def to_input(self) -> PieceInput:
        data = self.cleaned_data
        return PieceInput(data["title"], data["body"], data["scheduled_for"], list(data["channels"]), data["genre"],
                          data.get("link") or "", data["paper"], data["broadcast_times"],
                          data["broadcast_days"])  # fmt: skip


class ImageForm(forms.Form):
    image = forms.FileField(label="Ảnh (JPEG, PNG, WebP; tối đa 5 MB)")
    alt = forms.CharField(label="Mô tả ảnh cho người khiếm thị (ảnh có gì, ở đâu)", min_length=5, max_length=250)


class RescheduleForm(forms.Form):
    day = forms.DateField(label="Dời sang ngày", widget=forms.DateInput(attrs={"type": "date"}))


class ChannelAccountForm(forms.Form):
    channel = forms.ChoiceField(label="Kênh", choices=[(k, ChannelKind(k).label) for k in ACCOUNT_CHANNELS])
    account_id = forms.CharField(label="Mã trang Facebook / mã Official Account Zalo / địa chỉ webhook", max_length=100)
    token = forms.CharField(
        label="Khóa truy cập (access token) / khóa ký webhook", max_length=2000, widget=forms.PasswordInput
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="Thư điện tử của bạn", max_length=200)
