"""Parsing the national procedure database's records (flattened portal tables) and the portal's xlsx lists."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from cchc.core import files

SHIPPED_CORPUS = Path(__file__).resolve().parent / "data" / "procedures.jsonl.gz"
# Bump when parsing changes, so that a re-import re-parses every record.
PARSER_VERSION = 1
NO_INFO = "Không có thông tin"
MINISTRIES = {
    "bo-tai-chinh": "Bộ Tài chính",
    "bo-nong-nghiep-mt": "Bộ Nông nghiệp và Môi trường",
    "bo-xay-dung": "Bộ Xây dựng",
    "bo-cong-an": "Bộ Công an",
    "bo-tu-phap": "Bộ Tư pháp",
    "ngan-hang-nha-nuoc": "Ngân hàng Nhà nước Việt Nam",
    "toa-an-nhan-dan": "Tòa án nhân dân tối cao",
}
LEVELS = ("Cấp bộ", "Cấp tỉnh", "Cấp xã", "Cơ quan khác")

_CHANNEL_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
_CHANNEL = re.compile(r"(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)")
_DURATION = re.compile(
    r"^\s*(Không có thông tin|\d+(?:[.,]\d+)?\s*(?:Ngày làm việc|Ngày|Giờ|Tháng|Năm|Phút)?)", re.IGNORECASE
)
_DOCUMENT_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
# The quantity column is glued to the end of each row: "…tháng1 bản chính", "0 bản chính,1 bản sao".
_QUANTITY = re.compile(r"(?<!\s)(\d) bản (?:chính(?:,\s*\d+ bản sao)?|sao)")
_FORM_FILE = re.compile(r"(\S+?\.(?:docx?|pdf|xlsx?|rtf|odt))(?=\S*$|\s*$)", re.IGNORECASE)
_LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
_UPPER = "A-ZĐÀ-ỸẠ-Ỹ"
_LOWER = "a-zđà-ỹ"
_SEGMENT = rf"(?:UBTVQH\d{{2}}|QH\d{{2}}|TTg|[A-ZĐ]+?(?=[A-ZĐ][{_LOWER}]|[^A-ZĐ]|$))"
_LEGAL_CODE = re.compile(rf"\d+/\d{{4}}/{_SEGMENT}(?:-{_SEGMENT})*")
_RESULT_NOISE = re.compile(r"Từ khóa(?:Không có thông tin)?Mô tả.*$", re.DOTALL)
_RESULT_CODE = re.compile(r"Mã:\s*[A-Z0-9.\-]+")
_SPACES = re.compile(r"[ \t]+")


@dataclass
class Channel:
    """One way to submit: its processing time and its fee (the fee text keeps the record's description)."""

    channel: str
    duration: str
    fee: str
    note: str = ""


@dataclass
class DocumentItem:
    """One paper in the file: which group it belongs to, its name, the form to fill in, how many copies."""

    name: str
    quantity: str
    form: str = ""
    group: str = ""


@dataclass
class LegalReference:
    """One legal document the procedure rests on."""

    name: str
    number: str = ""


@dataclass
class ProcedureRecord:
    """A procedure with its sections split into structured parts."""

    code: str
    name: str
    url: str = ""
    decision_number: str = ""
    levels: str = ""
    procedure_type: str = ""
    field: str = ""
    ministry: str = ""
    audience: str = ""
    agency: str = ""
    competent_agency: str = ""
    address: str = ""
    related: str = ""
    steps: list[str] = dataclasses.field(default_factory=list)
    conditions: str = ""
    results: list[str] = dataclasses.field(default_factory=list)
    channels: list[Channel] = dataclasses.field(default_factory=list)
    documents: list[DocumentItem] = dataclasses.field(default_factory=list)
    legal_basis: list[LegalReference] = dataclasses.field(default_factory=list)
    complete: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def fingerprint(raw: dict[str, Any]) -> str:
    """A hash of a raw record and of the parser's version: an unchanged record is neither parsed nor written again."""
    payload = json.dumps(raw, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(f"{PARSER_VERSION}\n{payload}".encode()).hexdigest()


def clean(text: str | None) -> str:
    """Trimmed text; the portal's 'no information' placeholder becomes empty."""
    value = _SPACES.sub(" ", (text or "").replace("\r", "")).strip()
    return "" if value in {NO_INFO, "Không", "Không.", "Không có", "--"} else value


def parse_channels(text: str) -> list[Channel]:
    """'Hình thức nộp…Trực tuyến5 Ngày làm việcMiễn phí…' → one Channel per submission channel."""
    body = (text or "").replace(_CHANNEL_HEADER, "", 1)
    pieces = _CHANNEL.split(body)
    channels: list[Channel] = []
    for name, rest in zip(pieces[1::2], pieces[2::2], strict=False):
        match = _DURATION.match(rest)
        duration = match.group(1).strip() if match else ""
        fee = (rest[match.end() :] if match else rest).lstrip(" :;,.")
        note = ""
        for prefix in ("Miễn phí", NO_INFO):
            if fee.startswith(prefix):
                fee, note = prefix, fee[len(prefix) :]
        channels.append(Channel(channel=name, duration=clean(duration), fee=clean(fee), note=clean(note.strip("()"))))
    return channels


def _split_form(row: str) -> tuple[str, str]:
    match = _FORM_FILE.search(row)
    if not match:
        return row.strip(" ;,"), ""
    run = match.group(1)
    # The form's file name is glued to the paper's name: cut at the last case or punctuation boundary.
    cut = 0
    for i in range(1, run.rfind(".")):
        before, here = run[i - 1], run[i]
        if (before.islower() and here.isupper()) or (before in ";:,)." and here.isalnum()):
            cut = i
    name = row[: match.start()] + run[:cut]
    form = run[cut:] + row[match.end() :]
    return name.strip(" ;,"), form.strip()


def parse_documents(text: str) -> list[DocumentItem]:
    """The flattened document table(s) → DocumentItem rows, each with its group title when there is one."""
    parts = (text or "").split(_DOCUMENT_HEADER)
    if len(parts) == 1:
        value = clean(parts[0])
        return [DocumentItem(name=value, quantity="")] if value else []
    items: list[DocumentItem] = []
    group = clean(parts[0].strip(" -"))
    for part in parts[1:]:
        start = 0
        for match in _QUANTITY.finditer(part):
            name, form = _split_form(part[start : match.start()])
            if name:
                items.append(DocumentItem(name=name, quantity=match.group(0), form=form, group=group))
            start = match.end()
        group = clean(part[start:].strip(" -"))
    if group and not any(item.group == group for item in items):
        items.append(DocumentItem(name=group, quantity=""))
    return items


def parse_legal_basis(text: str) -> list[LegalReference]:
    """'Tên văn bản pháp lýMã văn bảnLuật 54/2014/QH1354/2014/QH13…' → (name, number) rows."""
    body = (text or "").replace(_LEGAL_HEADER, "", 1)
    if not clean(body):
        return []
    refs: list[LegalReference] = []
    start = 0
    for match in _LEGAL_CODE.finditer(body):
        # The number column is glued to the name; a number after a space is part of the name.
        if match.start() == 0 or body[match.start() - 1].isspace() or match.start() == start:
            continue
        name = body[start : match.start()].strip(" ;,")
        if name:
            refs.append(LegalReference(name=name, number=match.group(0)))
        start = match.end()
    rest = body[start:].strip(" ;,")
    if rest:
        refs.append(LegalReference(name=rest))
    return refs


def parse_results(text: str) -> list[str]:
    """The results section without the portal's page furniture and internal result codes."""
    body = _RESULT_NOISE.sub("", text or "")
    return [value for value in (clean(p) for p in _RESULT_CODE.split(body)) if value]


def parse_steps(text: str) -> list[str]:
    return [line for line in (clean(p) for p in (text or "").split("\n")) if line]


def parse_record(raw: dict[str, Any]) -> ProcedureRecord:
    """One record of procedures.jsonl → a ProcedureRecord."""
    code = clean(str(raw.get("ma_thu_tuc", "")))
    name = clean(str(raw.get("ten_thu_tuc", "")))
    if not code or not name:
        raise ValueError("Bản ghi thiếu mã hoặc tên thủ tục.")
    folder = str(raw.get("_ministry_folder", ""))
    return ProcedureRecord(
        code=code,
        name=name,
        url=clean(raw.get("detail_url")),
        decision_number=clean(raw.get("so_quyet_dinh")),
        levels=clean(raw.get("cap_thuc_hien")),
        procedure_type=clean(raw.get("loai_thu_tuc")),
        field=clean(raw.get("linh_vuc")),
        ministry=MINISTRIES.get(folder, clean(raw.get("co_quan_ban_hanh")) or folder),
        audience=clean(raw.get("doi_tuong_thuc_hien")),
        agency=clean(raw.get("co_quan_thuc_hien")),
        competent_agency=clean(raw.get("co_quan_co_tham_quyen")),
        address=clean(raw.get("dia_chi_tiep_nhan")),
        related=clean(raw.get("thu_tuc_lien_quan")),
        steps=parse_steps(raw.get("trinh_tu_thuc_hien", "")),
        conditions=clean(raw.get("yeu_cau_dieu_kien")),
        results=parse_results(raw.get("ket_qua_xu_ly", "")),
        channels=parse_channels(raw.get("cach_thuc_thuc_hien", "")),
        documents=parse_documents(raw.get("thanh_phan_ho_so", "")),
        legal_basis=parse_legal_basis(raw.get("can_cu_phap_ly", "")),
    )


def read_jsonl(stream: IO[bytes]) -> Iterator[dict[str, Any]]:
    """Records of a .jsonl stream (gzip-compressed or not); blank lines are skipped."""
    head = stream.read(2)
    stream.seek(0)
    lines: Iterable[bytes] = gzip.GzipFile(fileobj=stream) if head == b"\x1f\x8b" else stream
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"Dòng {number} không phải JSON hợp lệ.") from exc
        if not isinstance(value, dict):
            raise ValueError(f"Dòng {number} không phải một bản ghi thủ tục.")
        yield value


def read_xlsx(path: Path | IO[bytes]) -> Iterator[dict[str, Any]]:
    """Rows of the portal's 'Danh sách thủ tục hành chính' export as partial records (code, name, agency, field)."""
    import openpyxl

    files.check_zip(path, name=str(getattr(path, "name", path))).close()
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.active
        if sheet is None:
            return
        columns: dict[str, int] | None = None
        for row in sheet.iter_rows(values_only=True):
            cells = [str(c).strip() if c is not None else "" for c in row]
            if columns is None:
                if "Mã số" in cells and "Tên" in cells:
                    columns = {name: i for i, name in enumerate(cells)}
                continue
            record = {
                key: cells[columns[header]] if header in columns and columns[header] < len(cells) else ""
                for key, header in (
                    ("ma_thu_tuc", "Mã số"),
                    ("ten_thu_tuc", "Tên"),
                    ("co_quan_ban_hanh", "Cơ quan ban hành"),
                    ("co_quan_thuc_hien", "Cơ quan thực hiện"),
                    ("linh_vuc", "Lĩnh vực"),
                )
            }
            record["co_quan_thuc_hien"] = ", ".join(p.strip() for p in record["co_quan_thuc_hien"].splitlines() if p)
            if record["ma_thu_tuc"] and record["ten_thu_tuc"]:
                yield record
        if columns is None:
            raise ValueError("Không tìm thấy dòng tiêu đề 'Mã số | Tên' trong tệp Excel.")
    finally:
        workbook.close()


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Raw records from a .jsonl, .jsonl.gz or .xlsx file, chosen by the file's name."""
    if path.suffix.lower() == ".xlsx":
        yield from read_xlsx(path)
        return
    with open(path, "rb") as fh:
        yield from read_jsonl(fh)
