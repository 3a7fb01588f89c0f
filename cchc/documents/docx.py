"""Rendering of a DocumentSpec to .docx in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from cchc.documents import formatting as fmt
from cchc.documents.spec import (
    Appendix,
    Block,
    Bullet,
    DocumentSpec,
    Emphasis,
    Heading,
    Image,
    Paragraph,
    Row,
    Table,
)

FONT = "Times New Roman"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
FIRST_LINE_INDENT_CM = 1.27
SPACE_AFTER_PT = 6
LINE_SPACING = 1.15
PAGE_NUMBER_SIZE_PT = 13
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_WIDTH_CM = 6.05
"""Printed length of the motto in Times New Roman 14 pt bold (measured with the metric-compatible Liberation Serif)."""
HEADER_COLUMNS_CM = (6.3, 10.2)
SIGNATURE_COLUMNS_CM = (7.8, 8.7)
SIGNATURE_SPACE_PT = 80
"""Room left for the handwritten or digital signature between the position and the name."""
_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
_BULLET_MARK = {1: "-", 2: "+"}
# WordprocessingML fixes the order of child elements; Word refuses files that break it. These are the elements that
# may follow the ones this module adds by hand (ECMA-376 Part 1, CT_PPr, CT_TblPr, CT_SectPr).
_AFTER_P_BDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_AFTER_OUTLINE_LVL = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_TBL_W = (
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
_AFTER_PG_NUM_TYPE = (
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def render_docx(spec: DocumentSpec) -> bytes:
    """The document as .docx bytes: A4, header block, body, signature, recipients, landscape appendices."""
    doc = new_document()
    _set_default_font(doc, spec.font_size)
    section = doc.sections[0]
    _set_page(section, landscape=False)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    _add_page_number(section.header.paragraphs[0])

    _render_document(doc, spec)
    for attached in spec.attached:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        _set_page(section, landscape=False)
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        _restart_page_numbers(section)
        _render_document(doc, attached, attached=True)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _render_document(doc: Document, spec: DocumentSpec, *, attached: bool = False) -> None:
    """One document from where the page is: header block, title, body, signature, then its appendices; a document
    attached to another (a decision's plan) has a signature block only if it names a signer or recipients."""
    _render_header(doc, spec)
    _render_title(doc, spec)
    for line in fmt.listed(list(spec.legal_basis)):
        _body_paragraph(doc.add_paragraph(), line, spec.font_size, italic=True)
    _render_blocks(doc, spec.body, spec.font_size, _text_width_cm(doc.sections[-1]))
    if not attached or spec.signature.position or spec.signature.authority or spec.recipients:
        _render_signature(doc, spec)
    for number, appendix in enumerate(spec.appendices, start=1):
        _render_appendix(doc, spec, appendix, fmt.appendix_label(number, len(spec.appendices)))


# --- page setup -------------------------------------------------------------------------------------------------


def _set_default_font(doc: Document, size: float) -> None:
    for style_name in ("Normal", "Table Grid"):
        style: Any = doc.styles[style_name]
        style.font.name = FONT
        style.font.size = Pt(size)
        _set_all_fonts(style.element.get_or_add_rPr())
    normal: Any = doc.styles["Normal"]
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)


def _set_all_fonts(rpr: Any) -> None:
    """Times New Roman for every script slot, so Vietnamese letters never fall back to another font."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _set_page(section: Any, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (PAGE_HEIGHT_MM, PAGE_WIDTH_MM) if landscape else (PAGE_WIDTH_MM, PAGE_HEIGHT_MM)
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _text_width_cm(section: Any) -> float:
    return float((section.page_width - section.left_margin - section.right_margin) / 360000)


def _add_page_number(paragraph: DocxParagraph) -> None:
    """A centred PAGE field (the header of the first page stays empty)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        run = paragraph.add_run()
        _style_run(run, PAGE_NUMBER_SIZE_PT)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        else:
            run.text = "2"


def _restart_page_numbers(section: Any) -> None:
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.insert_element_before(numbering, *_AFTER_PG_NUM_TYPE)


# --- runs and paragraphs ----------------------------------------------------------------------------------------


