"""Scanned pages to text and tables: Tesseract `vie` on cleaned pages, table cells found from their ruling lines.

One page at a time (pages run in parallel threads, each driving its own `tesseract` process):

1. the page image at its scanned resolution, in colour (poppler's `pdftoppm`, at most MAX_PAGE_PIXELS);
2. stamp and signature ink dropped: each pixel keeps its brightest channel, so red and blue ink turn white while
   black print stays black, even where the stamp covers it;
3. deskewed by the angle that makes the text lines sharpest (projection profile);
4. table ruling lines found (long dark runs), removed from the image, and the grid kept to put each recognised word
   in its cell; the words outside tables become the page text, line by line;
5. a page read with low confidence is turned upright by Tesseract's orientation detection (sideways, upside
   down) and read again; if it still reads badly (a photo taken at an angle, blurred, dark) it is refused with a
   request for a better scan rather than giving a wrong plan. Upright pages pay nothing for this check.

Why these tools (measured on the scanned seed plans; see docs/ocr.md): the Tesseract command line rather than a
binding (no compiled extra, same result), our numpy steps rather than OpenCV/img2table/ocrmypdf (one pass over the
pixels per step; the table grid comes from the same line mask used to clean the page).
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from cchc.plans.importing.errors import DocumentImportError

MAX_PAGE_PIXELS = 60_000_000  # about A2 at 300 dpi; a larger page image is refused before it is decoded
PAGE_TIMEOUT = 90  # seconds for one page's recognition (the limit is per page, not for the whole document)
TARGET_DPI = 300
MIN_DPI = 100
DARK = 150  # grey level below which a pixel is ink
LINE_DARK = 200  # the same for table rules (thin lines scan lighter)
PRINT = 110  # grey level below which a pixel near coloured ink is still print
PAPER = 200  # grey level above which a pixel is paper
COLOURED = 30  # spread between a pixel's channels above which it is coloured ink (stamp, signature)

MISSING_TESSERACT = (
    "Tệp PDF là bản quét (ảnh, không có lớp chữ). Cần cài Tesseract OCR với gói tiếng Việt "
    "(sudo apt-get install tesseract-ocr tesseract-ocr-vie) để nhận dạng chữ, hoặc nhập bản .docx/.pdf có chữ."
)
MISSING_VIE = (
    "Tệp PDF là bản quét; Tesseract đã có nhưng thiếu dữ liệu tiếng Việt (sudo apt-get install tesseract-ocr-vie)."
)
MAX_LEAN_SPREAD = 2.0  # degrees between the text lines' slopes above which a page is a photo taken at an angle
LOW_CONFIDENCE = 55  # Tesseract's mean word confidence under which a page is not a readable upright scan
BAD_IMAGE = (
    "Trang {page} không đọc được rõ (có thể là ảnh chụp nghiêng, bị mờ hoặc thiếu sáng), nhận dạng sẽ sai. "
    "Hãy quét lại văn bản bằng máy quét (hoặc chụp thẳng, đủ sáng) rồi nhập lại."
)

TURNED = "Một số trang quét bị xoay ngang hoặc lộn ngược; hệ thống đã xoay lại, hãy soát lại."

Progress = Callable[[int, int], None]


@dataclass
class OcrPage:
    """What one scanned page gave: the text outside tables, the table rows, and what was noticed."""

    text: str
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def tesseract_command() -> str:
    """The tesseract executable with Vietnamese data; DocumentImportError saying what to install otherwise."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise DocumentImportError(MISSING_TESSERACT)
    langs = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    if "vie" not in langs.split():
        raise DocumentImportError(MISSING_VIE)
    return tesseract


def workers() -> int:
    """Pages recognised at once: OCR_WORKERS from the environment, else the machine's cores."""
    try:
        return max(1, int(os.environ.get("OCR_WORKERS", "")))
    except ValueError:
        return max(1, os.cpu_count() or 1)


