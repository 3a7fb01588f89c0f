"""A scanned, stamped plan of each seed imported through the browser: the upload returns at once, the waiting
screen shows the page count and progress, and the review screen opens on what the scan says.

Each seed's answer is printed as the official .docx by LibreOffice and its first page and signed page are
"scanned" at 200 dpi (turned, grain, JPEG, red stamp over the signer) by tests/fixtures/importing/scanned/
make_scans.py, so the test needs LibreOffice and Tesseract with its Vietnamese model, like the OCR itself.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.urls import reverse

from cchc.plans.models import PlanImport
from tests.browser.conftest import Browser

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "cchc" / "plans" / "seed_data" / "gold"


def _tools_missing() -> str | None:
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        return "LibreOffice is needed to print the seed plans"
    if not shutil.which("tesseract") or not shutil.which("pdftoppm"):
        return "tesseract-ocr and poppler-utils are needed to read scans"
    languages = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    return None if "vie" in languages else "tesseract-ocr-vie is needed to read scans"


pytestmark = pytest.mark.skipif(_tools_missing() is not None, reason=str(_tools_missing()))


def _make_scans() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_scans", ROOT / "tests/fixtures/importing/scanned/make_scans.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_a_scanned_stamped_plan_of_each_seed_imports_with_its_page_progress_shown(
    browser: Browser, world_seeded: Any, tmp_path: Path, settings: Any, seed: str
) -> None:
    settings.BACKGROUND_THREADS = True  # as in production without a broker: read in a thread, not in the request
    gold = json.loads(next(GOLD.glob(f"{seed}_*.json")).read_text(encoding="utf-8"))
    scans = _make_scans()
    printed = scans.plan_pdf(gold)
    signed = scans._signature_box(printed, 200)[0]
    scan = tmp_path / f"ke-hoach-{seed}-ban-quet.pdf"
    scan.write_bytes(scans.scan_pages(printed, 200, 1, pages=[0, signed]))

    browser.log_in(world_seeded.owner.username)
    browser.go(reverse("plans:import_upload"))
    browser.find("input[type=file]").send_keys(str(scan))
    browser.click(browser.finds("main form button[type=submit]")[-1])
    assert browser.path.startswith("/ke-hoach/nhap-van-ban/")  # the upload returned before the reading ended
    browser.wait_for("/2 trang quét", timeout=60)
    browser.shot(f"scan-{seed}-progress")
    browser.wait_for("Soát lại kế hoạch", timeout=300)
    browser.shot(f"scan-{seed}-review")

    record = PlanImport.objects.latest("pk")
    assert (record.status, record.pages_done, record.pages_total) == (PlanImport.Status.READY, 2, 2)
    draft = record.draft
    assert draft["title"] == gold["title"]
    assert draft["number"] == gold["number"]
    assert draft["signer"]["name"] == gold["signer"]["name"]  # read under the red stamp
    assert [b["number"] for b in draft["legal_bases"]] == [b["number"] for b in gold["legal_bases"]]
