"""Bounds and hygiene for everything a person or another system types or uploads, before any arithmetic or storage.

One module serves forms, API schemas and importers: text is cleaned of invisible characters and refused when it
carries NUL or broken encoding; numbers are parsed with a length and exponent limit before they are turned into
Python integers; dates stay within years that make sense; JSON is read with a depth limit. Every refusal is an
`InputError` with a Vietnamese message naming the field.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import models

from cchc.core.text import INVISIBLE, vn_number

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+|\d{1,3}(,\d{3})+")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")

LONG_TEXT_MAX = 20_000  # a TextField without its own bound: a report section, a note, an activity's content
MIN_YEAR, MAX_YEAR = 1990, 2100  # dates in plans, results and reports
MAX_LIST_ITEMS = 2000  # lines of a list field (objectives, recipients, duties)
MAX_NUMBER_CHARS = 40  # no count or rate a person types needs more characters than this
JSON_MAX_DEPTH = 32


class InputError(ValueError):
    """Input refused; `message` is Vietnamese and names the field, `errors` maps field names to messages."""

    def __init__(self, message: str, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reason = message
        self.errors = dict(errors or {})


def refuse(label: str, reason: str) -> InputError:
    """The error for one field: the message is «label: reason»; `reason` alone serves callers that name the field
    themselves (pydantic validators)."""
    error = InputError(f"{label}: {reason}")
    error.reason = reason
    return error


def strip_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)


def clean_text(value: Any, *, label: str, max_length: int, multiline: bool = True, required: bool = False) -> str:
    """The text as it will be stored: NFC, invisible characters removed, stripped; single-line fields get their
    line breaks turned into spaces. Refused: NUL and other control characters, lone surrogates, over max_length."""
    text = "" if value is None else str(value)
    if len(text) > 4 * max_length + 1000:  # refuse a megabyte paste before doing any work on it
        raise refuse(label, f"quá dài ({vn_number(len(text))} ký tự), tối đa {vn_number(max_length)} ký tự.")
    if _SURROGATE.search(text):
        raise refuse(label, "có ký tự hỏng (mã hóa không hợp lệ). Hãy gõ hoặc dán lại nội dung.")
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    if _CONTROL.search(text):
        raise refuse(label, "có ký tự điều khiển không hợp lệ (ví dụ ký tự NUL). Hãy gõ lại nội dung.")
    text = unicodedata.normalize("NFC", strip_invisible(text)).strip()
    if required and not text:
        raise refuse(label, "không được để trống.")
    if len(text) > max_length:
        raise refuse(label, f"tối đa {vn_number(max_length)} ký tự (nội dung có {vn_number(len(text))} ký tự).")
    return text


def _number_text(value: Any, label: str) -> str:
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if len(text) > MAX_NUMBER_CHARS:
        raise refuse(label, f"«{text[:20]}…» không phải là một số hợp lệ (quá dài).")
    if not text.isascii():
        raise refuse(label, f"«{text}» không phải là số (chỉ dùng các chữ số 0–9).")
    return text


def _to_decimal(value: Any, label: str) -> decimal.Decimal:
    if isinstance(value, bool):
        raise refuse(label, "phải là một số.")
    if isinstance(value, decimal.Decimal):
        number = value
    elif isinstance(value, int):
        if value.bit_length() > 128:
            raise refuse(label, "số quá lớn.")
        number = decimal.Decimal(value)
    else:
        text = _number_text(value, label)
        if re.fullmatch(r"[+-]?\d+,\d+", text):  # Vietnamese decimal comma
            text = text.replace(",", ".")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?", text):
            raise refuse(label, f"«{text}» không phải là số.")
        number = decimal.Decimal(text)
    if not number.is_finite():
        raise refuse(label, "phải là một số hữu hạn.")
    if number and not -30 <= number.adjusted() <= 30:  # checked before any arithmetic on it
        raise refuse(label, "số quá lớn hoặc quá nhỏ.")
    return number


def parse_int(value: Any, *, label: str, minimum: int = 0, maximum: int) -> int | None:
    """An integer within [minimum, maximum]; None for an empty value. Floats and decimals must be whole; text may
    group thousands the Vietnamese way (1.000.000)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and _THOUSANDS.fullmatch(value.strip()):
        value = value.strip().replace(".", "").replace(",", "")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise refuse(label, "phải là một số hữu hạn.")
        value = decimal.Decimal(repr(value))
    number = _to_decimal(value, label)
    if number != number.to_integral_value():
        raise refuse(label, "phải là số nguyên.")
    return _in_range(int(number), label, minimum, maximum)


