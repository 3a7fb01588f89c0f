"""Audit entries as people read them: each action, field and value in Vietnamese.

`action_label` names an action ("plans.plan.updated" → "Sửa kế hoạch"); `change_rows` lists what an entry changed
with each field's Vietnamese name (the model field's verbose name, or `EXTRA_FIELDS`) and each value shown as a
page shows it: a choice by its label, yes/no, dates dd/mm/yyyy, times in Vietnam's time, lists joined.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from cchc.core.text import vn_number

ACTION_LABELS = {
    "accounts.password.changed": "Đổi mật khẩu",
    "accounts.password.reset": "Đặt lại mật khẩu",
    "accounts.token.created": "Tạo khóa API",
    "accounts.user.created": "Tạo tài khoản",
    "accounts.user.updated": "Sửa tài khoản",
    "assistant.procedures.imported": "Nhập kho thủ tục hành chính",
    "execution.activity.classified": "Xếp lĩnh vực CCHC cho nhiệm vụ",
    "execution.evidence.added": "Thêm tài liệu kiểm chứng",
    "execution.import.checked": "Kiểm tra tệp Excel kết quả",
    "execution.import.committed": "Ghi nhận kết quả từ tệp Excel",
    "execution.import.refused": "Từ chối tệp Excel kết quả",
    "execution.plan.issued": "Ban hành kế hoạch, giao nhiệm vụ",
    "execution.progress.stated": "Tự đánh giá tiến độ",
    "execution.reminder.email_retried": "Gửi lại thư nhắc việc",
    "execution.result.deleted": "Xóa kết quả thực hiện",
    "execution.result.logged": "Ghi nhận kết quả thực hiện",
    "execution.result.updated": "Sửa kết quả thực hiện",
    "execution.target.decided": "Xác nhận chỉ tiêu",
    "plans.activity.created": "Thêm nhiệm vụ",
    "plans.activity.deleted": "Xóa nhiệm vụ",
    "plans.activity.updated": "Sửa nhiệm vụ",
    "plans.import.created": "Tải lên văn bản kế hoạch",
    "plans.import.reading_chosen": "Chọn cách đọc một từ của văn bản nhập",
    "plans.mention.mapped": "Gắn tên đơn vị với đơn vị",
    "plans.plan.created": "Tạo kế hoạch",
    "plans.plan.imported": "Nhập kế hoạch",
    "plans.plan.status_changed": "Đổi trạng thái kế hoạch",
    "plans.plan.updated": "Sửa kế hoạch",
    "reporting.consolidated.saved": "Lưu báo cáo tổng hợp",
    "reporting.period.created": "Thêm kỳ báo cáo",
    "reporting.period.updated": "Sửa thời gian kỳ báo cáo",
    "reporting.periods.synced": "Mở các kỳ báo cáo theo chế độ báo cáo",
    "reporting.rubric.updated": "Sửa bộ tiêu chí chấm điểm",
    "reporting.scores.computed": "Chấm điểm, xếp hạng đơn vị",
    "reporting.unit_report.accepted": "Tiếp nhận báo cáo của đơn vị",
    "reporting.unit_report.created": "Lập báo cáo của đơn vị",
    "reporting.unit_report.refreshed": "Cập nhật số liệu báo cáo",
    "reporting.unit_report.returned": "Trả lại báo cáo để bổ sung",
    "reporting.unit_report.submitted": "Nộp báo cáo của đơn vị",
    "reporting.unit_report.updated": "Sửa báo cáo của đơn vị",
    "units.admin_units.imported": "Nhập danh mục đơn vị hành chính",
    "units.unit.created": "Thêm đơn vị",
    "units.unit.updated": "Sửa đơn vị",
    "units.unit.merged": "Sáp nhập đơn vị",
    "plans.plan.derived": "Lập kế hoạch cấp dưới từ kế hoạch cấp trên",
    "contests.attempt.started": "Bắt đầu lượt thi",
    "contests.attempt.submitted": "Nộp bài thi",
    "contests.attempt.timed_out": "Hết giờ làm bài thi",
    "contests.contest.created": "Tạo cuộc thi",
    "contests.round.created": "Tạo đợt thi",
    "contests.round.published": "Công bố đợt thi",
    "questions.bank.created": "Tạo ngân hàng câu hỏi",
    "questions.import.checked": "Kiểm tra tệp câu hỏi",
    "questions.import.committed": "Nhập câu hỏi từ tệp",
    "questions.question.revised": "Sửa câu hỏi",
    "publishing.piece.created": "Tạo tin bài",
    "publishing.piece.updated": "Sửa tin bài",
    "publishing.piece.submitted": "Trình duyệt tin bài",
    "publishing.piece.approved": "Duyệt tin bài",
    "publishing.piece.returned": "Trả lại tin bài",
    "publishing.piece.sent": "Gửi tin bài",
    "publishing.piece.rescheduled": "Dời ngày đăng tin bài",
    "execution.evidence.published": "Công khai ảnh kiểm chứng",
    "execution.evidence.unpublished": "Thôi công khai ảnh kiểm chứng",
    "indices.values.imported": "Nhập giá trị chỉ số",
    "indices.target.set": "Đặt mục tiêu chỉ số",
    "indices.target.removed": "Bỏ mục tiêu chỉ số",
    "publishing.image.added": "Thêm ảnh vào tin bài",
    "publishing.image.removed": "Bỏ ảnh khỏi tin bài",
    "publishing.publication.sent": "Gửi bản tin",
    "publishing.account.saved": "Lưu tài khoản đăng tin",
    "inspections.round.created": "Tạo đợt kiểm tra",
    "inspections.round.closed": "Kết thúc đợt kiểm tra",
    "inspections.item.judged": "Đánh giá nội dung kiểm tra",
    "inspections.finding.created": "Ghi nhận phát hiện qua kiểm tra",
    "inspections.recommendation.created": "Kiến nghị sau kiểm tra",
    "inspections.recommendation.followed_up": "Theo dõi thực hiện kiến nghị",
    "surveys.survey.created": "Tạo cuộc khảo sát",
    "surveys.response.recorded": "Ghi nhận phiếu khảo sát",
    "feedback.item.received": "Tiếp nhận phản ánh, kiến nghị",
    "feedback.item.split": "Tách phản ánh, kiến nghị",
    "feedback.personal_data.viewed": "Xem thông tin cá nhân người gửi phản ánh",
    "feedback.personal_data.exported": "Xuất thông tin cá nhân người gửi phản ánh",
    "feedback.rule.saved": "Lưu quy tắc phân loại phản ánh",
    "feedback.rule.deleted": "Xóa quy tắc phân loại phản ánh",
}
# An action not listed above is named from its verb and the object's Vietnamese name ("… tạo mới: cuộc thi").
VERBS = {
    "created": "Tạo",
    "updated": "Sửa",
    "deleted": "Xóa",
    "imported": "Nhập",
    "submitted": "Nộp",
    "published": "Công bố",
    "revised": "Sửa",
    "answered": "Trả lời",
    "closed": "Đóng",
    "opened": "Mở",
    "assigned": "Giao",
    "accepted": "Tiếp nhận",
    "returned": "Trả lại",
    "saved": "Lưu",
    "checked": "Kiểm tra",
    "committed": "Ghi nhận",
}

# Keys that entries record beside the model's own fields.
EXTRA_FIELDS = {
    "assignments_created": "nhiệm vụ giao mới",
    "assignments_updated": "nhiệm vụ cập nhật",
    "assignments_deactivated": "nhiệm vụ hết hiệu lực",
    "occurrences_created": "kỳ thực hiện mới",
    "occurrences_removed": "kỳ thực hiện bỏ đi",
    "unassigned_mentions": "chưa giao được cho",
    "periods": "kỳ báo cáo",
    "late": "nộp muộn",
    "rows": "số dòng",
    "errors": "số lỗi",
    "files": "tệp",
    "file": "tệp",
    "is_public": "công khai trên trang tiến độ",
    "filename": "tên tệp",
    "bytes": "dung lượng (byte)",
    "year": "năm",
    "rubric": "bộ tiêu chí",
    "units": "số đơn vị",
    "proposed": "đơn vị đề nghị khen thưởng",
    "definition": "nội dung bộ tiêu chí",
    "username": "tên đăng nhập",
    "name": "tên",
    "source": "nguồn",
    "created": "tạo mới",
    "updated": "cập nhật",
    "unchanged": "không đổi",
    "era": "thời kỳ",
    "provinces": "tỉnh, thành phố",
    "symbol": "ký hiệu viết tắt",
    "reporting": "chế độ báo cáo",
    "activities": "nhiệm vụ",
    "responsibilities": "tổ chức thực hiện",
    "mentions": "đơn vị được nêu",
    "timing": "thời gian",
    "what": "nội dung",
    "due": "hạn",
    "frequency": "định kỳ",
    "to": "gửi về",
    "created_at": "tạo lúc",
    "updated_at": "cập nhật lúc",
    "position": "thứ tự",
}

EMPTY = "—"
MAX_SHOWN = 200  # characters of one value on the page


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def action_label(action: str, object_type: str = "") -> str:
    """The action in Vietnamese: its own label, else its verb and the object's name; the code only as a last
    resort (a test keeps every action the code writes named)."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    verb = VERBS.get(action.rsplit(".", 1)[-1])
    model = _model(object_type) if object_type else None
    if verb and model is not None:
        return f"{verb} {model._meta.verbose_name}"
    return action


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for candidate in (name, name.removesuffix("_id")):
        try:
            field = model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.Field):
            return field
    return None


