"""Uploads fuzzed the way an attacker would: polyglots, names that lie about the content, zip bombs, lying zip
headers; and stored files reachable only through the access-checked download, never from /media."""

from __future__ import annotations

import importlib
import io
import struct
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import Resolver404, resolve, reverse
from PIL import Image

from cchc.core import files
from cchc.execution import excel
from cchc.execution.models import Evidence, LoggedResult, ResultImport
from cchc.execution.services import ExecutionError, check_result_import, log_result

from .conftest import officer_assignment, result_input

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format=fmt)
    return out.getvalue()


def _docx(extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def _pdf_with_packed_action() -> bytes:
    """A PDF whose opening action runs JavaScript from inside a compressed object stream (PDF 1.5)."""
    packed = zlib.compress(b"5 0 <</S/JavaScript/JS(app.alert(1))>>")
    body = b"%PDF-1.5\n"
    offsets = []
    for obj in (
        b"1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 5 0 R>>endobj\n",
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n",
        b"4 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>stream\n" % len(packed)
        + packed
        + b"\nendstream\nendobj\n",
    ):
        offsets.append(len(body))
        body += obj
    xref = len(body)
    body += b"xref\n0 6\n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n" % (offsets[0], offsets[1])
    body += b"0000000000 65535 f \n%010d 00000 n \n0000000000 65535 f \n" % offsets[2]
    return body + b"trailer<</Size 6/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref


def _form(**overrides: Any) -> dict[str, Any]:
    return {"date": "2024-03-15", "kind": "conference", "title": "Hội nghị CCHC", "idempotency_key": "k1", **overrides}


HOSTILE = {
    "poly.html": _image("JPEG") + b"<script>alert(document.cookie)</script>",
    "poly.jpg": _image("JPEG") + b"\n<ScRiPt src=//x.example/a.js></script>",
    "anh.svg": _image("PNG"),
    "trang.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 32 + b"<!DOCTYPE html><html><body onload=alert(1)>",
    "bieu-mau.pdf": PDF.replace(b"<<>>", b"<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>", 1),
    "ho-so.pdf": b"%PDF-1.4\n<iframe src=javascript:alert(1)>",
    "nen.pdf": _pdf_with_packed_action(),
    "ten-an.pdf": PDF.replace(b"<<>>", b"<</OpenAction<</S/J#61vaScript/J#53(app.alert(1))>>>>", 1),
    "macro.docx": _docx({"word/vbaProject.bin": b"\x00" * 100}),
    "bom.docx": _docx({"word/media/zeros.bin": b"\x00" * (40 * 1024 * 1024)}),
    "thu.docx": _image("PNG"),
    "virus.pdf": b"MZ\x90\x00\x03" + b"\x00" * 400,
    "trang.html": b"<html><body>hello</body></html>",
}


def test_a_scanned_page_whose_image_bytes_happen_to_spell_js_is_accepted() -> None:
    """Only objects are searched for actions, never image or page-content bytes (a chance "/JS" in a JPEG)."""
    image = b"\xff\xd8\xff\xe0 /JS /Launch \xff\xd9"
    page = PDF.replace(
        b"trailer",
        b"3 0 obj<</Type/XObject/Subtype/Image/Length %d>>stream\n%s\nendstream endobj\ntrailer" % (len(image), image),
        1,
    )
    checked = files.check_upload(SimpleUploadedFile("to-trinh.pdf", page), allowed={"application/pdf": "PDF"})
    assert checked.content_type == "application/pdf"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_evidence_is_refused_with_a_vietnamese_message_and_nothing_is_stored(
    issued: Any, client: Any, settings: Any, name: str
) -> None:
    assignment = officer_assignment(issued)
    client.force_login(issued.officer)
    upload = SimpleUploadedFile(name, HOSTILE[name], content_type="image/jpeg")
    response = client.post(reverse("execution:log_result", args=[assignment.pk]), {**_form(), "evidence": [upload]})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"«{name}»" in page and "tệp" in page.lower()
    assert LoggedResult.objects.count() == 0 and Evidence.objects.count() == 0
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_the_api_refuses_the_same_polyglot(issued: Any, client: Any) -> None:
    result = log_result(issued.officer, officer_assignment(issued), result_input()).result
    client.force_login(issued.officer)
    upload = SimpleUploadedFile("poly.jpg", HOSTILE["poly.jpg"])
    response = client.post(reverse("api:add_evidence", args=[result.pk]), {"files": [upload]})
    assert response.status_code == 400
    assert "mã HTML" in response.json()["detail"]
    assert Evidence.objects.count() == 0


def test_evidence_is_stored_under_its_digest_and_served_only_as_a_sandboxed_download(
    issued: Any, client: Any, settings: Any
) -> None:
    png = _image("PNG")
    outcome = log_result(
        issued.officer,
        officer_assignment(issued),
        result_input(),
        evidence=[SimpleUploadedFile("Ảnh hội nghị.png", png)],
    )
    evidence = outcome.result.evidence.get()
    assert Path(evidence.file.name).name == f"{evidence.sha256}.png"
    client.force_login(issued.officer)
    response = client.get(reverse("execution:evidence", args=[evidence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == png
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        "sandbox" in response["Content-Security-Policy"] and "default-src 'none'" in response["Content-Security-Policy"]
    )
    # Behind nginx the view only decides; the front server sends the bytes from an internal location.
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = "/_protected_media/"
    accel = client.get(reverse("execution:evidence", args=[evidence.pk]))
    assert accel["X-Accel-Redirect"] == f"/_protected_media/{evidence.file.name}"
    assert accel.content == b"" and accel["X-Content-Type-Options"] == "nosniff"
    assert accel["Content-Disposition"].startswith("attachment;")


def test_a_file_stored_before_the_checks_goes_out_by_its_content_never_as_html(issued: Any, client: Any) -> None:
    outcome = log_result(
        issued.officer, officer_assignment(issued), result_input(), evidence=[SimpleUploadedFile("a.pdf", PDF)]
    )
    evidence = outcome.result.evidence.get()
    with open(evidence.file.path, "wb") as fh:  # what an old upload might hold
        fh.write(b"<html><script>alert(1)</script></html>")
    Evidence.objects.filter(pk=evidence.pk).update(content_type="text/html", original_name="poly.html")
    client.force_login(issued.officer)
    response = client.get(reverse("execution:evidence", args=[evidence.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_evidence_is_404_to_another_unit_and_to_anonymous_users(issued: Any, client: Any) -> None:
    outcome = log_result(
        issued.officer, officer_assignment(issued), result_input(), evidence=[SimpleUploadedFile("a.pdf", PDF)]
    )
    url = reverse("execution:evidence", args=[outcome.result.evidence.get().pk])
    assert client.get(url).status_code in (302, 404)
    for user in (issued.other_officer, issued.outsider, issued.public):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_media_is_never_routed_even_with_debug_on(issued: Any, client: Any, settings: Any) -> None:
    outcome = log_result(
        issued.officer, officer_assignment(issued), result_input(), evidence=[SimpleUploadedFile("a.pdf", PDF)]
    )
    name = outcome.result.evidence.get().file.name
    client.force_login(issued.officer)
    assert client.get(f"/media/{name}").status_code == 404
    urls = importlib.import_module(settings.ROOT_URLCONF)
    with override_settings(DEBUG=True):
        importlib.reload(urls)
        try:
            with pytest.raises(Resolver404):
                resolve(f"/media/{name}", urlconf=urls)
        finally:
            importlib.reload(urls)


def _workbook_with(member: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(excel.build_template([])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            z.writestr(info.filename, data if info.filename == member else source.read(info.filename))
    return out.getvalue()


def _lie_about_size(data: bytes, member: str, declared: int) -> bytes:
    """The zip with `member`'s uncompressed size rewritten to `declared` in both headers (a lying header)."""
    blob = bytearray(data)
    name = member.encode()
    local = blob.find(b"PK\x03\x04" + b"\x00" * 0)
    while local != -1:
        name_len = struct.unpack_from("<H", blob, local + 26)[0]
        if bytes(blob[local + 30 : local + 30 + name_len]) == name:
            struct.pack_into("<I", blob, local + 22, declared)
        local = blob.find(b"PK\x03\x04", local + 4)
    central = blob.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", blob, central + 28)[0]
        if bytes(blob[central + 46 : central + 46 + name_len]) == name:
            struct.pack_into("<I", blob, central + 24, declared)
        central = blob.find(b"PK\x01\x02", central + 4)
    return bytes(blob)


def test_an_excel_whose_styles_unpack_to_a_gibibyte_is_refused_from_its_directory(issued: Any) -> None:
    bomb = _lie_about_size(_workbook_with("xl/styles.xml", b" " * 1024), "xl/styles.xml", 1 << 30)
    started = time.perf_counter()
    with pytest.raises(ExecutionError, match="bom nén"):
        check_result_import(issued.officer, issued.plan, SimpleUploadedFile("bom.xlsx", bomb), [])
    assert time.perf_counter() - started < 1
    assert ResultImport.objects.count() == 0


def test_an_excel_with_a_highly_compressed_sheet_is_refused_by_ratio(issued: Any) -> None:
    bomb = _workbook_with("xl/worksheets/sheet1.xml", b"<x/>" + b" " * (8 * 1024 * 1024))
    with pytest.raises(ExecutionError, match="bom nén"):
        check_result_import(issued.officer, issued.plan, SimpleUploadedFile("bom.xlsx", bomb), [])
    assert ResultImport.objects.count() == 0


def test_an_excel_whose_header_understates_a_member_is_read_no_further_than_declared(issued: Any) -> None:
    liar = _lie_about_size(_workbook_with("xl/styles.xml", b" " * (20 * 1024 * 1024)), "xl/styles.xml", 1000)
    with pytest.raises(ExecutionError, match="không đọc được"):
        check_result_import(issued.officer, issued.plan, SimpleUploadedFile("ket-qua.xlsx", liar), [])
    assert ResultImport.objects.count() == 0


def test_a_docx_bomb_to_the_plan_import_api_is_refused_before_parsing(issued: Any, client: Any) -> None:
    bomb = _lie_about_size(_docx(), "word/document.xml", 1 << 30)
    client.force_login(issued.owner)
    response = client.post(reverse("api:import_document_file"), {"file": SimpleUploadedFile("ke-hoach.docx", bomb)})
    assert response.status_code == 400
    assert "bom nén" in response.json()["detail"]