def _run(args: list[str], data: bytes | None = None) -> bytes:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core per page; parallelism is across pages
    try:
        done = subprocess.run(args, input=data, capture_output=True, timeout=PAGE_TIMEOUT, check=True, env=env)
    except subprocess.TimeoutExpired:
        raise DocumentImportError(
            f"Một trang cần hơn {PAGE_TIMEOUT} giây để nhận dạng chữ; hãy quét lại rõ hơn hoặc nhập bản có chữ."
        ) from None
    except subprocess.CalledProcessError:
        raise DocumentImportError("Nhận dạng chữ (OCR) thất bại trên một trang PDF.") from None
    return done.stdout


# Page image.


def render_page(pdf_path: Path, number: int, dpi: int) -> np.ndarray:
    """Page `number` (0-based) as an RGB array at `dpi` (poppler)."""
    from PIL import Image

    ppm = _run(["pdftoppm", "-r", str(dpi), "-f", str(number + 1), "-l", str(number + 1), str(pdf_path)])
    with Image.open(io.BytesIO(ppm)) as image:
        return np.asarray(image.convert("RGB"))


def page_dpi(page: Any) -> int:
    """The resolution a scanned page was made at (its largest image over the page), kept within MIN..TARGET."""
    best = 0.0
    for image in page.images:
        width_pt = max(1.0, float(image["x1"]) - float(image["x0"]))
        pixels = float((image.get("srcsize") or (0, 0))[0] or 0)
        best = max(best, pixels * 72 / width_pt)
    inches = float(page.width) * float(page.height) / 72 / 72
    if best <= 0:
        best = TARGET_DPI
    dpi = int(min(TARGET_DPI, max(MIN_DPI, best)))
    while dpi * dpi * inches > MAX_PAGE_PIXELS and dpi > MIN_DPI:
        dpi -= 25
    return dpi


def check_page_images(page: Any, number: int) -> None:
    """Refuse a page whose embedded image is absurdly large before anything decodes it."""
    for image in page.images:
        width, height = image.get("srcsize") or (0, 0)
        if (width or 0) * (height or 0) > MAX_PAGE_PIXELS:
            raise DocumentImportError(
                f"Trang {number + 1} chứa ảnh {width} × {height} điểm ảnh, quá lớn để nhận dạng "
                f"(tối đa {MAX_PAGE_PIXELS // 1_000_000} triệu điểm ảnh). Hãy quét lại ở 200–300 dpi."
            )


def _grow(mask: np.ndarray, radius: int, axes: tuple[int, ...] = (0, 1)) -> np.ndarray:
    """The mask widened by `radius` pixels in each direction along `axes`."""
    out = mask.copy()
    for axis in axes:
        grown = out.copy()
        for shift in range(1, radius + 1):
            grown |= np.roll(out, shift, axis=axis) | np.roll(out, -shift, axis=axis)
        out = grown
    return out


