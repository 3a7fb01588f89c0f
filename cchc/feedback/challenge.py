"""A question any person answers and no script guesses without the server's key: two numbers written as words,
their sum in digits. It works offline (no third-party captcha); the form token it is bound to makes one form
submit once."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười")
MAX_AGE = 3 * 3600
_SALT = "cchc.feedback.form"


@dataclass(frozen=True)
class Challenge:
    question: str
    signed: str


def _digest(token: str, answer: str) -> str:
    return salted_hmac(_SALT, f"{token}:{answer.strip()}").hexdigest()[:20]


def new_challenge() -> Challenge:
    a, b = secrets.randbelow(10) + 1, secrets.randbelow(10) + 1
    token = str(uuid.uuid4())
    signed = signing.TimestampSigner(salt=_SALT).sign(f"{token}:{_digest(token, str(a + b))}")
    return Challenge(f"{WORDS[a].capitalize()} cộng {WORDS[b]} bằng mấy? (ghi bằng chữ số)", signed)


def _unsign(signed: str) -> tuple[uuid.UUID, str] | None:
    try:
        value = signing.TimestampSigner(salt=_SALT).unsign(signed or "", max_age=MAX_AGE)
        token, digest = value.split(":", 1)
        return uuid.UUID(token), digest
    except (signing.BadSignature, ValueError):
        return None


def form_token(signed: str) -> uuid.UUID | None:
    """The form's one-time token, when the signed value is ours and not older than MAX_AGE."""
    parts = _unsign(signed)
    return parts[0] if parts else None


def answered(signed: str, answer: str) -> bool:
    """The answer given is the sum asked in this form."""
    parts = _unsign(signed)
    return parts is not None and constant_time_compare(parts[1], _digest(str(parts[0]), answer or ""))
