"""Plain text to blocks: paragraph joining, markdown marks, and the appendix table in its text shapes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cchc.core.text import fold
from cchc.plans.importing.blocks import Block, Paragraph, Table
from cchc.plans.importing.citations import fold_same_length
from cchc.plans.importing.timing import is_timing_text

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_INITIALS = re.compile(r"\*[A-ZĐ]{1,4}\*")
_HEADING_MARK = re.compile(r"^\s*(#{1,6})\s+")
_BULLET = re.compile(r"^\s*(?:[-–+•●▪○∙·*]|v(?=\s+[A-ZĐ]))\s+")
NUMBERING = re.compile(
    r"^\s*(?:(?P<roman>[IVXLC]{1,6}|[I1l]{1,3}[1I])\s*[.:)]|(?P<arabic>\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)](?!\d)"
    r"|(?P<letter>[a-zđ])\s*[).])\s*"
)
_ROW_NUMBER = re.compile(r"^\s*(?:\d{1,3}|[IVX]{1,5})\s*\.?\s*$")
_TERMINAL = re.compile(r"[.:;!?…)\]”\"]\s*$")

# Header words of an appendix table and the column each names (folded, checked in this order).
_COLUMN_WORDS: list[tuple[str, str]] = [
    ("stt", "ref"),
    ("thoi gian", "timing"),
    ("thoi han", "timing"),
    ("tien do", "timing"),
    ("kinh phi", "funding"),
    ("phoi hop", "coordinators"),
    ("chu tri", "lead"),
    ("don vi thuc hien", "lead"),
    ("co quan thuc hien", "lead"),
    ("trach nhiem", "lead"),
    ("hinh thuc", "forms"),
    ("noi dung", "content"),
    ("nhiem vu", "content"),
    ("hoat dong", "content"),
    ("san pham", "product"),
    ("ghi chu", "note"),
]


@dataclass
class Line:
    text: str
    start: int
    end: int
    level: int | None = None

    @property
    def blank(self) -> bool:
        return not self.text.strip()


# Typographic ligatures a PDF's text layer or OCR may give for the letters (iOﬃce, ﬁle): the letters.
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


def clean_text(text: str) -> str:
    """NFC, unified line ends and spaces, ligatures as their letters, editor artefacts dropped; keeps the text
    length-stable enough for spans."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").translate(_LIGATURES)
    text = text.replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", "")
    return _BOOKMARK.sub("", text)


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        level = None
        body = raw
        if m := _HEADING_MARK.match(body):
            level = len(m.group(1))
            body = body[m.end() :]
        body = _INITIALS.sub("", body).replace("**", "")
        body = re.sub(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", body)
        lines.append(Line(body.rstrip(" "), start, end, level))
    return lines


def column_kinds(header_cells: list[str]) -> list[str]:
    """The column each header cell names ('content', 'lead' ...; 'other' when none)."""
    kinds = []
    for cell in header_cells:
        key = fold(cell)
        kind = "other"
        if "noi dung" in key and "hinh thuc" in key:
            kind = "content_forms"
        else:
            for word, name in _COLUMN_WORDS:
                if word in key:
                    kind = name
                    break
        kinds.append(kind)
    return kinds


def is_table_header(cells: list[str]) -> bool:
    kinds = column_kinds(cells)
    named = [k for k in kinds if k not in ("other", "ref")]
    return len(named) >= 2 and any(k in ("content", "content_forms", "forms") for k in kinds)


# --- table shapes -------------------------------------------------------------------------------------------


def _tab_cells(line: Line) -> list[str]:
    return [c.strip() for c in line.text.split("\t")]


def _tab_separated(lines: list[Line], i: int) -> tuple[Table, int] | None:
    """Rows with tab-separated cells ('STT<TAB>Nội dung<TAB>...')."""
    line = lines[i]
    if "\t" not in line.text.strip("\t ") or not is_table_header(_tab_cells(line)):
        return None
    width = len(_tab_cells(line))
    rows = [_tab_cells(line)]
    j = i + 1
    while j < len(lines):
        cur = lines[j]
        if cur.blank:
            j += 1
            continue
        if "\t" not in cur.text.strip("\t "):
            break
        cells = _tab_cells(cur)
        rows.append((cells + [""] * width)[:width] if len(cells) <= width else cells)
        j += 1
    end = j
    while end > i and lines[end - 1].blank:
        end -= 1
    return Table(rows, (line.start, lines[end - 1].end)), end


def _cell_per_line(lines: list[Line], i: int) -> tuple[Table, int] | None:
    """Each cell on its own line opened by a tab, rows one after another (a table pasted from a word processor)."""
    if fold(lines[i].text.strip()) != "stt" or not lines[i].text.startswith("\t"):
        return None
    header: list[str] = []
    j = i
    while j < len(lines) and lines[j].text.startswith("\t") and lines[j].text.strip():
        header.append(lines[j].text.strip())
        j += 1
    if len(header) < 3 or not is_table_header(header):
        return None
    width = len(header)
    cells: list[list[str]] = []
    last = j
    while j < len(lines):
        cur = lines[j]
        if cur.text.startswith("\t"):
            at_row_start = len(cells) % width == 0
            if at_row_start and not _ROW_NUMBER.match(cur.text.strip()):
                break
            cells.append([cur.text.strip()])
            last = j
        elif cur.blank:
            if cells and len(cells) % width == 0:
                # a blank line after a complete row: the table goes on only if the next line opens a row
                k = j
                while k < len(lines) and lines[k].blank:
                    k += 1
                if k >= len(lines) or not (lines[k].text.startswith("\t") and _ROW_NUMBER.match(lines[k].text)):
                    break
        elif cells:
            cells[-1].append(cur.text.strip())
            last = j
        else:
            break
        j += 1
    if not cells:
        return None
    rows = [header]
    flat = ["\n".join(part for part in c if part) for c in cells]
    for k in range(0, len(flat), width):
        rows.append((flat[k : k + width] + [""] * width)[:width])
    return Table(rows, (lines[i].start, lines[last].end)), last + 1


def _interleaved(lines: list[Line], i: int) -> tuple[Table, int] | None:
    """A table whose PDF text came out column after column within each row (no tabs, one line per text line)."""
    first = lines[i].text.strip()
    if not re.match(r"(?i)^stt\b", first) or "\t" in first:
        return None
    header_lines = [first]
    j = i + 1
    while j < len(lines) and (lines[j].blank or not _ROW_NUMBER.match(lines[j].text)):
        if not lines[j].blank:
            if len(lines[j].text.strip()) > 40:
                return None
            header_lines.append(lines[j].text.strip())
        j += 1
        if len(header_lines) > 12:
            return None
    header_text = " ".join(header_lines)
    kinds = _header_order(header_text)
    if len(kinds) < 3 or ("content" not in kinds and "content_forms" not in kinds):
        return None
    header_set = {h for h in header_lines}
    rows_lines: list[list[str]] = []
    expected = 1
    last = j
    while j < len(lines):
        cur = lines[j]
        text = cur.text.strip()
        if cur.blank:
            j += 1
            continue
        if _ends_table(text):
            break
        number = text.rstrip(". ")
        if _ROW_NUMBER.match(text) and (number == str(expected) or re.fullmatch(r"[IVX]+", number)):
            rows_lines.append([number])
            expected = int(number) + 1 if number.isdigit() else 1
        elif rows_lines:
            rows_lines[-1].append(text if text not in header_set else "\f")
        last = j
        j += 1
    if not rows_lines:
        return None
    header_row = ["STT", *_header_names(header_text, kinds)]
    rows = [header_row]
    known: dict[str, int] = {}
    for row in rows_lines:
        rows.append([row[0], *_assign_columns(row[1:], kinds, known)])
    return Table(rows, (lines[i].start, lines[last].end)), last + 1


_KIND_LABEL = {
    "content": "Nội dung",
    "forms": "Hình thức",
    "content_forms": "Nội dung, hình thức",
    "lead": "Chủ trì",
    "coordinators": "Phối hợp",
    "timing": "Thời gian thực hiện",
    "funding": "Kinh phí",
    "product": "Sản phẩm",
    "note": "Ghi chú",
}


def _header_order(header_text: str) -> list[str]:
    return [kind for _, kind in _header_positions(fold(header_text))]


def _header_positions(key: str) -> list[tuple[int, str]]:
    """Where each column's name starts in the header's folded text, in order."""
    found: list[tuple[int, str]] = []
    if m := re.search(r"noi dung,? (va )?hinh thuc", key):
        found.append((m.start(), "content_forms"))
        key = key[: m.start()] + " " * (m.end() - m.start()) + key[m.end() :]
    for word, kind in _COLUMN_WORDS:
        if kind == "ref":
            continue
        pos = key.find(word)
        if pos >= 0 and all(k != kind for _, k in found):
            found.append((pos, kind))
            key = key[:pos] + " " * len(word) + key[pos + len(word) :]
    return sorted(found)


_COLUMN_SUBJECT = re.compile(r"(?:(?:co quan|don vi)(?:,\s*(?:co quan|don vi))?\s+)$")


def _header_names(header_text: str, kinds: list[str]) -> list[str]:
    """The column names as printed ('Nội dung tuyên truyền', 'Cơ quan chủ trì'): the header's text cut where each
    column's word starts, its subject ('Cơ quan', 'Đơn vị') kept with it; the usual names where it cannot be cut."""
    text = re.sub(r"(?i)^\s*stt\s*", "", re.sub(r"\s+", " ", unicodedata.normalize("NFC", header_text)))
    key = fold_same_length(text)
    found = _header_positions(key)
    if [kind for _, kind in found] != kinds:
        return [_KIND_LABEL[k] for k in kinds]
    starts: list[int] = []
    for pos, _ in found:
        subject = _COLUMN_SUBJECT.search(key[:pos])
        starts.append(subject.start() if subject and (not starts or subject.start() > starts[-1]) else pos)
    names = [text[a:b].strip(" ,") for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    return names if starts[0] == 0 and all(names) else [_KIND_LABEL[k] for k in kinds]


def _ends_table(text: str) -> bool:
    key = fold(text)
    return key.startswith(("noi nhan", "tm.", "kt.")) or (len(key) < 20 and key.startswith("phu luc"))


def _page_chunks(row: list[str]) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    for text in row:
        if text == "\f":
            if chunks[-1]:
                chunks.append([])
        else:
            chunks[-1].append(text)
    return [c for c in chunks if c]


def _starts_item(text: str) -> bool:
    return bool(_BULLET.match(text))


_UNIT_HEAD_END = re.compile(
    r"(?i)(?:văn phòng|trung tâm|phòng|ban|sở|hội|ủy ban|uỷ ban|ubnd|các|cổng|đài|báo|và|&|-|–|:|,|;)\s*$"
)


def _next_word(lines: list[str], i: int) -> int:
    words = lines[i + 1].split() if i + 1 < len(lines) else []
    return len(words[0]) if words else 0


def _wrap_violations(lines: list[str], width: int) -> int:
    """Lines that end early although the next line continues them (wrapped text is full to `width`)."""
    bad = 0
    for i, text in enumerate(lines[:-1]):
        if _starts_item(lines[i + 1]) or _TERMINAL.search(text):
            continue
        if len(text) + 1 + _next_word(lines, i) < width - max(2, 0.1 * width):
            bad += 1
    return bad


def _split_text_columns(lines: list[str], count: int, known: dict[str, int], first: bool) -> list[list[str]]:
    """Content lines, then form lines (a narrower column of '- ' items): the split wrapping explains best."""
    if count < 2 or not lines:
        return [lines] + [[] for _ in range(count - 1)]
    forms_width = known.get("forms", 0)
    longest = max(len(t) for t in lines)
    if not first and forms_width and longest <= forms_width + 2 and _starts_item(lines[0]):
        return [[], lines] + [[] for _ in range(count - 2)]
    best: tuple[float, int] = (_wrap_violations(lines, longest) + (2 if first else 0), len(lines))
    for b in range(1, len(lines)):
        if not _starts_item(lines[b]):
            continue
        before, after = lines[:b], lines[b:]
        wide_before, wide_after = max(len(t) for t in before), max(len(t) for t in after)
        if forms_width and wide_after > forms_width + 2:
            continue
        score = _wrap_violations(before, wide_before) + _wrap_violations(after, wide_after)
        if wide_after > wide_before:
            score += 3
        if score < best[0]:
            best = (score, b)
    b = best[1]
    if first and b < len(lines):
        known["forms"] = max(forms_width, max(len(t) for t in lines[b:]))
    return [lines[:b], lines[b:]] + [[] for _ in range(count - 2)]


def _split_unit_columns(lines: list[str], count: int) -> list[list[str]]:
    """Lead units, then coordinating units: a new cell opens where a unit name cannot go on."""
    if count < 2:
        return [lines]
    cut = len(lines)
    for i in range(1, len(lines)):
        prev, text = lines[i - 1], lines[i]
        if text[:1].isupper() and not _UNIT_HEAD_END.search(prev):
            cut = i
    return [lines[:cut], lines[cut:]] + [[] for _ in range(count - 2)]


def _assign_columns(row: list[str], kinds: list[str], known: dict[str, int]) -> list[str]:
    cells: dict[str, list[str]] = {k: [] for k in kinds}
    text_kinds = [k for k in kinds if k in ("content", "forms", "content_forms")]
    unit_kinds = [k for k in kinds if k in ("lead", "coordinators")]
    other = [k for k in kinds if k not in text_kinds and k not in unit_kinds]
    for number, chunk in enumerate(_page_chunks(row)):
        # trailing timing / funding words, then what follows them is the next page of the same row
        timing_at = next((k for k, t in enumerate(chunk) if is_timing_text(t) and k > 0), None)
        rest: list[str] = []
        if timing_at is not None:
            end = timing_at
            while end < len(chunk) and is_timing_text(chunk[end]):
                end += 1
            if other:
                cells[other[0]].extend(chunk[timing_at:end])
            chunk, rest = chunk[:timing_at], chunk[end:]
        for part, first in ((chunk, number == 0), (rest, False)):
            if not part:
                continue
            start = len(part)
            limit = 0.55 * max(len(t) for t in part)
            while start > 0 and len(part[start - 1]) <= limit and not _starts_item(part[start - 1]):
                start -= 1
            while start < len(part) and not part[start][:1].isupper():
                start += 1
            if not unit_kinds:
                start = len(part)
            texts = _split_text_columns(part[:start], len(text_kinds), known, first)
            for kind, lines in zip(text_kinds, texts, strict=False):
                cells[kind].extend(lines)
            for kind, lines in zip(unit_kinds, _split_unit_columns(part[start:], len(unit_kinds)), strict=False):
                cells[kind].extend(lines)
    return ["\n".join(cells[k]) for k in kinds]


_TABLE_SHAPES = (_tab_separated, _cell_per_line, _interleaved)


# --- paragraphs -----------------------------------------------------------------------------------------------


def _wrap_width(lines: list[Line]) -> int | None:
    """The width text was wrapped at, or None when each line is a paragraph."""
    lengths = sorted(len(ln.text.strip()) for ln in lines if not ln.blank)
    if len(lengths) < 10:
        return None
    width = lengths[int(len(lengths) * 0.95) - 1]
    if width > 130:
        return None
    near = sum(1 for n in lengths if n >= 0.72 * width)
    return width if near >= 0.35 * len(lengths) else None


def _is_heading_like(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _paragraphs(lines: list[Line]) -> list[Paragraph]:
    width = _wrap_width(lines)
    non_blank = [k for k, ln in enumerate(lines) if not ln.blank]
    followed_by_blank = sum(1 for k in non_blank if k + 1 < len(lines) and lines[k + 1].blank)
    double_spaced = bool(non_blank) and followed_by_blank >= 0.7 * len(non_blank)
    out: list[Paragraph] = []
    current: list[Line] = []
    gap = 0

    def flush() -> None:
        if current:
            text = " ".join(ln.text.strip() for ln in current)
            out.append(
                Paragraph(re.sub(r"\s+", " ", text).strip(), (current[0].start, current[-1].end), current[0].level)
            )
            current.clear()

    for ln in lines:
        if ln.blank:
            gap += 1
            continue
        text = ln.text.strip()
        if not current:
            current.append(ln)
        elif width is None:
            prev = current[-1].text.strip()
            starts_item = _BULLET.match(text) or NUMBERING.match(text)
            if not (text[:1].islower() and not _TERMINAL.search(prev) and not starts_item):
                flush()
            current.append(ln)
        else:
            prev = current[-1].text.strip()
            joined = " ".join(c.text for c in current)
            open_paren = joined.count("(") > joined.count(")") and not _BULLET.match(text)
            continues = text[:1].islower() and not _TERMINAL.search(prev)
            # a full line cut before the dash of 'chính trị - xã hội': the dash is not a bullet
            after_dash = re.match(r"[-–]\s+(\w)", text)
            cut_at_dash = bool(after_dash and after_dash.group(1).islower())
            goes_on = open_paren or (cut_at_dash and not _TERMINAL.search(prev) and len(prev) >= 0.8 * width)
            new = not goes_on and (
                _BULLET.match(text) is not None
                or NUMBERING.match(text) is not None
                or ln.level is not None
                or _is_heading_like(text)
                or _is_heading_like(prev)
                or (
                    not continues
                    and (
                        gap >= (2 if double_spaced else 1)
                        or len(prev) < 0.7 * width
                        or (bool(re.search(r"[.:!?]\s*$", prev)) and len(prev) < 0.9 * width)
                    )
                )
            )
            if new:
                flush()
            current.append(ln)
        gap = 0
    flush()
    return out


def blocks_from_text(text: str) -> list[Block]:
    """Paragraphs and tables of a plain-text document, in order, with spans into `text`."""
    lines = split_lines(text)
    blocks: list[Block] = []
    pending: list[Line] = []
    i = 0
    while i < len(lines):
        found = None
        if not lines[i].blank:
            for shape in _TABLE_SHAPES:
                found = shape(lines, i)
                if found:
                    break
        if found:
            blocks.extend(_paragraphs(pending))
            pending = []
            table, i = found
            blocks.append(table)
        else:
            pending.append(lines[i])
            i += 1
    blocks.extend(_paragraphs(pending))
    return blocks
