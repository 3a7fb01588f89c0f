"""The demo's knowledge contest — a small bank of questions on the reform programme, imported through the real Excel
import, and a contest of the Tuyên Quang home-affairs department with a round open for the next weeks — and its
satisfaction survey of the one-stop desks."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from cchc.contests import services as contests
from cchc.documents import sheets
from cchc.questions import excel
from cchc.questions import services as questions
from cchc.questions.models import QuestionBank
from cchc.surveys import services as surveys
from cchc.surveys.models import Survey

BANK_NAME = "Tìm hiểu CCHC — câu hỏi mẫu"
TP, TC, CS, SO, CH = (
    "Cải cách thủ tục hành chính",
    "Cải cách thể chế",
    "Cải cách chế độ công vụ",
    "Xây dựng chính phủ điện tử, chính phủ số",
    "Chung (nhiều nội dung)",
)
ONE, MANY, TF, NUM = "Một đáp án đúng", "Nhiều đáp án đúng", "Đúng / Sai", "Điền số"
# (kind, question, options, right answer, pillar, difficulty)
QUESTIONS: list[tuple[str, str, tuple[str, ...], str, str, str]] = [
    (ONE, "Cổng Dịch vụ công quốc gia có địa chỉ nào?", ("dichvucong.gov.vn", "chinhphu.vn", "vneid.gov.vn"), "A", SO,
     "Dễ"),
    (TF, "Người dân có thể nộp hồ sơ thủ tục hành chính trực tuyến trên Cổng Dịch vụ công quốc gia.", (), "Đúng", SO,
     "Dễ"),
    (ONE, "Ứng dụng định danh điện tử quốc gia có tên là gì?", ("VNeID", "VssID", "eTax"), "A", SO, "Dễ"),
    (ONE, "Ngày Chuyển đổi số quốc gia là ngày nào?", ("10 tháng 10", "2 tháng 9", "1 tháng 7"), "A", SO, "Dễ"),
    (NUM, "Nghị quyết 76/NQ-CP ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 "
     "được ban hành năm nào?", (), "2021", CH, "Dễ"),
    (ONE, "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 được ban hành kèm theo văn bản nào?",
     ("Nghị quyết số 76/NQ-CP của Chính phủ", "Nghị quyết số 30c/NQ-CP của Chính phủ",
      "Nghị định số 61/2018/NĐ-CP của Chính phủ"), "A", CH, "Trung bình"),
    (ONE, "Chỉ số SIPAS đo lường điều gì?",
     ("Sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
      "Năng lực cạnh tranh cấp tỉnh", "Kết quả cải cách hành chính của các bộ, tỉnh"), "A", CH, "Trung bình"),
    (ONE, "PAR INDEX là tên viết tắt của chỉ số nào?",
     ("Chỉ số cải cách hành chính", "Chỉ số hài lòng về sự phục vụ hành chính", "Chỉ số năng lực cạnh tranh cấp tỉnh"),
     "A", CH, "Trung bình"),
    (TF, "Nghị định số 61/2018/NĐ-CP quy định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục "
     "hành chính.", (), "Đúng", TP, "Trung bình"),
    (ONE, "Bộ phận một cửa cấp tỉnh, nơi tiếp nhận và trả kết quả thủ tục hành chính, có tên là gì?",
     ("Trung tâm Phục vụ hành chính công", "Văn phòng đăng ký đất đai", "Trung tâm Công nghệ thông tin"), "A", TP,
     "Trung bình"),
    (TF, "Cơ chế một cửa liên thông là cách tiếp nhận hồ sơ, giải quyết và trả kết quả thủ tục hành chính thuộc "
     "thẩm quyền của nhiều cơ quan.", (), "Đúng", TP, "Trung bình"),
    (NUM, "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 có bao nhiêu nội dung cải cách?",
     (), "6", CH, "Khó"),
    (MANY, "Những nội dung nào thuộc Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030?",
     ("Cải cách thể chế", "Cải cách thủ tục hành chính", "Cải cách tài chính công", "Cải cách ruộng đất"), "A, B, C",
     CH, "Khó"),
    (TF, "PAPI là Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh.", (), "Đúng", CH, "Khó"),
    (TF, "Nghị định số 45/2020/NĐ-CP quy định về thực hiện thủ tục hành chính trên môi trường điện tử.", (), "Đúng",
     TC, "Khó"),
    (ONE, "Cơ quan nào quản lý ứng dụng định danh điện tử VNeID?", ("Bộ Công an", "Bộ Nội vụ", "Văn phòng Chính phủ"),
     "A", CS, "Khó"),
]  # fmt: skip


def bank_workbook() -> bytes:
    """The demo questions in the bank template, as an organiser would fill it."""
    wb = load_workbook(io.BytesIO(excel.build_template()))
    ws = wb[excel.SHEET]
    ws.delete_rows(2)
    for kind, text, options, answer, pillar, difficulty in QUESTIONS:
        padded = [*options, *[""] * (len(excel.LETTERS) - len(options))]
        ws.append([kind, text, *padded, answer, pillar, difficulty, ""])
    return sheets.to_bytes(wb)


SURVEY_TITLE = "Khảo sát sự hài lòng tại Bộ phận Một cửa tỉnh Tuyên Quang"
SURVEY_FIELDS = ("Tư pháp", "Đất đai", "Đăng ký kinh doanh", "Xây dựng", "Lao động, thương binh và xã hội")


def setup_survey(owner: Any) -> None:
    """The demo survey, once (open from now, anonymous)."""
    if owner is None or owner.unit is None or Survey.objects.filter(title=SURVEY_TITLE).exists():
        return
    surveys.create_survey(owner, owner.unit, surveys.SurveyInput(SURVEY_TITLE, timezone.now(), fields=SURVEY_FIELDS))


def setup_contest(owner: Any) -> None:
    """The demo bank, contest and its open round, once (a later run finds the bank and does nothing)."""
    if owner is None or owner.unit is None:
        return
    if QuestionBank.objects.filter(owner_unit=owner.unit, name=BANK_NAME).exists():
        return
    bank = questions.create_bank(owner, BANK_NAME, owner.unit)
    upload = SimpleUploadedFile("ngan-hang-cau-hoi-mau.xlsx", bank_workbook())
    questions.commit_bank_import(owner, questions.check_bank_import(owner, bank, upload))
    contest = contests.create_contest(
        owner,
        title="Cuộc thi tìm hiểu cải cách hành chính tỉnh Tuyên Quang",
        description="Mỗi vòng 8 câu hỏi trắc nghiệm trong 15 phút và một câu dự đoán số người trả lời đúng tất cả.\n"
        "Mỗi người dự thi một lần mỗi vòng. Xếp hạng theo số câu đúng, dự đoán gần nhất, nộp bài sớm nhất.",
        bank=bank,
    )
    now = timezone.now().replace(second=0, microsecond=0)
    contests.add_round(
        owner,
        contest,
        contests.RoundInput(
            opens_at=now,
            closes_at=now + dt.timedelta(days=28),
            duration_minutes=15,
            easy_count=3,
            medium_count=3,
            hard_count=2,
        ),
    )