def parse_decimal(
    value: Any, *, label: str, places: int, minimum: decimal.Decimal | int, maximum: decimal.Decimal | int
) -> decimal.Decimal | None:
    """A decimal within [minimum, maximum] with at most `places` decimals: more are refused, never rounded."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise refuse(label, "phải là một số hữu hạn.")
        value = decimal.Decimal(repr(value))
    number = _to_decimal(value, label)
    exponent = number.as_tuple().exponent
    with decimal.localcontext(prec=80):
        rounded = number.quantize(decimal.Decimal(1).scaleb(-places))
    if isinstance(exponent, int) and -exponent > places and number != rounded:
        raise refuse(label, f"tối đa {places} chữ số sau dấu thập phân («{number}» sẽ bị làm tròn).")
    return _in_range(number, label, minimum, maximum)


def parse_bounded(
    value: Any, *, label: str, minimum: int, maximum: int, places: int | None = None
) -> int | decimal.Decimal | None:
    """`parse_int` when places is None, else `parse_decimal` with that many decimals."""
    if places is None:
        return parse_int(value, label=label, minimum=minimum, maximum=maximum)
    return parse_decimal(value, label=label, places=places, minimum=minimum, maximum=maximum)


def _in_range(number: Any, label: str, minimum: Any, maximum: Any) -> Any:
    if number < minimum:
        raise refuse(label, "không được là số âm." if minimum == 0 else f"không được nhỏ hơn {vn_number(minimum)}.")
    if number > maximum:
        raise refuse(label, f"không được lớn hơn {vn_number(maximum)}.")
    return number


def check_date(value: dt.date | None, *, label: str) -> dt.date | None:
    """A date in a year between MIN_YEAR and MAX_YEAR."""
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise refuse(label, f"năm {value.year} không hợp lệ (chỉ nhận từ năm {MIN_YEAR} đến {MAX_YEAR}).")
    return value


# Largest values the database columns hold: a person's number beyond these is a typing error, not a fact.
_INT_MAX = {
    models.PositiveSmallIntegerField: 32_767,
    models.SmallIntegerField: 32_767,
    models.PositiveIntegerField: 2_147_483_647,
    models.IntegerField: 2_147_483_647,
}


def clean_value(field: models.Field[Any, Any], value: Any, *, long_text: int = LONG_TEXT_MAX) -> Any:
    """One value for one model field, bounded by what the field (and its database column) can hold."""
    label = str(field.verbose_name)
    label = label[:1].upper() + label[1:]
    if isinstance(field, models.CharField | models.TextField):
        if value is None and field.null:
            return None
        single_line = isinstance(field, models.CharField)
        return clean_text(value, label=label, max_length=field.max_length or long_text, multiline=not single_line)
    if isinstance(field, models.DecimalField):
        assert field.max_digits is not None and field.decimal_places is not None
        limit = decimal.Decimal(10) ** (field.max_digits - field.decimal_places) - decimal.Decimal(1).scaleb(
            -field.decimal_places
        )
        return parse_decimal(value, label=label, places=field.decimal_places, minimum=-limit, maximum=limit)
    for kind, maximum in _INT_MAX.items():
        if isinstance(field, kind):
            minimum = 0 if "Positive" in kind.__name__ else -maximum - 1
            return parse_int(value, label=label, minimum=minimum, maximum=maximum)
    if isinstance(field, models.DateField):
        return check_date(value, label=label)
    if isinstance(field, models.JSONField) and isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS:
            raise refuse(label, f"tối đa {vn_number(MAX_LIST_ITEMS)} mục.")
        return [clean_text(v, label=label, max_length=long_text) if isinstance(v, str) else v for v in value]
    return value


def clean_fields(
    model: type[models.Model], values: Mapping[str, Any], *, long_text: int = LONG_TEXT_MAX
) -> tuple[dict[str, Any], dict[str, str]]:
    """Every value cleaned by `clean_value` for the model field of the same name: (cleaned, errors by field)."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, value in values.items():
        try:
            cleaned[name] = clean_value(model._meta.get_field(name), value, long_text=long_text)  # type: ignore[arg-type]
        except InputError as exc:
            errors[name] = exc.message
    return cleaned, errors


def bounded(
    model: type[models.Model],
    values: Mapping[str, Any],
    *,
    long_text: int = LONG_TEXT_MAX,
    refused: Callable[[str], ValueError] | None = None,
) -> dict[str, Any]:
    """`clean_fields`, raising one InputError (all messages, and `errors` by field) when anything is refused — or,
    for a writer that refuses with an error of its own (`PlanError` …), `refused` with all messages."""
    cleaned, errors = clean_fields(model, values, long_text=long_text)
    if errors:
        message = " ".join(dict.fromkeys(errors.values()))
        raise InputError(message, errors) if refused is None else refused(message)
    return cleaned


def clean_strings(data: Any, *, max_length: int = LONG_TEXT_MAX, where: str = "") -> Any:
    """Every string inside parsed JSON (keys too) cleaned by `clean_text`; the error names the path."""
    if isinstance(data, str):
        return clean_text(data, label=where or "Giá trị", max_length=max_length)
    if isinstance(data, list):
        return [clean_strings(v, max_length=max_length, where=f"{where}[{i}]") for i, v in enumerate(data)]
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            name = clean_text(key, label="Tên trường", max_length=200)
            out[name] = clean_strings(value, max_length=max_length, where=f"{where}.{name}" if where else name)
        return out
    return data


def json_depth_ok(data: Any, max_depth: int) -> bool:
    """True when no list or object nests deeper than max_depth (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        children: Iterable[Any] = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > max_depth:
                    return False
                stack.append((child, depth + 1))
    return True


def load_json(data: bytes | str, *, label: str = "Dữ liệu JSON", max_depth: int = JSON_MAX_DEPTH) -> Any:
    """Parse JSON with a nesting limit; every string is cleaned (`clean_strings`). Raises InputError."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise refuse(label, "không phải văn bản UTF-8.") from None
    try:
        parsed = json.loads(text)
    except RecursionError:
        raise refuse(label, f"lồng nhau quá sâu (tối đa {max_depth} cấp).") from None
    except ValueError as exc:
        raise refuse(label, f"không phải JSON hợp lệ ({_json_error(exc)}).") from None
    if not json_depth_ok(parsed, max_depth):
        raise refuse(label, f"lồng nhau quá sâu (tối đa {max_depth} cấp).")
    return clean_strings(parsed)


def _json_error(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"dòng {exc.lineno}, cột {exc.colno}"
    return "nội dung hỏng"
