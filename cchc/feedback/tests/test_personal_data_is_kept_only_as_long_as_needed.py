"""Data-subject requests (see, correct, erase) answered by the handling unit, retention with automatic erasure;
figures survive erasure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cchc.core.inputs import InputError
from cchc.feedback import services
from cchc.feedback.models import Attachment, RefusalReason

from .conftest import Desk, submit
from .test_bad_input_gets_a_clear_message_or_one_stored_item import PNG


@pytest.mark.django_db
def test_the_handling_unit_corrects_and_erases_on_request(desk: Desk) -> None:
    cast = desk.cast
    item = submit(desk, content="Tôi là Trần Thị Bình (0987654321) hỏi về chứng thực.",
                  files=[SimpleUploadedFile("anh.png", PNG)])  # fmt: skip
    officer = Client()
    officer.force_login(cast.officer)
    officer.post(reverse("feedback:act", args=[item.pk, "correct"]), {"sender_phone": "0911 222 333"})
    item.refresh_from_db()
    assert item.sender_phone == "0911222333"
    with pytest.raises(InputError):
        services.correct_personal_data(cast.officer, item, sender_email="khong-phai-thu")
    other = Client()
    other.force_login(cast.other_officer)
    assert other.post(reverse("feedback:act", args=[item.pk, "erase"])).status_code == 404
    officer.post(reverse("feedback:act", args=[item.pk, "erase"]), {"xac_nhan": "1"})
    item.refresh_from_db()
    assert (item.sender_name, item.sender_phone, item.sender_email) == ("", "", "")
    assert "0987654321" not in item.content and "Trần Thị Bình" not in item.content
    assert not Attachment.objects.filter(item=item).exists() and item.anonymised_at is not None


@pytest.mark.django_db
def test_retention_erases_answered_items_only_after_the_period(desk: Desk) -> None:
    old, recent, still_open = submit(desk), submit(desk), submit(desk)
    services.refuse_item(desk.cast.officer, old, RefusalReason.UNCLEAR)
    services.refuse_item(desk.cast.officer, recent, RefusalReason.UNCLEAR)
    type(old).objects.filter(pk=old.pk).update(answered_on=dt.date(2019, 1, 2))
    assert services.apply_retention(dt.date(2025, 1, 10)) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert old.sender_phone == "" and recent.sender_phone and still_open.sender_phone
    assert not services.sender_matches(old, "")