def field_label(model: type[models.Model] | None, name: str) -> str:
    """The field's verbose name when the model gives one, else the entry's own key from EXTRA_FIELDS."""
    field = _field(model, name)
    own = str(field.verbose_name) if field is not None else ""
    if field is not None and own != field.name.replace("_", " "):
        return own
    return EXTRA_FIELDS.get(name) or own or name.replace("_", " ")


def show_value(value: Any, field: models.Field[Any, Any] | None = None) -> str:
    """A stored value as the page shows it."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if field is not None and field.choices and not isinstance(value, list | dict):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, int | float):
        return vn_number(value)
    if isinstance(value, str):
        return _text(value, field)
    if isinstance(value, list):
        return _truncate("; ".join(_item(v) for v in value))
    if isinstance(value, dict):
        return _truncate("; ".join(f"{EXTRA_FIELDS.get(str(k), k)}: {show_value(v)}" for k, v in value.items()))
    return _truncate(str(value))


def _item(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("title", "name", "text", "what", "content"):
            if value.get(key):
                return str(value[key])
        return show_value(value)
    if isinstance(value, list):
        return ", ".join(_item(v) for v in value)
    return show_value(value)


def _text(value: str, field: models.Field[Any, Any] | None) -> str:
    """ISO dates and timestamps as dd/mm/yyyy (HH:MM in Vietnam's time); other text as it is."""
    if isinstance(field, models.DateTimeField) or (len(value) >= 19 and value[4:5] == "-" and value[10:11] == "T"):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return _truncate(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return f"{moment:%d/%m/%Y %H:%M}"
    if isinstance(field, models.DateField) or (len(value) == 10 and value[4:5] == "-" and value[7:8] == "-"):
        try:
            return f"{dt.date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return _truncate(value)
    return _truncate(value)


def _truncate(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def change_rows(entry: Any) -> list[Change]:
    """What an audit entry changed, field by field, in Vietnamese."""
    model = _model(entry.object_type)
    rows = []
    for name, before, after in entry.changed_fields:
        field = _field(model, name)
        shown = (show_value(before, field), show_value(after, field))
        if shown[0] != shown[1]:  # None and [] are both "—": not a change a reader sees
            rows.append(Change(field_label(model, name), *shown))
    return rows
