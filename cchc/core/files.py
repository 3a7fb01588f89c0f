"""Uploaded files: what a file is (by its bytes, never its name), refusing polyglots and zip bombs before anything
parses them, and serving a stored file only as a download after the caller has checked access.

Files are never served from MEDIA_URL. A view that has asked the owning app's access.py calls
`protected_file_response`; with settings.PROTECTED_MEDIA_ACCEL_PREFIX set, the bytes are then sent by the
front web server (nginx `X-Accel-Redirect` to an `internal` location aliased to MEDIA_ROOT).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import PurePosixPath
from typing import IO, Any
from urllib.parse import quote

import filetype
from django.conf import settings
from django.core.files.base import File
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from PIL import Image, ImageOps

from cchc.core.inputs import InputError, vn_number
from cchc.core.text import fold

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

# The names a file of each type may carry; a name claiming another type is a lie about the content.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "image/png": (".png",),
    "image/webp": (".webp",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    ODT: (".odt",),
    "application/json": (".json",),
    "text/plain": (".txt",),
}
LABELS = {
    "application/pdf": "PDF",
    "image/jpeg": "ảnh JPEG",
    "image/png": "ảnh PNG",
    "image/webp": "ảnh WebP",
    DOCX: "Word (.docx)",
    XLSX: "Excel (.xlsx)",
    ODT: "OpenDocument (.odt)",
}
ZIP_BASED = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml", ODT: "content.xml"}

# Markup a browser would run: anywhere in an upload it makes the file a polyglot (an image that is also a page).
ACTIVE_CONTENT = re.compile(
    rb"<(?:script|html|body|iframe|object|embed|svg|frameset|meta\s+http-equiv|\?xml-stylesheet|!doctype\s+html)"
    rb"[\s/>]|javascript:|vbscript:",
    re.IGNORECASE,
)
PDF_ACTIONS = re.compile(rb"/(?:JavaScript|JS|Launch|RichMedia)\b")
PDF_ACTION_REFUSED = "Tệp PDF «{name}» có chứa mã lệnh tự chạy (JavaScript): hãy in lại ra PDF thường."
# Names of a PDF dictionary (or values of an action's /S) that make a reader run something.
PDF_ACTION_NAMES = {"JS", "JavaScript", "Launch", "RichMedia"}
_CHUNK = 1 << 20
_OVERLAP = 64


class FileRefused(InputError):
    """An upload refused for what it contains; the message is Vietnamese and names the file."""


@dataclass(frozen=True)
class ZipLimits:
    """How much a zip-based document may unpack to: in all, per member, and as a ratio to its packed size."""

    total: int = 60 * 1024 * 1024
    member: int = 30 * 1024 * 1024
    ratio: int = 100
    entries: int = 2000
    ratio_floor: int = 1024 * 1024  # members smaller than this unpack to too little to matter, whatever the ratio


DEFAULT_ZIP_LIMITS = ZipLimits()


def sniff(head: bytes) -> str | None:
    """The MIME type the leading bytes say, or None."""
    kind = filetype.guess(head[:8192])
    if kind is not None:
        return str(kind.mime)
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    return None


def check_zip(
    source: bytes | str | PathLike[str] | IO[bytes] | File[Any], *, name: str, limits: ZipLimits = DEFAULT_ZIP_LIMITS
) -> zipfile.ZipFile:
    """Open a zip-based document after checking, from its directory alone, that it cannot unpack to more than the
    limits: total size, size of any member, compression ratio, number of members. Readers then read members through
    zipfile, which never returns more bytes than the directory declares, so a lying header cannot bypass this."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise FileRefused(f"Tệp «{name}» bị hỏng: không mở được như một tài liệu nén (.docx, .xlsx, .odt).") from None
    bomb = f"Tệp «{name}» có dung lượng giải nén bất thường (nghi «bom nén»): hệ thống từ chối đọc để an toàn."
    if len(infos) > limits.entries:
        raise FileRefused(f"Tệp «{name}» có quá nhiều thành phần ({vn_number(len(infos))}): hệ thống từ chối đọc.")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.member or (info.file_size > limits.ratio_floor and ratio > limits.ratio):
            raise FileRefused(bomb)
        if info.flag_bits & 0x1:
            raise FileRefused(f"Tệp «{name}» được đặt mật khẩu: hãy bỏ mật khẩu rồi tải lại.")
    if total > limits.total:
        raise FileRefused(bomb)
    return archive