def _style_run(run: Any, size: float, *, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _set_all_fonts(run._r.get_or_add_rPr())


def _add_emphasised(
    paragraph: DocxParagraph, text: str, size: float, emphasis: Emphasis, *, bold: bool = False, italic: bool = False
) -> None:
    """Text as runs, the words of `emphasis` (their first place in the text) bold or italic on top of the rest."""
    marks: list[tuple[int, int, bool, bool]] = []
    for words, strong, slanted in emphasis:
        at = text.find(fmt.clean(words))
        if at >= 0 and not any(at < end and start < at + len(fmt.clean(words)) for start, end, _, _ in marks):
            marks.append((at, at + len(fmt.clean(words)), strong, slanted))
    done = 0
    for start, end, strong, slanted in sorted(marks):
        if start > done:
            _add_text(paragraph, text[done:start], size, bold=bold, italic=italic)
        _add_text(paragraph, text[start:end], size, bold=bold or strong, italic=italic or slanted)
        done = end
    if done < len(text) or not marks:
        _add_text(paragraph, text[done:], size, bold=bold, italic=italic)


def _add_text(paragraph: DocxParagraph, text: str, size: float, *, bold: bool = False, italic: bool = False) -> None:
    """Text as runs; "\\n" becomes a line break inside the paragraph."""
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        _style_run(run, size, bold=bold, italic=italic)
        if i:
            run._r.insert(0 if run._r.rPr is None else 1, OxmlElement("w:br"))


def _format(
    paragraph: DocxParagraph,
    *,
    align: str = "justify",
    indent: bool = True,
    after: float = SPACE_AFTER_PT,
    before: float = 0,
    spacing: float = LINE_SPACING,
    keep_with_next: bool = False,
) -> None:
    pf = paragraph.paragraph_format
    pf.alignment = _ALIGN[align]
    pf.first_line_indent = Cm(FIRST_LINE_INDENT_CM) if indent else Cm(0)
    pf.space_after = Pt(after)
    pf.space_before = Pt(before)
    pf.line_spacing = spacing
    pf.keep_with_next = keep_with_next


def _centered(
    container: Any, text: str, size: float, *, bold: bool = False, italic: bool = False, after: float = 0
) -> DocxParagraph:
    paragraph = container.add_paragraph()
    _format(paragraph, align="center", indent=False, after=after, spacing=1.0)
    _add_text(paragraph, text, size, bold=bold, italic=italic)
    return paragraph


def _body_paragraph(
    paragraph: DocxParagraph,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: str = "justify",
    keep_with_next: bool = False,
    emphasis: Emphasis = (),
) -> None:
    _format(paragraph, align=align, keep_with_next=keep_with_next)
    _add_emphasised(paragraph, text, size, emphasis, bold=bold, italic=italic)


def _rule(container: Any, width_cm: float, available_cm: float, *, after: float = 0) -> DocxParagraph:
    """A centred solid line ``width_cm`` long: an empty paragraph with a top border, indented from both sides."""
    paragraph = container.add_paragraph()
    _format(paragraph, align="center", indent=False, after=after, before=3, spacing=1.0)
    pf = paragraph.paragraph_format
    side = max((available_cm - width_cm) / 2, 0)
    pf.left_indent = pf.right_indent = Cm(side)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(3)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_P_BDR)
    return paragraph


def _estimated_width_cm(text: str, size: float, *, caps: bool) -> float:
    """Rough printed length of a line in Times New Roman (average advance 0.69 em for bold caps, 0.46 em else)."""
    longest = max((len(line) for line in text.split("\n")), default=0)
    return longest * size * (0.69 if caps else 0.46) / 72 * 2.54


# --- header block, title, signature -------------------------------------------------------------------------------


def _table(container: Any, rows: int, widths_cm: Sequence[float], *, grid: bool = False) -> DocxTable:
    table = container.add_table(rows=rows, cols=len(widths_cm))
    table.autofit = False  # python-docx writes w:tblLayout fixed
    tbl_pr = table._tbl.tblPr
    if grid:
        table.style = "Table Grid"
    else:
        # borderless layout tables: no side padding, so "Nơi nhận:" sits on the left margin as the decree asks
        margins = OxmlElement("w:tblCellMar")
        for side in ("w:left", "w:right"):
            margin = OxmlElement(side)
            margin.set(qn("w:w"), "0")
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.insert_element_before(width, *_AFTER_TBL_W)
    width.set(qn("w:w"), str(round(sum(widths_cm) * 567)))
    width.set(qn("w:type"), "dxa")
    for grid_col, width_cm in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm, strict=True):
        grid_col.set(qn("w:w"), str(round(width_cm * 567)))
    for row in table.rows:
        for cell, width_cm in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width_cm)
    return table


def _fresh(cell: _Cell) -> _Cell:
    """The cell emptied of its default paragraph, so that added paragraphs start at the top."""
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return cell


