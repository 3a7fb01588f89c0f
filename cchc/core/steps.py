"""How a view takes a service step and tells the person how it went.

A service refuses with a Vietnamese error (a `ValueError` of its app: `PlanError`, `ReportingError`, `InputError`
…); the view shows it — on the next page as a message (`tell`, `made_or_back`), or on the form it is showing again
(`submit`) — or says what was done. Each app names the error it expects, so any other error still fails loudly."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from cchc.core.inputs import InputError

T = TypeVar("T")
Refusal = type[ValueError] | tuple[type[ValueError], ...]
Done = str | Callable[[T], str]


def _said(done: Done[T], outcome: T) -> str:
    return done(outcome) if callable(done) else done


def tell(request: HttpRequest, step: Callable[[], T], done: Done[T], refused: Refusal = InputError) -> bool:
    """Take `step`; a refusal becomes an error message, else `done` (a text, or made from what the step returned)
    a success message. True when the step was taken."""
    try:
        outcome = step()
    except refused as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, _said(done, outcome))
    return True


def submit(
    request: HttpRequest,
    form: BaseForm,
    step: Callable[[], T],
    then: Callable[[T], HttpResponse],
    done: Done[T] | None = None,
    refused: Refusal = InputError,
    field: str | None = None,
) -> HttpResponse | None:
    """Save a valid form through `step`; a refusal is added to the form (on `field`, or the whole form) and None
    returned, for the caller to show the form again; else `done` (if any) as a success message and the response
    `then` makes from what the step returned (the redirect)."""
    try:
        outcome = step()
    except refused as exc:
        form.add_error(field, str(exc))
        return None
    if done is not None:
        messages.success(request, _said(done, outcome))
    return then(outcome)


def refusal_on_form(form: BaseForm, errors: Mapping[str, str], message: str, field: str | None = None) -> None:
    """A refusal with reasons by field on the form shown again: each reason on its field (one the form lacks: on the
    whole form); a refusal without them, `message` on `field` (or the whole form)."""
    reasons: list[tuple[str | None, str]] = [*errors.items()] or [(field, message)]
    for name, reason in reasons:
        form.add_error(name if name in form.fields else None, reason)


def made_or_back(
    request: HttpRequest, make: Callable[[], HttpResponse], back: str, refused: Refusal, reason: str = "{}"
) -> HttpResponse:
    """What `make` answers (a printed document to download, a preview); when the printer refuses, its reason (put
    into `reason`) as an error message on the page `back` (an address)."""
    try:
        return make()
    except refused as exc:
        messages.error(request, reason.format(exc))
        return redirect(back)
