"""The shared view steps (core.steps) and the one-object lookup of access modules (core.access): what the person is
told, what the view answers, and that an error the caller did not name is not swallowed."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory

from cchc.core.access import first_or_404
from cchc.core.inputs import InputError
from cchc.core.steps import made_or_back, refusal_on_form, submit, tell
from cchc.units.models import Unit, UnitKind


class Refused(ValueError):
    pass


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _told(request: HttpRequest) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def _refuse() -> int:
    raise Refused("Không lưu được: thiếu tên.")


def test_tell_says_what_was_done_or_why_not() -> None:
    request = _request()
    assert tell(request, lambda: 3, lambda n: f"Đã lưu {n} mục.", Refused) is True
    assert tell(request, _refuse, "Đã lưu.", Refused) is False
    assert _told(request) == [("success", "Đã lưu 3 mục."), ("error", "Không lưu được: thiếu tên.")]


def test_tell_lets_an_error_it_was_not_told_of_through() -> None:
    with pytest.raises(Refused):
        tell(_request(), _refuse, "Đã lưu.", InputError)


class NameForm(forms.Form):
    name = forms.CharField()


def test_submit_puts_the_refusal_on_the_form_or_answers_with_the_redirect() -> None:
    request, form = _request(), NameForm({"name": "x"})
    assert form.is_valid()
    assert submit(request, form, _refuse, lambda _: HttpResponse("tiếp"), "Đã lưu.", Refused, field="name") is None
    assert form.errors == {"name": ["Không lưu được: thiếu tên."]}
    answer = submit(request, form, lambda: 7, lambda n: HttpResponse(f"mục {n}"), lambda n: f"Đã lưu mục {n}.", Refused)
    assert answer is not None and answer.content.decode() == "mục 7"
    assert _told(request) == [("success", "Đã lưu mục 7.")]


def test_refusal_on_form_puts_each_reason_on_its_field() -> None:
    by_field = NameForm({"name": "x"})
    by_field.is_valid()
    refusal_on_form(by_field, {"name": "Tên đã có.", "cccd": "Số CCCD không hợp lệ."}, "Không lưu được.")
    assert by_field.errors == {"name": ["Tên đã có."], "__all__": ["Số CCCD không hợp lệ."]}
    whole = NameForm({"name": "x"})
    whole.is_valid()
    refusal_on_form(whole, {}, "Không lưu được.", "name")
    assert whole.errors == {"name": ["Không lưu được."]}


def test_made_or_back_answers_the_document_or_goes_back_with_the_reason() -> None:
    request = _request()
    assert made_or_back(request, lambda: HttpResponse(b"docx"), "/ve/", Refused).content == b"docx"
    back = made_or_back(request, lambda: HttpResponse(_refuse()), "/ve/", Refused, "Chưa in được: {}")
    assert back.status_code == 302 and back["Location"] == "/ve/"
    assert _told(request) == [("error", "Chưa in được: Không lưu được: thiếu tên.")]


@pytest.mark.django_db
def test_first_or_404_gives_the_object_or_a_vietnamese_404() -> None:
    unit = Unit.objects.create(name="UBND tỉnh Thử", kind=UnitKind.PROVINCE, locality="Thử")
    assert first_or_404(Unit.objects.filter(pk=unit.pk), "Không tìm thấy đơn vị.") == unit
    with pytest.raises(Http404, match="Không tìm thấy đơn vị"):
        first_or_404(Unit.objects.filter(pk=unit.pk + 1), "Không tìm thấy đơn vị.")