def _render_header(doc: Document, spec: DocumentSpec) -> None:
    header = spec.header
    left_cm, right_cm = HEADER_COLUMNS_CM
    table = _table(doc, 2, HEADER_COLUMNS_CM)
    left, right = _fresh(table.cell(0, 0)), _fresh(table.cell(0, 1))

    parent = fmt.clean(header.parent_body).upper()
    if parent:
        _centered(left, parent, 13)
    body = "\n".join(fmt.clean(line) for line in header.issuing_body.split("\n") if fmt.clean(line)).upper()
    _centered(left, body, 13, bold=True)
    rule_cm = min(max(_estimated_width_cm(body, 13, caps=True) * 0.4, 1.8), left_cm - 0.6)
    _rule(left, rule_cm, left_cm - 0.4)

    _centered(right, NATIONAL_NAME, 13, bold=True)
    _centered(right, MOTTO, 14, bold=True)
    _rule(right, MOTTO_WIDTH_CM, right_cm - 0.4)

    if header.numbered:
        number, place = _fresh(table.cell(1, 0)), _fresh(table.cell(1, 1))
        _centered(number, fmt.number_line(header), 13).paragraph_format.space_before = Pt(6)
        _centered(place, fmt.place_date_line(header), 14, italic=True).paragraph_format.space_before = Pt(6)


def _render_title(doc: Document, spec: DocumentSpec) -> None:
    width = _text_width_cm(doc.sections[0])
    _centered(doc, fmt.clean(spec.kind).upper(), 14, bold=True).paragraph_format.space_before = Pt(18)
    title = fmt.clean(spec.title)
    if title:
        _centered(doc, title, 14, bold=True)
    if note := fmt.clean(spec.title_note):
        _centered(doc, note, 14, italic=True)
    rule_cm = min(max(_estimated_width_cm(title, 14, caps=False) * 0.35, 2.5), 6.0)
    _rule(doc, rule_cm, width, after=12)


def _render_signature(doc: Document, spec: DocumentSpec) -> None:
    if doc.paragraphs:
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    table = _table(doc, 1, SIGNATURE_COLUMNS_CM)
    _keep_row_together(table.rows[0])
    table.rows[0].cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    left, right = _fresh(table.cell(0, 0)), _fresh(table.cell(0, 1))
    recipients = fmt.listed(list(spec.recipients))
    if recipients:
        label = left.add_paragraph()
        _format(label, align="left", indent=False, after=0, spacing=1.0)
        _add_text(label, "Nơi nhận:", 12, bold=True, italic=True)
        headings: dict[int, list[str]] = {}
        for at, text in spec.recipient_headings:
            headings.setdefault(min(at, len(recipients)), []).append(fmt.clean(text))
        for index, line in enumerate([*recipients, None]):
            for heading in headings.get(index, []):
                entry = left.add_paragraph()
                _format(entry, align="left", indent=False, after=0, spacing=1.0)
                _add_text(entry, heading, 11, italic=True)
            if line is not None:
                entry = left.add_paragraph()
                _format(entry, align="left", indent=False, after=0, spacing=1.0)
                _add_text(entry, f"- {line}", 11)
    else:
        left.add_paragraph()

    signature = spec.signature
    for line in (*signature.authority, signature.position):
        text = fmt.clean(line).upper()
        if text:
            _centered(right, text, spec.font_size, bold=True)
    name = fmt.clean(signature.name)
    spacer = right.add_paragraph()
    _format(spacer, align="center", indent=False, after=0, spacing=1.0)
    spacer.paragraph_format.space_before = Pt(SIGNATURE_SPACE_PT)
    if name:
        _add_text(spacer, name, spec.font_size, bold=True)


# --- body blocks --------------------------------------------------------------------------------------------------


def _render_blocks(doc: Document, blocks: Iterable[Block], size: float, width_cm: float) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            text = fmt.clean(block.text)
            if text:
                paragraph = doc.add_paragraph()
                _body_paragraph(
                    paragraph,
                    text,
                    size,
                    bold=True,
                    italic=block.level >= 3,
                    keep_with_next=True,
                    emphasis=block.emphasis,
                )
                _set_outline_level(paragraph, block.level)
        elif isinstance(block, Paragraph):
            text = fmt.clean(block.text)
            if text:
                paragraph = doc.add_paragraph()
                if lead := fmt.clean(block.lead):
                    _add_text(paragraph, lead + " ", size, bold=True)
                _body_paragraph(
                    paragraph,
                    text,
                    size,
                    bold=block.bold,
                    italic=block.italic,
                    align=block.align,
                    emphasis=block.emphasis,
                )
        elif isinstance(block, Bullet):
            _render_bullet(doc.add_paragraph(), block, size)
        elif isinstance(block, Table):
            _render_table(doc, block, width_cm)
        elif isinstance(block, Image):
            _render_image(doc, block)


