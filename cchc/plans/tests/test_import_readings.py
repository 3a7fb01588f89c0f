"""The review screen of a document that lost its marks: each repaired or doubtful word is marked in the restored
text, and the reviewer puts the right reading into the draft with one click."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cchc.accounts.models import Role, User
from cchc.core.models import AuditEntry
from cchc.plans.models import PlanImport
from cchc.units.models import Unit, UnitKind

# The opening of seed 002 as its OCR printed it (no marks, letters broken).
EXCERPT = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "importing" / "ocr_excerpt_002.txt"


@pytest.fixture
def owner(db: Any) -> User:
    province = Unit.objects.create(name="UBND tỉnh Tuyên Quang", kind=UnitKind.PROVINCE, locality="Tuyên Quang")
    office = Unit.objects.create(name="Sở Nội vụ", kind=UnitKind.DEPARTMENT, locality="Tuyên Quang", parent=province)
    return User.objects.create_user(username="noivu-tq", role=Role.OWNER, unit=office)


@pytest.fixture
def record(client: Client, owner: User) -> PlanImport:
    client.force_login(owner)
    client.post(reverse("plans:import_upload"), {"file": SimpleUploadedFile(EXCERPT.name, EXCERPT.read_bytes())})
    return PlanImport.objects.get()


def find(record: PlanImport, chosen: str, suggestion: str) -> int:
    return next(
        i for i, w in enumerate(record.restoration["words"]) if w["chosen"] == chosen and suggestion in w["suggestions"]
    )


def test_repaired_and_doubtful_words_are_marked_with_what_the_document_printed(
    client: Client, record: PlanImport
) -> None:
    assert record.status == PlanImport.Status.READY
    words = record.restoration["words"]
    text = record.restoration["text"]
    assert all(text[w["start"] : w["end"]] == w["chosen"] for w in words)
    repaired = {(w["read"], w["chosen"]) for w in words if w["repaired"]}
    assert ("ctia", "của") in repaired and ("Chwong", "Chương") in repaired
    assert any(w["doubtful"] for w in words) and not any(w["checked"] for w in words)
    html = client.get(reverse("plans:import_review", args=[record.pk])).content.decode()
    assert "Văn bản đã khôi phục dấu" in html and 'title="Văn bản in: «ctia»"' in html
    # "CCHC can gén chat": the model's "cần", a doubtful word beside "căn" (the officer may take any suggestion)
    index = find(record, "cần", "căn")
    assert f'id="rw-{index}"' in html and 'value="căn"' in html


def test_one_click_puts_the_reading_into_the_draft_and_the_text_and_is_audited(
    client: Client, record: PlanImport
) -> None:
    index = find(record, "cần", "căn")
    assert "cần gắn chặt" in json.dumps(record.draft, ensure_ascii=False)
    response = client.post(reverse("plans:import_reading", args=[record.pk, index]), {"choice": "căn"})
    assert response.status_code == 302 and response["Location"].endswith(f"#rw-{index}")
    record.refresh_from_db()
    draft = json.dumps(record.draft, ensure_ascii=False)
    assert "căn gắn chặt" in draft and "cần gắn chặt" not in draft
    word = record.restoration["words"][index]
    assert word["chosen"] == "căn" and word["checked"]
    text = record.restoration["text"]
    assert all(text[w["start"] : w["end"]] == w["chosen"] for w in record.restoration["words"])
    entry = AuditEntry.objects.get(action="plans.import.reading_chosen")
    assert entry.before == {"word": "cần"} and entry.after["word"] == "căn" and entry.after["replaced_in_draft"] >= 1
    # The same click again (a double submit) changes nothing more.
    client.post(reverse("plans:import_reading", args=[record.pk, index]), {"choice": "căn"})
    record.refresh_from_db()
    assert json.dumps(record.draft, ensure_ascii=False) == draft and record.restoration["text"] == text


def test_readings_outside_the_suggestions_absurd_indexes_and_other_people_change_nothing(
    client: Client, record: PlanImport, owner: User
) -> None:
    index = find(record, "cần", "căn")
    before = (record.draft, record.restoration)
    url = reverse("plans:import_reading", args=[record.pk, index])
    page = client.post(url, {"choice": "<script>alert(1)</script>"}, follow=True)
    assert "không nằm trong các gợi ý" in page.content.decode()
    assert client.post(reverse("plans:import_reading", args=[record.pk, 10**6]), {"choice": "căn"}).status_code == 302
    assert client.post(url, {"choice": "x" * 10_000}).status_code == 400
    assert client.get(url).status_code == 405
    other_unit = Unit.objects.create(name="Sở Tư pháp", kind=UnitKind.DEPARTMENT, locality="Tuyên Quang")
    for user in (
        User.objects.create_user(username="other-owner", role=Role.OWNER, unit=owner.unit),
        User.objects.create_user(username="officer", role=Role.OFFICER, unit=other_unit),
    ):
        client.force_login(user)
        assert client.post(url, {"choice": "căn"}).status_code in (403, 404)
    client.logout()
    assert client.post(url, {"choice": "căn"}).status_code == 302  # to the login page
    record.refresh_from_db()
    assert (record.draft, record.restoration) == before
    assert not AuditEntry.objects.filter(action="plans.import.reading_chosen").exists()


def test_a_document_written_with_its_marks_has_nothing_to_review(client: Client, owner: User) -> None:
    client.force_login(owner)
    seed = Path(__file__).resolve().parents[1] / "seed_data" / "documents" / "004_17ceed56154cea7b.txt"
    client.post(reverse("plans:import_upload"), {"file": SimpleUploadedFile(seed.name, seed.read_bytes())})
    record = PlanImport.objects.get()
    assert record.restoration == {}
    assert (
        "Văn bản đã khôi phục dấu" not in client.get(reverse("plans:import_review", args=[record.pk])).content.decode()
    )
