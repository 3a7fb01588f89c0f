"""A contestant's CCCD number, only ever as a keyed hash: normalised first (spaces, dots and dashes dropped, the
leading zeros a spreadsheet or a hurried typist drops put back), then HMAC-SHA256 with `CONTEST_ID_KEY`.

Every CCCD number has 12 digits and starts with the 0 of its province code (001–096), so a number typed with 10
or 11 digits lost its leading zeros and is padded back; anything else is refused. The same person typing
«001 099 012 345», «1099012345» or «001099012345» gets the same key, and the number is not stored anywhere."""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

from cchc.core.inputs import InputError

_SEPARATORS = re.compile(r"[\s.\-_/]+")
LABEL = "Số CCCD"


def normalise_cccd(text: str) -> str:
    digits = _SEPARATORS.sub("", str(text or ""))
    if not digits:
        raise InputError(f"{LABEL}: không được để trống.")
    if len(digits) > 40 or not digits.isascii() or not digits.isdigit():
        raise InputError(f"{LABEL}: chỉ gồm chữ số (12 số ghi trên thẻ căn cước).")
    if not 10 <= len(digits) <= 12:
        raise InputError(f"{LABEL}: phải có 12 chữ số (đã nhập {len(digits)} chữ số).")
    number = digits.zfill(12)
    if not 1 <= int(number[:3]) <= 96:
        raise InputError(f"{LABEL}: ba số đầu là mã tỉnh (001–096); số đã nhập không phải số CCCD.")
    return number


def person_key(text: str) -> str:
    """The keyed hash that stands for the person in a contest (raises InputError for a number that is not one)."""
    key = str(settings.CONTEST_ID_KEY).encode()
    return hmac.new(key, b"cccd:" + normalise_cccd(text).encode(), hashlib.sha256).hexdigest()