def _set_outline_level(paragraph: DocxParagraph, level: int) -> None:
    """Headings keep the Normal style (its font and size) but carry an outline level for navigation and importers."""
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(max(level, 1) - 1))
    paragraph._p.get_or_add_pPr().insert_element_before(outline, *_AFTER_OUTLINE_LVL)


def _render_bullet(paragraph: DocxParagraph, bullet: Bullet, size: float) -> None:
    text, label = fmt.clean(bullet.text), fmt.clean(bullet.label)
    if not text and not label:
        paragraph._p.getparent().remove(paragraph._p)
        return
    _format(paragraph)
    _add_text(paragraph, f"{_BULLET_MARK.get(bullet.level, '-')} ", size)
    if label:
        _add_text(paragraph, f"{label}:" + (" " if text else ""), size, italic=True)
    _add_emphasised(paragraph, text, size, bullet.emphasis)


def _render_image(doc: Document, image: Image) -> None:
    paragraph = doc.add_paragraph()
    _format(paragraph, align="center", indent=False, after=3, spacing=1.0)
    paragraph.add_run().add_picture(io.BytesIO(image.png), width=Mm(image.width_mm))
    caption = fmt.clean(image.caption)
    if caption:
        _centered(doc, caption, 13, italic=True, after=SPACE_AFTER_PT)


def _fill_cell(
    cell: _Cell, lines: list[str], size: float, *, align: str, bold: bool = False, header: bool = False
) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER if header else WD_CELL_VERTICAL_ALIGNMENT.TOP
    _fresh(cell)
    for line in lines:
        paragraph = cell.add_paragraph()
        _format(paragraph, align=align, indent=False, after=2, before=2, spacing=1.0)
        if line:
            _add_text(paragraph, line, size, bold=bold)


def _render_table(doc: Document, spec: Table, available_cm: float) -> None:
    title = fmt.clean(spec.title)
    if title:
        _centered(doc, title, spec.font_size + 1, bold=True, after=6).paragraph_format.keep_with_next = True
    total_mm = sum(column.width_mm for column in spec.columns)
    scale = min(1.0, available_cm * 10 / total_mm) if total_mm else 1.0
    widths = [column.width_mm * scale / 10 for column in spec.columns]
    table = _table(doc, 1 + len(spec.rows), widths, grid=True)

    header = table.rows[0]
    _repeat_as_header(header)
    for cell, column in zip(header.cells, spec.columns, strict=True):
        _fill_cell(cell, [fmt.clean(column.header)], spec.font_size, align="center", bold=True, header=True)
    for docx_row, row in zip(table.rows[1:], spec.rows, strict=True):
        _render_row(docx_row, row, spec)
    spacer = doc.add_paragraph()
    _format(spacer, indent=False, after=SPACE_AFTER_PT, spacing=1.0)


def _repeat_as_header(row: Any) -> None:
    """The row is repeated at the top of every page the table runs onto (w:tblHeader) and never split."""
    _row_flag(row, "w:tblHeader")
    _keep_row_together(row)


def _keep_row_together(row: Any) -> None:
    _row_flag(row, "w:cantSplit")


def _row_flag(row: Any, tag: str) -> None:
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _render_row(docx_row: Any, row: Row, spec: Table) -> None:
    cells = list(row.cells) + [None] * (len(spec.columns) - len(row.cells))
    if row.group and len(spec.columns) > 1:
        _fill_cell(docx_row.cells[0], fmt.cell_lines(cells[0]), spec.font_size, align="center", bold=True)
        merged = docx_row.cells[1].merge(docx_row.cells[-1])
        _fill_cell(merged, fmt.cell_lines(cells[1]), spec.font_size, align="left", bold=True)
        return
    for cell, value, column in zip(docx_row.cells, cells, spec.columns, strict=True):
        _fill_cell(cell, fmt.cell_lines(value), spec.font_size, align=column.align)


# --- appendices ---------------------------------------------------------------------------------------------------


def _render_appendix(doc: Document, spec: DocumentSpec, appendix: Appendix, label: str) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _set_page(section, landscape=appendix.landscape)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    _restart_page_numbers(section)
    width = _text_width_cm(section)
    _centered(doc, fmt.clean(appendix.label) or label, 14, bold=True)
    title = fmt.clean(appendix.title) if appendix.label else fmt.clean(appendix.title).upper()
    if title:
        _centered(doc, title, 14, bold=True)
    _centered(doc, fmt.clean(appendix.note) or fmt.attachment_note(spec.kind, spec.header), 14, italic=True)
    _rule(doc, 3.5, width, after=12)
    _render_blocks(doc, appendix.blocks, spec.font_size, width)