def pdf_runs_actions(data: bytes) -> bool:
    """Whether the PDF names a JavaScript, launch or rich-media action anywhere a reader would find one: in its
    objects (names spelt with #-escapes too), and inside compressed object streams, which a scan of the raw bytes
    cannot see. Other streams' bytes (images, page content) are not searched: a chance "/JS" in a scanned page's
    JPEG would refuse an honest file."""
    outside = _PDF_STREAM_DATA.sub(b"stream endstream", data)
    outside = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), outside)
    return bool(PDF_ACTIONS.search(outside)) or _pdf_objects_run_actions(data)


_PDF_STREAM_DATA = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _pdf_objects_run_actions(data: bytes) -> bool:
    """The objects of the PDF and of its object streams, as pdfminer reads them. A file too broken to parse object
    by object is left to the scan of its bytes."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser, PDFStreamParser
    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import PSEOF, PSLiteral

    def named(value: Any) -> bool:
        return isinstance(value, PSLiteral) and str(value.name) in PDF_ACTION_NAMES

    def runs(value: Any, depth: int = 0) -> bool:
        if depth > 50:
            return False
        if isinstance(value, PDFStream):
            value = value.attrs
        if isinstance(value, dict):
            return any(str(k) in PDF_ACTION_NAMES or named(v) or runs(v, depth + 1) for k, v in value.items())
        if isinstance(value, list):
            return any(named(v) or runs(v, depth + 1) for v in value)
        return False

    def packed(stream: PDFStream) -> Iterable[Any]:
        parser = PDFStreamParser(stream.get_data())
        parser.set_document(document)
        while True:
            try:
                yield parser.nextobject()[1]
            except PSEOF:
                return

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        for objid in {objid for xref in document.xrefs for objid in xref.get_objids()}:
            obj = document.getobj(objid)
            if runs(obj):
                return True
            if isinstance(obj, PDFStream) and named_type(obj) == "ObjStm" and any(runs(o) for o in packed(obj)):
                return True
    except Exception:  # pdfminer raises many kinds on malformed files
        return False
    return False


def named_type(stream: Any) -> str:
    value = stream.attrs.get("Type")
    return str(getattr(value, "name", value))


def _read_all(upload: File[Any]) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return bytes(data)


def _stream(upload: File[Any]) -> Iterable[bytes]:
    upload.seek(0)
    while chunk := upload.read(_CHUNK):
        yield chunk
    upload.seek(0)


@dataclass
class CheckedUpload:
    upload: File[Any]
    name: str
    content_type: str
    sha256: str
    size: int
    extension: str = field(default="")


def check_upload(upload: File[Any], *, allowed: Mapping[str, str], name: str | None = None) -> CheckedUpload:
    """Size, type by content (one of `allowed`: MIME → Vietnamese label), a name that does not claim another type,
    no markup a browser would run anywhere in the bytes, PDF without actions, zip-based documents within bounds.
    Raises FileRefused."""
    name = name or str(getattr(upload, "name", "") or "tệp")
    limit = int(settings.MAX_UPLOAD_BYTES)
    size = int(getattr(upload, "size", 0) or 0)
    if size > limit:
        raise FileRefused(f"Tệp «{name}» quá lớn ({size / 1048576:.1f} MB): tối đa {limit / 1048576:.0f} MB.")
    upload.seek(0)
    head = upload.read(8192)
    mime = sniff(head) or "không xác định"
    if mime not in allowed:
        raise FileRefused(
            f"Tệp «{name}» không phải {', '.join(allowed.values())} — nội dung thực là {mime}. Hãy chọn đúng tệp."
        )
    suffix = PurePosixPath(name.lower()).suffix
    if suffix and suffix not in EXTENSIONS.get(mime, ()):
        raise FileRefused(
            f"Tên tệp «{name}» ghi đuôi {suffix} nhưng nội dung là {allowed[mime]}: hệ thống không nhận tệp mạo danh "
            f"định dạng. Hãy đổi đuôi tệp cho đúng ({EXTENSIONS[mime][0]}) rồi tải lại."
        )
    digest = hashlib.sha256()
    tail = b""
    for chunk in _stream(upload):
        digest.update(chunk)
        window = tail + chunk
        if ACTIVE_CONTENT.search(window):
            raise FileRefused(
                f"Tệp «{name}» có chứa mã HTML/kịch bản (script) lẫn trong nội dung {allowed[mime]}: hệ thống từ chối "
                "tệp «hai mặt» này. Hãy xuất lại tệp từ phần mềm gốc."
            )
        tail = window[-_OVERLAP:]
    if mime == "application/pdf" and pdf_runs_actions(_read_all(upload)):
        raise FileRefused(PDF_ACTION_REFUSED.format(name=name))
    if mime in ZIP_BASED:
        upload.seek(0)
        with check_zip(upload, name=name) as archive:
            members = set(archive.namelist())
        if ZIP_BASED[mime] not in members or any(m.lower().endswith("vbaproject.bin") for m in members):
            raise FileRefused(f"Tệp «{name}» không phải {allowed[mime]} hợp lệ (thiếu nội dung hoặc có macro).")
        upload.seek(0)
    return CheckedUpload(upload, name, mime, digest.hexdigest(), size, EXTENSIONS.get(mime, ("",))[0])


def download_name(original: str, content_type: str) -> str:
    """The original name with the extension of what the file really is."""
    extensions = EXTENSIONS.get(content_type, ())
    path = PurePosixPath(original.replace("\\", "/")).name or "tep"
    stem, suffix = PurePosixPath(path).stem or "tep", PurePosixPath(path).suffix.lower()
    if not extensions or suffix in extensions:
        return path
    return stem + extensions[0]


def file_stem(text: str) -> str:
    """A file name from Vietnamese text: "Báo cáo 6 tháng đầu năm" → "bao-cao-6-thang-dau-nam"."""
    return slugify(fold(text)) or "bao-cao"


def generated_download(data: bytes, content_type: str, name: str) -> HttpResponse:
    """A document the system just generated (.docx, .xlsx) as an attachment named after `name`."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_stem(name)}{EXTENSIONS[content_type][0]}"'
    return response


