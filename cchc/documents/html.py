"""A document spec as HTML: the on-screen preview of what the .docx will say (same header, headings, text, tables,
charts, signature and appendices; not its page layout). Every text is escaped."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from cchc.documents import formatting as fmt
from cchc.documents.docx import MOTTO, NATIONAL_NAME
from cchc.documents.spec import Block, Bullet, DocumentSpec, Heading, Image, Paragraph, Table

_BULLET_MARK = {1: "-", 2: "+"}


def _text(value: object) -> str:
    return escape(fmt.clean(value))


def _lines(text: str) -> str:
    return "<br>".join(_text(line) for line in text.split("\n") if fmt.clean(line))


def _table(table: Table) -> str:
    head = "".join(f'<th scope="col">{_text(c.header)}</th>' for c in table.columns)
    rows = []
    for row in table.rows:
        cells = []
        for column, value in zip(table.columns, row.cells, strict=False):
            text = "<br>".join(escape(line) for line in fmt.cell_lines(value))
            cells.append(f'<td data-label="{_text(column.header)}" class="align-{column.align}">{text}</td>')
        css = ' class="total"' if row.total or row.group else ""
        rows.append(f"<tr{css}>{''.join(cells)}</tr>")
    caption = f"<caption>{_text(table.title)}</caption>" if fmt.clean(table.title) else ""
    return (
        f'<div class="table-wrap"><table class="cards">{caption}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _image(image: Image) -> str:
    data = base64.b64encode(image.png).decode("ascii")
    caption = fmt.clean(image.caption)
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{escape(caption or "Biểu đồ")}">'
        + (f"<figcaption>{escape(caption)}</figcaption>" if caption else "")
        + "</figure>"
    )


def _blocks(blocks: Iterable[Block]) -> str:
    out = []
    for block in blocks:
        if isinstance(block, Heading) and fmt.clean(block.text):
            level = min(block.level + 2, 6)
            out.append(f"<h{level}>{_text(block.text)}</h{level}>")
        elif isinstance(block, Paragraph) and fmt.clean(block.text):
            style = "".join(((" bold" if block.bold else ""), (" italic" if block.italic else "")))
            out.append(f'<p class="doc-p align-{block.align}{style}">{_text(block.text)}</p>')
        elif isinstance(block, Bullet) and (fmt.clean(block.text) or fmt.clean(block.label)):
            label = f"<em>{_text(block.label)}:</em> " if fmt.clean(block.label) else ""
            mark = _BULLET_MARK.get(block.level, "-")
            out.append(f'<p class="doc-bullet level-{block.level}">{mark} {label}{_text(block.text)}</p>')
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, Image):
            out.append(_image(block))
    return "\n".join(out)


def render_html(spec: DocumentSpec) -> SafeString:
    """The document as an HTML fragment (an <article class="document">, one more for each document attached) to
    show on a page."""
    return mark_safe("".join(_document(s) for s in (spec, *spec.attached)))


def _document(spec: DocumentSpec) -> str:
    header = spec.header
    parent = f"<div>{_text(header.parent_body).upper()}</div>" if fmt.clean(header.parent_body) else ""
    top = (
        '<div class="doc-header">'
        f'<div>{parent}<div class="bold">{_lines(header.issuing_body.upper())}</div>'
        f"<div>{_text(fmt.number_line(header))}</div></div>"
        f'<div><div class="bold">{escape(NATIONAL_NAME)}</div><div class="bold">{escape(MOTTO)}</div>'
        f'<div class="italic">{_text(fmt.place_date_line(header))}</div></div></div>'
    )
    title = f'<h2 class="doc-kind">{_text(spec.kind).upper()}</h2><p class="doc-title bold">{_text(spec.title)}</p>'
    basis = "".join(f'<p class="doc-p italic">{_text(line)}</p>' for line in fmt.listed(list(spec.legal_basis)))
    recipients = "".join(f"<li>- {_text(r)}</li>" for r in fmt.listed(list(spec.recipients)))
    signature = spec.signature
    signer = "".join(
        f'<div class="bold">{_text(line).upper()}</div>' for line in (*signature.authority, signature.position)
    )
    name = f'<div class="bold doc-signer">{_text(signature.name)}</div>' if fmt.clean(signature.name) else ""
    bottom = ""
    if signature.position or signature.authority or spec.recipients:
        bottom = (
            '<div class="doc-signature">'
            f'<div><p class="bold italic">Nơi nhận:</p><ul class="doc-recipients">{recipients}</ul></div>'
            f"<div>{signer}{name}</div></div>"
        )
    appendices = []
    for number, appendix in enumerate(spec.appendices, start=1):
        label = fmt.clean(appendix.label) or fmt.appendix_label(number, len(spec.appendices))
        note = fmt.clean(appendix.note) or fmt.attachment_note(spec.kind, header)
        appendices.append(
            f'<section class="doc-appendix"><h3>{escape(label)}: {_text(appendix.title)}</h3>'
            f'<p class="italic">{escape(note)}</p>{_blocks(appendix.blocks)}</section>'
        )
    body = _blocks(spec.body)
    return f'<article class="document">{top}{title}{basis}{body}{bottom}{"".join(appendices)}</article>'
