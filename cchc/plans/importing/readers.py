"""Readers: .txt, .docx, .pdf (text layer or scanned), .doc/.rtf/.odt (via LibreOffice) bytes to a SourceDocument,
with the safety checks done before any parsing."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from cchc.core import files
from cchc.core.inputs import vn_number
from cchc.core.legacy_encodings import NotTextError, decode_bytes
from cchc.core.text import fold
from cchc.plans.importing import ocr
from cchc.plans.importing.blocks import Block, Emphasis, Paragraph, SourceDocument, Table
from cchc.plans.importing.errors import DocumentImportError
from cchc.plans.importing.ocr import Progress
from cchc.plans.importing.textlayout import blocks_from_text, clean_text

MAX_BYTES = 20 * 1024 * 1024
# python-docx holds the whole XML tree (about 40 bytes of memory per byte of XML): bench/uploads.py measures it.
DOCX_LIMITS = files.ZipLimits(total=60 * 1024 * 1024, member=12 * 1024 * 1024, ratio=100)
# A long provincial plan with its appendix has a few thousand paragraphs and table rows; a file with many more is not
# a plan, and reading it would only hold a worker.
MAX_PARAGRAPHS = 20_000
MAX_PDF_PAGES = 100
CONVERT_TIMEOUT = 120

_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")


def kind_of(data: bytes, filename: str) -> str:
    """'txt', 'docx', 'odt', 'doc', 'rtf' or 'pdf' from the content (magic bytes), the file name only breaking ties."""
    suffix = Path(filename).suffix.lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "odt" if b"application/vnd.oasis.opendocument.text" in data[:200] else "docx"
    if data.startswith(_IMAGE_MAGIC):
        raise DocumentImportError(
            f"Tệp «{filename}» là một ảnh chứ không phải văn bản. Hãy chụp/quét thành PDF hoặc nhập tệp .docx, .txt."
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if suffix in (".docx", ".pdf", ".doc", ".odt", ".rtf"):
        raise DocumentImportError(
            f"Tệp «{filename}» không phải tệp {suffix} hợp lệ (nội dung bị hỏng hoặc sai định dạng)."
        )
    return "txt"


def read_txt(data: bytes) -> SourceDocument:
    try:
        text = decode_bytes(data)
    except NotTextError:
        raise DocumentImportError("Tệp không phải văn bản đọc được (có thể là tệp nhị phân).") from None
    except (UnicodeDecodeError, ValueError, LookupError):
        raise DocumentImportError("Không đọc được bảng mã của tệp văn bản.") from None
    text = clean_text(text)
    if "\x00" in text:
        raise DocumentImportError("Tệp không phải văn bản đọc được (có thể là tệp nhị phân).")
    return SourceDocument(text=text, blocks=blocks_from_text(text), emphasis=markdown_emphasis(text))


def _check_zip(data: bytes, member: str = "word/document.xml", name: str = "tệp .docx") -> None:
    try:
        with files.check_zip(data, name=name, limits=DOCX_LIMITS) as archive:
            names = set(archive.namelist())
    except files.FileRefused as exc:
        raise DocumentImportError(exc.message) from None
    if member not in names:
        raise DocumentImportError(f"{name.capitalize()} không chứa văn bản (thiếu {member}).")


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while number >= value:
            out += letters
            number -= value
    return out


class _Numbering:
    """Word's automatic list numbers ('I.', '1.', 'a)', bullets) put back in front of the paragraph text."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.styles: dict[str | None, Any] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[str, tuple[str, str, int]]] = {}
        for node in root.iter(qn("w:abstractNum")):
            levels = {}
            for lvl in node.iter(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[lvl.get(qn("w:ilvl"))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "%1.",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in root.iter(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                for ilvl, level in abstract.get(ref.get(qn("w:val")), {}).items():
                    self.levels[(num.get(qn("w:numId")), ilvl)] = level

    def _num_pr(self, paragraph: Any) -> Any:
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style = self.style_of(paragraph)
        while style is not None:
            spr = style.element.pPr
            if spr is not None and spr.numPr is not None:
                return spr.numPr
            style = style.base_style
        return None

    def style_of(self, paragraph: Any) -> Any:
        """The paragraph's style, looked up once per style id (python-docx scans every style of the document on each
        lookup, which made a document of many paragraphs take minutes)."""
        key = paragraph._p.style
        if key not in self.styles:
            self.styles[key] = paragraph.style
        return self.styles[key]

    def label(self, paragraph: Any) -> str | None:
        num_pr = self._num_pr(paragraph)
        if num_pr is None or num_pr.numId is None:
            return None
        num_id = str(num_pr.numId.val)
        ilvl = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        level = self.levels.get((num_id, str(ilvl)))
        if level is None or num_id == "0":
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level[2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, _ = level
        if fmt == "bullet":
            return "-"

        def shown(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            start = self.levels.get((num_id, str(k)), ("decimal", "", 1))
            value = counters.get(k, start[2])
            kind = start[0]
            if kind == "upperRoman":
                return _roman(value)
            if kind == "lowerRoman":
                return _roman(value).lower()
            if kind == "upperLetter":
                return chr(64 + min(value, 26))
            if kind == "lowerLetter":
                return chr(96 + min(value, 26))
            return str(value)

        return re.sub(r"%(\d)", shown, text).strip() or None


def read_docx(data: bytes) -> SourceDocument:
    _check_zip(data)
    try:
        return _read_docx(data)
    except DocumentImportError:
        raise
    except Exception as exc:  # a malformed part can fail anywhere inside python-docx
        raise DocumentImportError(f"Không đọc được tệp .docx (tệp hỏng: {type(exc).__name__}).") from None


def _read_docx(data: bytes) -> SourceDocument:
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on malformed parts
        raise DocumentImportError(f"Không đọc được tệp .docx: {type(exc).__name__}.") from None
    accept_tracked_changes(document.element.body)
    parts: list[str] = []
    blocks: list[Block] = []
    emphasis: list[Emphasis] = []
    pos = 0
    numbering = _Numbering(document)

    def add(text: str) -> tuple[int, int]:
        nonlocal pos
        if len(parts) >= MAX_PARAGRAPHS:
            raise DocumentImportError(
                f"Tệp .docx có hơn {vn_number(MAX_PARAGRAPHS)} đoạn văn và dòng bảng: quá dài để là một kế hoạch."
            )
        start = pos
        parts.append(text + "\n")
        pos += len(text) + 1
        return start, start + len(text)

    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = DocxParagraph(element, document)
            text = clean_text(paragraph.text)
            label = numbering.label(paragraph) if text.strip() else None
            if label:
                text = f"{label} {text.strip()}"
            style = numbering.style_of(paragraph)
            style = (style.name if style is not None else "") or ""
            level = None
            if m := re.match(r"(?i)heading\s*(\d)", style):
                level = int(m.group(1))
            phrases = run_emphasis(paragraph)
            for line in text.split("\n"):
                if line.strip():
                    span = add(line)
                    blocks.append(Paragraph(line.strip(), span, level))
                    for phrase, bold, italic in phrases:
                        if (at := line.find(phrase)) >= 0:
                            emphasis.append(Emphasis(span[0] + at, span[0] + at + len(phrase), bold, italic))
        elif tag == "tbl":
            table = DocxTable(element, document)
            rows: list[list[str]] = []
            start = pos
            for row in table.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats across the columns it spans
                        cells.append("")
                        continue
                    seen.add(id(cell._tc))
                    cells.append(clean_text("\n".join(p.text for p in cell.paragraphs)).strip())
                rows.append(cells)
                add("\t".join(c.replace("\n", " ") for c in cells))
            if rows:
                blocks.append(Table(rows, (start, pos)))
    text = "".join(parts)
    return SourceDocument(text=text, blocks=blocks, emphasis=emphasis)


def run_emphasis(paragraph: Any) -> list[tuple[str, bool, bool]]:
    """The bold or italic stretches of a .docx paragraph (runs of the same look joined), as (text, bold, italic)."""
    stretches: list[list[Any]] = []
    for run in paragraph.runs:
        look = (bool(run.bold), bool(run.italic))
        if stretches and stretches[-1][1] == look:
            stretches[-1][0] += run.text
        else:
            stretches.append([run.text, look])
    return [
        (clean_text(text).strip(), bold, italic)
        for text, (bold, italic) in stretches
        if (bold or italic) and len(clean_text(text).strip()) > 1
    ]


_MARKDOWN_BOLD = re.compile(r"\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*")
_MARKDOWN_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![*\w])")


def markdown_emphasis(text: str) -> list[Emphasis]:
    """The **bold** and *italic* stretches of a text written with markdown marks (the words inside, by span)."""
    found = [Emphasis(m.start(1), m.end(1), True, False) for m in _MARKDOWN_BOLD.finditer(text)]
    found += [Emphasis(m.start(1), m.end(1), False, True) for m in _MARKDOWN_ITALIC.finditer(text)]
    return sorted(found, key=lambda e: e.start)


def accept_tracked_changes(body: Any) -> None:
    """The document as it reads with every tracked change accepted: insertions kept, deletions gone."""
    from docx.oxml.ns import qn

    for marker in list(body.iter(qn("w:del"))):
        parent = marker.getparent()
        if parent is not None and parent.tag == qn("w:trPr"):  # a deleted table row
            row = parent.getparent()
            if row is not None and row.getparent() is not None:
                row.getparent().remove(row)
    for tag in ("w:del", "w:moveFrom"):
        for element in list(body.iter(qn(tag))):
            if element.getparent() is not None:
                element.getparent().remove(element)
    for tag in ("w:ins", "w:moveTo"):
        for element in list(body.iter(qn(tag))):
            parent = element.getparent()
            if parent is None or parent.tag in (qn("w:rPr"), qn("w:trPr"), qn("w:pPr")):
                continue  # a marker on a property, not content
            index = parent.index(element)
            for offset, child in enumerate(list(element)):
                parent.insert(index + offset, child)
            parent.remove(element)


def converted_by_libreoffice(data: bytes, kind: str) -> bytes:
    """An old Word (.doc), RTF or OpenDocument file as .docx, converted by LibreOffice in headless mode."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    label = {"doc": "Word cũ (.doc)", "rtf": "RTF (.rtf)", "odt": "OpenDocument (.odt)"}[kind]
    if soffice is None:
        raise DocumentImportError(
            f"Tệp {label} cần LibreOffice để đọc, máy chủ chưa cài (sudo apt-get install libreoffice-writer-nogui). "
            "Hoặc mở tệp bằng Word/LibreOffice, lưu lại thành .docx rồi nhập lại."
        )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"van-ban.{kind}"
        source.write_bytes(data)
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", f"{tmp}/out", str(source)],
                capture_output=True, timeout=CONVERT_TIMEOUT, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise DocumentImportError(
                f"Chuyển tệp {label} sang .docx quá {CONVERT_TIMEOUT} giây; tệp có thể hỏng."
            ) from None
        converted = Path(tmp) / "out" / "van-ban.docx"
        if not converted.exists():
            raise DocumentImportError(f"Không đọc được tệp {label} (tệp hỏng hoặc được đặt mật khẩu).")
        return converted.read_bytes()


def _page_table_rows(table: list[list[str | None]]) -> list[list[str]]:
    return [[clean_text(c or "").strip() for c in row] for row in table]


def _pdftotext(data: bytes, pages: int) -> list[str] | None:
    """The text of each page by poppler's pdftotext (fast); None when it is not installed or fails."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    try:
        done = subprocess.run([tool, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, timeout=30)
    except (subprocess.TimeoutExpired, OSError):
        return None
    if done.returncode != 0:
        return None
    texts = done.stdout.decode("utf-8", errors="replace").split("\f")
    return texts[:pages] if len(texts) >= pages else None


def _has_table_header(text: str) -> bool:
    key = fold(text)
    words = ("noi dung", "hinh thuc", "chu tri", "phoi hop", "thoi gian", "kinh phi")
    return bool(re.search(r"\bstt\b", key)) and sum(w in key for w in words) >= 2


def _is_scanned(page: Any, fast: str | None) -> bool:
    """A page that is a picture: images and no text layer."""
    return bool(page.images) and not (fast or "").strip() and not page.chars


def _plumb_page(page: Any, fast: str | None) -> tuple[str, list[list[str]]]:
    """One page by pdfplumber: ruled tables as rows, the rest as text; a page without text goes to OCR.

    Without a ruled table the fast reader's text (if any) is kept: it gives table columns one after another,
    which the text layout understands, where a line-by-line reading would mix the cells of a row.
    """
    found = []
    if page.rects or page.lines or page.curves:  # ruled tables only
        try:
            found = page.find_tables()
        except Exception:  # pdfplumber fails on some malformed vector graphics: read the text then
            found = []
    if not found and fast and fast.strip():
        return fast, []
    boxes = [t.bbox for t in found]

    def outside(obj: dict[str, float]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    body = page.filter(outside) if boxes else page
    page_text = body.extract_text() or ""
    rows: list[list[str]] = []
    for table in found:
        rows.extend(_page_table_rows(table.extract()))
    return page_text, rows


def _page_body(text: str, number: int) -> str:
    """A page's text without its page number (alone on the first or last line: Decree 30 prints it at the top from
    page 2) and the blank lines around it, so that a paragraph going on to the next page stays one paragraph."""
    lines = text.strip("\n").split("\n")
    if len(lines) > 1 and lines[0].strip() == str(number):
        lines = lines[1:]
    elif len(lines) > 1 and lines[-1].strip() == str(number):
        lines = lines[:-1]
    return "\n".join(lines).strip("\n")


def read_pdf(data: bytes, progress: Progress | None = None) -> SourceDocument:
    try:
        return _read_pdf(data, progress)
    except DocumentImportError:
        raise
    except Exception as exc:  # a malformed PDF can fail deep inside pdfminer on any page
        raise DocumentImportError(f"Không đọc được nội dung tệp PDF (tệp hỏng: {type(exc).__name__}).") from None


def _read_pdf(data: bytes, progress: Progress | None) -> SourceDocument:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    encrypted = "Tệp PDF được đặt mật khẩu (mã hóa); hãy gỡ mật khẩu rồi nhập lại."
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in its own exception
        causes = [exc, *exc.args, exc.__cause__, exc.__context__]
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes) or re.search(
            r"(?i)encrypt|password", " ".join(repr(c) for c in causes)
        ):
            raise DocumentImportError(encrypted) from None
        raise DocumentImportError(
            f"Không mở được tệp PDF (tệp hỏng hoặc không đúng định dạng: {type(exc).__name__})."
        ) from None
    with pdf:
        if len(pdf.pages) > MAX_PDF_PAGES:
            raise DocumentImportError(
                f"Tệp PDF có {len(pdf.pages)} trang, vượt giới hạn {MAX_PDF_PAGES} trang của một kế hoạch."
            )
        fast = _pdftotext(data, len(pdf.pages))
        first_table = next((k for k, t in enumerate(fast) if _has_table_header(t)), len(fast)) if fast else 0
        pages: list[tuple[str, list[list[str]]]] = []
        scanned: list[tuple[int, int]] = []
        warnings: list[str] = []
        for number, page in enumerate(pdf.pages):
            own = fast[number] if fast else None
            if _is_scanned(page, own):
                ocr.check_page_images(page, number)
                scanned.append((number, ocr.page_dpi(page)))
                pages.append(("", []))
            elif fast is not None and number < first_table and fast[number].strip():
                pages.append((fast[number], []))  # plain text page: the fast reader's text is enough
            else:
                pages.append(_plumb_page(page, own))
    if scanned:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "scan.pdf"
            path.write_bytes(data)
            for number, result in ocr.read_scanned_pages(path, scanned, progress).items():
                pages[number] = (result.text, result.rows)
                warnings.extend(result.notes)
        warnings.append("Một số trang được nhận dạng chữ (OCR); hãy soát lại kết quả.")
    text_parts: list[str] = []
    table_rows: list[list[str]] = []
    for number, (page_text, rows) in enumerate(pages, 1):
        text_parts.append(_page_body(page_text, number))
        if table_rows and rows and rows[0] == table_rows[0]:
            rows = rows[1:]  # the header repeated on the next page
        table_rows.extend(rows)
    text = clean_text("\n".join(text_parts))
    blocks = blocks_from_text(text)
    if table_rows:
        blocks.append(Table(table_rows, (len(text), len(text))))
    if not text.strip() and not table_rows:
        raise DocumentImportError("Tệp PDF không có chữ để đọc.")
    return SourceDocument(text=text, blocks=blocks, warnings=sorted(set(warnings)))


def read_document(data: bytes, filename: str, progress: Progress | None = None) -> SourceDocument:
    """Any supported file as a SourceDocument; DocumentImportError with a Vietnamese message otherwise."""
    if not data or not data.strip():
        raise DocumentImportError(f"Tệp «{filename}» rỗng, không có nội dung để nhập.")
    if len(data) > MAX_BYTES:
        raise DocumentImportError(f"Tệp «{filename}» lớn hơn {MAX_BYTES // (1024 * 1024)} MB, vượt giới hạn cho phép.")
    kind = kind_of(data, filename)
    if kind == "pdf":
        return read_pdf(data, progress)
    if kind == "docx":
        return read_docx(data)
    if kind == "odt":
        _check_zip(data, "content.xml", "tệp .odt")
    if kind in ("doc", "rtf", "odt"):
        return read_docx(converted_by_libreoffice(data, kind))
    return read_txt(data)