def protected_file_response(stored: File[Any], *, filename: str, allowed: Iterable[str]) -> HttpResponseBase:
    """A stored upload as an attachment, for a caller that has already checked access. The type comes from the
    bytes (anything not in `allowed` goes out as application/octet-stream); the browser is told not to sniff
    and to treat the response as a sandboxed, script-less document even if opened directly."""
    stored.open("rb")
    head = stored.read(8192)
    sniffed = sniff(head)
    content_type = sniffed if sniffed in set(allowed) else "application/octet-stream"
    accel = str(getattr(settings, "PROTECTED_MEDIA_ACCEL_PREFIX", "") or "")
    response: HttpResponseBase
    if accel:
        stored.close()
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(str(stored.name))
    else:
        stored.seek(0)
        response = FileResponse(stored, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, download_name(filename, content_type)) or ""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


PUBLIC_IMAGE_SIDE = 1600


def public_image_response(stored: File[Any]) -> HttpResponse:
    """A stored picture for the public: re-encoded as a JPEG at most PUBLIC_IMAGE_SIDE pixels a side, turned
    upright, with none of the original's metadata (camera, time, GPS position), shown inline and cacheable."""
    with stored.open("rb") as handle, Image.open(handle) as picture:
        upright = ImageOps.exif_transpose(picture).convert("RGB")
        upright.thumbnail((PUBLIC_IMAGE_SIDE, PUBLIC_IMAGE_SIDE))
        out = io.BytesIO()
        upright.save(out, format="JPEG", quality=85, optimize=True)
    response = HttpResponse(out.getvalue(), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response