def clean_ink(rgb: np.ndarray, dpi: int = 200) -> np.ndarray:
    """Grey page without coloured ink (red stamp, blue signature), black print kept even where ink covers it.

    Coloured pixels (channels far apart) turn white; around them, where scanning and JPEG blur the ink's edge
    into grey, only what is as dark as print stays."""
    if rgb.ndim != 3:
        return rgb
    grey = rgb.max(axis=2)
    colour = (grey.astype(np.int16) - rgb.min(axis=2) > COLOURED) & (grey > PRINT)
    if colour.any():
        grey[_grow(colour, max(1, dpi // 60)) & (grey > PRINT)] = 255
    grey[grey > PAPER] = 255  # faint marks (ink edges, paper grain) are paper
    return grey


# Orientation and skew.


def _sharpness(profile: np.ndarray) -> float:
    """How sharply a projection profile alternates (text lines and the gaps between them), scale-free."""
    profile = profile.astype(np.float64)
    energy = float((profile**2).sum())
    return float((np.diff(profile) ** 2).sum()) / energy if energy else 0.0


def _small(dark: np.ndarray, step: int) -> np.ndarray:
    return dark[::step, ::step]


def skew_angle(dark: np.ndarray, limit: float = 5.0) -> float:
    """The rotation (degrees, counter-clockwise) that makes text lines horizontal (their row profile sharpest),
    searched coarsely within ±limit, then finely around the best."""
    from PIL import Image

    image = Image.fromarray(dark.astype(np.uint8) * 255)
    best, best_score = 0.0, -1.0
    for search in ("coarse", "fine"):
        if search == "coarse":
            candidates = np.arange(-limit, limit + 0.01, 0.5)
        else:
            candidates = np.arange(best - 0.4, best + 0.41, 0.1)
        for angle in candidates:
            turned = np.asarray(image.rotate(float(angle), resample=Image.Resampling.NEAREST, fillcolor=0))
            score = _sharpness(turned.sum(axis=1, dtype=np.int64))
            if score > best_score:
                best, best_score = float(angle), score
    return best


# Table ruling lines.


def _runs(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Pixels inside a (nearly) unbroken dark run of at least `length` along `axis` (1: rows, 0: columns)."""
    m = mask if axis == 1 else mask.T
    zero = np.zeros((m.shape[0], 1), np.int32)
    sums = np.concatenate([zero, np.cumsum(m, axis=1, dtype=np.int32)], axis=1)
    full = (sums[:, length:] - sums[:, :-length]) >= int(0.9 * length)  # a window starting at each column
    starts = np.concatenate([zero, np.cumsum(full, axis=1, dtype=np.int32)], axis=1)
    k = np.arange(m.shape[1])
    high = np.minimum(k + 1, full.shape[1])
    low = np.clip(k - length + 1, 0, full.shape[1])
    hit = (starts[:, high] - starts[:, low]) > 0  # some full window covers the pixel
    return hit if axis == 1 else hit.T


def _positions(profile: np.ndarray, minimum: int) -> list[int]:
    """Centres of the runs of indexes where the profile reaches `minimum` (one per ruling line)."""
    found = [int(k) for k in np.nonzero(profile >= minimum)[0]]
    out: list[int] = []
    start: int | None = None
    prev: int | None = None
    for k in found:
        if prev is None or k > prev + 2:
            if start is not None and prev is not None:
                out.append((start + prev) // 2)
            start = k
        prev = k
    if start is not None and prev is not None:
        out.append((start + prev) // 2)
    return out


@dataclass
class Grid:
    """A ruled table: its row lines (y) and, per row band, the column lines (x) that cross it."""

    top: int
    bottom: int
    rows: list[int]
    columns: list[int]
    mask: np.ndarray  # the ruling-line pixels (the whole page), removed before recognition
    merged: set[tuple[int, int]] = field(default_factory=set)
    """(row band, column line) where the line does not cross the band: the cells either side are one cell."""

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        """The cell holding a point; in a merged cell (a group title across the columns), its first column."""
        if not (self.rows[0] <= y <= self.rows[-1] and self.columns[0] <= x <= self.columns[-1]):
            return None
        r = max(int(np.searchsorted(self.rows, y)) - 1, 0)
        c = max(int(np.searchsorted(self.columns, x)) - 1, 0)
        while c > 0 and (r, c) in self.merged:
            c -= 1
        return r, c


def find_grid(grey: np.ndarray, dpi: int) -> Grid | None:
    """The ruled table of a page (long horizontal and vertical lines meeting), or None.

    Rows are the horizontal lines that run across most of the columns (a rule under the letterhead is not one);
    a table that goes on to the next page has no closing line, so its last row ends where its columns end."""
    dark = grey < LINE_DARK  # thin rules scan lighter than print
    h_len, v_len = max(20, dpi), max(15, dpi // 3)
    horizontal = _runs(dark, h_len, 1)
    vertical = _runs(dark, v_len, 0)
    drift = max(1, dpi // 50)  # a rule left a little aslant by the deskew still counts as one line
    upright = _grow(vertical, drift, (1,))
    columns = _positions(upright.sum(axis=0), v_len)
    if len(columns) < 3:
        return None
    left, right = columns[0], columns[-1]
    across = _grow(horizontal[:, left : right + 1], drift, (0,)).sum(axis=1)
    rows = _positions(across, int(0.6 * (right - left)))
    if len(rows) < 2:
        return None
    top, bottom = rows[0], rows[-1]
    columns = _positions(upright[top : bottom + 1].sum(axis=0), max(v_len, (bottom - top) // 3))
    if len(columns) < 3:
        return None
    ruled = set(rows)  # a band between two rules can be a merged cell; an open one at the page's edge is not
    ink_rows = np.nonzero(upright[:, columns].any(axis=1))[0]
    if len(ink_rows) and ink_rows[-1] > bottom + v_len:
        rows.append(int(ink_rows[-1]))  # the columns run on below the last rule: the table goes on
    if len(ink_rows) and ink_rows[0] < top - v_len:
        rows.insert(0, int(ink_rows[0]))
    mask = np.zeros_like(dark)
    reach = 2 * drift
    for y in rows:
        mask[max(0, y - reach) : y + reach + 1] |= horizontal[max(0, y - reach) : y + reach + 1]
    for x in columns:
        mask[:, max(0, x - reach) : x + reach + 1] |= vertical[:, max(0, x - reach) : x + reach + 1]
    merged = set()
    for band, (y0, y1) in enumerate(itertools.pairwise(rows)):
        if y0 not in ruled or y1 not in ruled:
            continue
        inner = slice(y0 + (y1 - y0) // 5, y1 - (y1 - y0) // 5 + 1)
        for line, x in enumerate(columns[1:-1], start=1):
            if upright[inner, max(0, x - drift) : x + drift + 1].any(axis=1).mean() < 0.5:
                merged.add((band, line))
    return Grid(rows[0], rows[-1], rows, columns, mask, merged)


# Recognition.


@dataclass
class Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    line: tuple[int, int, int, int]
    confidence: float


def recognise(tesseract: str, grey: np.ndarray, dpi: int, psm: int = 3) -> list[Word]:
    """Tesseract's words with their boxes (TSV) for a grey page."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        Image.fromarray(grey).save(path, dpi=(dpi, dpi))
        tsv = _run([tesseract, str(path), "stdout", "-l", "vie", "--psm", str(psm), "--dpi", str(dpi), "tsv"])
    words: list[Word] = []
    for row in tsv.decode("utf-8", errors="replace").splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip():
            continue
        block, par, line = int(parts[2]), int(parts[3]), int(parts[4])
        left, top, width, height = (int(v) for v in parts[6:10])
        words.append(
            Word(parts[11].strip(), left, top, left + width, top + height, (int(parts[1]), block, par, line),
                 float(parts[10]))
        )  # fmt: skip
    return words


def osd_rotation(tesseract: str, grey: np.ndarray, dpi: int) -> int:
    """Degrees clockwise that Tesseract's orientation detection says the page must turn (0 when unsure)."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        Image.fromarray(grey).save(path, dpi=(dpi, dpi))
        try:
            out = _run([tesseract, str(path), "stdout", "-l", "osd", "--psm", "0", "--dpi", str(dpi)])
        except DocumentImportError:
            return 0
    text = out.decode("utf-8", errors="replace")
    rotate = re.search(r"Rotate:\s*(\d+)", text)
    confidence = re.search(r"Orientation confidence:\s*([\d.]+)", text)
    if rotate and confidence and float(confidence.group(1)) >= 1.0:
        return int(rotate.group(1))
    return 0


def lean_spread(words: list[Word], width: int) -> float:
    """How much the text lines' slopes differ (degrees, spread between the 10th and 90th percentile): near 0 on a
    flat scan, large on a photo taken at an angle where lines converge."""
    angles = []
    for line in _lines(words):
        if len(line) < 5 or line[-1].right - line[0].left < width // 3:
            continue
        x = np.array([(w.left + w.right) / 2 for w in line], dtype=np.float64)
        y = np.array([w.bottom for w in line], dtype=np.float64)
        slope = np.polyfit(x, y, 1)[0]
        angles.append(float(np.degrees(np.arctan(slope))))
    if len(angles) < 6:
        return 0.0
    return float(np.percentile(angles, 90) - np.percentile(angles, 10))


def _mean_confidence(words: list[Word]) -> float:
    scored = [w.confidence for w in words if w.confidence >= 0 and len(w.text) > 1]
    return float(np.mean(scored)) if scored else 0.0


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into Tesseract's lines, in reading order."""
    lines: list[list[Word]] = []
    for word in words:
        if lines and lines[-1][0].line == word.line:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def _text_of(line: list[Word]) -> str:
    """A line's words as text; a bullet read as '~' (a dash of small print) is a dash."""
    return re.sub(r"^[~¬]+-?(?=\s)", "-", " ".join(w.text for w in line))


def _joined(lines: list[list[Word]]) -> str:
    """Lines of words as text, Tesseract's paragraphs separated by a blank line."""
    out: list[str] = []
    for k, line in enumerate(lines):
        if k:
            out.append("\n\n" if line[0].line[:3] != lines[k - 1][0].line[:3] else "\n")
        out.append(_text_of(line))
    return "".join(out)


def _gutter(line: list[Word], gap: int) -> int | None:
    """Where a line jumps a wide gap into a second column (letterhead, recipients | signer), or None."""
    for before, after in itertools.pairwise(line):
        if after.left - before.right > gap:
            return after.left
    return None


def _lines_text(words: list[Word], dpi: int = 300) -> str:
    """The page text. Side-by-side columns (the two-column letterhead, 'Nơi nhận' beside the signer) are given
    one after the other, left column first, as a text layer of the same layout-table document reads."""
    lines = _lines(words)
    gap = dpi // 2
    parts: list[str] = []
    k = 0
    while k < len(lines):
        gutter = _gutter(lines[k], gap)
        if gutter is None:
            start = k
            while k < len(lines) and _gutter(lines[k], gap) is None:
                k += 1
            parts.append(_joined(lines[start:k]))
            continue
        left: list[list[Word]] = []
        right: list[list[Word]] = []
        while k < len(lines) and not any(w.left < gutter - gap // 4 < w.right for w in lines[k]):
            left.append([w for w in lines[k] if w.left < gutter - gap // 4])
            right.append([w for w in lines[k] if w.left >= gutter - gap // 4])
            k += 1
        parts.append("\n".join(_text_of(line) for line in left if line))
        parts.append("\n".join(_text_of(line) for line in right if line))
    return "\n\n".join(p for p in parts if p)


def _mend_numbering(text: str) -> str:
    """A heading's number whose dot scanned as a comma ('5, Giao các sở …') put back ('5. Giao các sở …')."""
    return re.sub(r"(?m)^(\d{1,2}|[IVX]{1,4}), (?=[A-ZĐÀ-Ỹ])", r"\1. ", text)


def _cells(words: list[Word], grid: Grid) -> tuple[list[list[str]], list[Word]]:
    """The table rows (cell texts, reading order inside each cell) and the words outside the table."""
    n_rows, n_cols = len(grid.rows) - 1, len(grid.columns) - 1
    cells: list[list[list[Word]]] = [[[] for _ in range(n_cols)] for _ in range(n_rows)]
    outside: list[Word] = []
    for word in words:
        where = grid.cell_of((word.left + word.right) / 2, (word.top + word.bottom) / 2)
        if where is None:
            outside.append(word)
        else:
            cells[where[0]][where[1]].append(word)
    rows: list[list[str]] = []
    for row in cells:
        texts = []
        for cell in row:
            cell.sort(key=lambda w: (w.line, w.left))
            texts.append(_joined(_lines(cell)).replace("\n\n", "\n"))
        if any(t.strip() for t in texts):
            rows.append(texts)
    return rows, outside


def _sparse_columns(words: list[Word], grid: Grid) -> list[int]:
    """Table columns whose cells came out mostly empty (or only specks: '_.', '.') while their rows have text: a
    narrow column ('STT') whose lone numbers the page-wide reading passed over or misread."""
    filled: dict[int, set[int]] = {}
    for word in words:
        if not any(ch.isalnum() for ch in word.text):
            continue
        if where := grid.cell_of((word.left + word.right) / 2, (word.top + word.bottom) / 2):
            filled.setdefault(where[1], set()).add(where[0])
    rows = set().union(*filled.values()) if filled else set()
    return [c for c in range(len(grid.columns) - 1) if len(rows) >= 2 and len(filled.get(c, ())) * 2 < len(rows)]


def _column_words(tesseract: str, grey: np.ndarray, grid: Grid, column: int, dpi: int) -> list[Word]:
    """The words of one table column, read from its own strip of the page (one block of text)."""
    x0, x1 = grid.columns[column], grid.columns[column + 1]
    pad = dpi // 10
    strip = np.pad(grey[grid.top : grid.bottom, x0:x1], pad, constant_values=255)
    words = recognise(tesseract, strip, dpi, psm=6)
    for word in words:
        word.left, word.right = word.left + x0 - pad, word.right + x0 - pad
        word.top, word.bottom = word.top + grid.top - pad, word.bottom + grid.top - pad
    return words


def _turn(rgb: np.ndarray, degrees_clockwise: int) -> np.ndarray:
    return np.rot90(rgb, k=-(degrees_clockwise // 90) % 4, axes=(0, 1)).copy()


def _straighten(grey: np.ndarray, angle: float) -> np.ndarray:
    from PIL import Image

    if abs(angle) < 0.05:
        return grey
    image = Image.fromarray(grey).rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    return np.asarray(image)


def read_page(tesseract: str, rgb: np.ndarray, dpi: int, number: int, turned: bool = False) -> OcrPage:
    """One scanned page as text and table rows (see the module's steps)."""
    grey = clean_ink(rgb, dpi)
    grey = _straighten(grey, skew_angle(_small(grey < DARK, max(1, dpi // 60))))
    grid = find_grid(grey, dpi)
    if grid is not None:
        grey = grey.copy()
        grey[grid.mask] = 255
    words = recognise(tesseract, grey, dpi)
    confidence = _mean_confidence(words)
    if confidence < LOW_CONFIDENCE and not turned and (turn := osd_rotation(tesseract, grey, dpi)):
        page = read_page(tesseract, _turn(rgb, turn), dpi, number, turned=True)
        page.notes.append(TURNED)
        return page
    if (confidence < LOW_CONFIDENCE and len(words) >= 20) or lean_spread(words, grey.shape[1]) > MAX_LEAN_SPREAD:
        raise DocumentImportError(BAD_IMAGE.format(page=number + 1))
    if grid is None:
        return OcrPage(_mend_numbering(_lines_text(words, dpi)), [], [])
    for column in _sparse_columns(words, grid):
        inside = [
            w for w in words if (c := grid.cell_of((w.left + w.right) / 2, (w.top + w.bottom) / 2)) and c[1] == column
        ]
        words = [w for w in words if w not in inside] + _column_words(tesseract, grey, grid, column, dpi)
    rows, outside = _cells(words, grid)
    return OcrPage(_mend_numbering(_lines_text(outside, dpi)), rows, [])


def read_scanned_pages(
    pdf_path: Path, pages: list[tuple[int, int]], progress: Progress | None = None
) -> dict[int, OcrPage]:
    """Recognise the given (page number, dpi) pairs of a PDF in parallel; progress(done, total) after each."""
    tesseract = tesseract_command()
    if shutil.which("pdftoppm") is None:
        raise DocumentImportError(
            "Cần cài poppler-utils (sudo apt-get install poppler-utils) để đọc các trang PDF được quét."
        )

    def one(item: tuple[int, int]) -> tuple[int, OcrPage]:
        number, dpi = item
        return number, read_page(tesseract, render_page(pdf_path, number, dpi), dpi, number)

    results: dict[int, OcrPage] = {}
    if progress:
        progress(0, len(pages))  # the page count shows from the start ('0 of 9'), before the first page is read
    with ThreadPoolExecutor(max_workers=min(workers(), max(1, len(pages)))) as pool:
        futures = [pool.submit(one, item) for item in pages]
        try:
            for future in futures:
                number, page = future.result()
                results[number] = page
                if progress:
                    progress(len(results), len(pages))
        finally:
            for future in futures:
                future.cancel()
    return results
