"""Errors as people read them: Vietnamese pages (400, 403, 404, 413, 500) and Vietnamese JSON bodies for the API,
in every mode — never a traceback, never Django's or django-ninja's English defaults.

`InputGuardMiddleware` refuses an oversized body from its declared length before anything reads it, and turns what
a view raises into the page or JSON body; `install_api_handlers` does the same inside django-ninja, whose own
handlers would otherwise answer first; `JsonParser` reads API bodies with the bounds of `core.inputs`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from cchc.core.inputs import InputError, load_json

logger = logging.getLogger("cchc.errors")

TITLES = {
    400: "Dữ liệu gửi lên không hợp lệ",
    401: "Chưa đăng nhập",
    403: "Không có quyền truy cập",
    404: "Không tìm thấy trang",
    405: "Phương thức không được hỗ trợ",
    413: "Dữ liệu gửi lên quá lớn",
    429: "Quá nhiều yêu cầu",
    500: "Hệ thống gặp lỗi",
}
MESSAGES = {
    400: "Yêu cầu không hợp lệ. Hãy kiểm tra lại nội dung đã nhập rồi gửi lại.",
    401: "Hãy đăng nhập (hoặc gửi khóa truy cập hợp lệ) rồi thử lại.",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy nội dung bạn yêu cầu, hoặc bạn không có quyền xem nội dung này.",
    405: "Địa chỉ này không nhận phương thức yêu cầu đã gửi.",
    429: "Bạn gửi quá nhiều yêu cầu trong thời gian ngắn. Hãy thử lại sau ít phút.",
    500: "Hệ thống gặp lỗi khi xử lý yêu cầu. Lỗi đã được ghi lại; hãy thử lại sau hoặc báo quản trị viên.",
}
DATA_ERROR = "Dữ liệu vượt quá giới hạn cho phép (quá dài hoặc số quá lớn). Hãy rút gọn nội dung rồi gửi lại."


def too_large_message() -> str:
    limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return (
        f"Dữ liệu gửi lên quá lớn: tối đa {limit / 1048576:g} MB cho nội dung, "
        f"{int(settings.MAX_UPLOAD_BYTES) / 1048576:g} MB cho mỗi tệp."
    )


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def error_response(request: HttpRequest, status: int, message: str | None = None, **extra: Any) -> HttpResponse:
    """The Vietnamese answer for a status: JSON `{"detail": …}` for the API, a page otherwise."""
    message = message or MESSAGES.get(status) or TITLES.get(status, MESSAGES[400])
    if wants_json(request):
        return JsonResponse({"detail": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False})
    html = render_to_string("errors/error.html", {"status": status, "title": TITLES.get(status), "message": message})
    return HttpResponse(html, status=status)


def declared_too_large(request: HttpRequest) -> bool:
    """A body larger than allowed, judged from its declared length before anything reads it. Form uploads may be
    as large as several files; any other body (JSON, form fields) only DATA_UPLOAD_MAX_MEMORY_SIZE."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    if request.content_type == "multipart/form-data":
        return length > int(settings.MAX_REQUEST_BYTES)
    return length > int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def response_for(request: HttpRequest, exc: BaseException) -> HttpResponse | None:
    """The Vietnamese answer for what a view raised; None for what is not an error of ours to describe."""
    if isinstance(exc, InputError):
        return error_response(request, 400, exc.message, errors=exc.errors)
    if isinstance(exc, RequestDataTooBig):
        return error_response(request, 413, too_large_message())
    if isinstance(exc, SuspiciousOperation):
        return error_response(request, 400)
    if isinstance(exc, Http404):
        message = str(exc) if exc.args and _is_vietnamese(str(exc)) else None
        return error_response(request, 404, message)
    if isinstance(exc, PermissionDenied):
        message = str(exc) if exc.args and _is_vietnamese(str(exc)) else None
        return error_response(request, 403, message)
    if isinstance(exc, DataError):
        logger.warning("Refused data the database cannot hold on %s: %s", request.path, exc)
        return error_response(request, 400, DATA_ERROR)
    return None


def _is_vietnamese(text: str) -> bool:
    return any(ord(ch) > 127 for ch in text)


class InputGuardMiddleware:
    """First in MIDDLEWARE: 413 for an oversized body before it is read; Vietnamese answers for errors raised by
    views; and a Vietnamese 404 for an address that matches nothing, also with DEBUG on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if declared_too_large(request):
            return error_response(request, 413, too_large_message())
        response = self.get_response(request)
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None and settings.DEBUG:
            return error_response(request, 404)  # instead of Django's technical page listing every URL
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        response = response_for(request, exc)
        if response is None:
            logger.exception("Unhandled error on %s %s", request.method, request.path)
            response = error_response(request, 500)
        return response


# Django's handlers for what happens outside views (middleware, URL resolution) with DEBUG off.
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return (exception and response_for(request, exception)) or error_response(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_response(
        request, 403, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Hãy tải lại trang rồi gửi lại."
    )


# --- django-ninja -------------------------------------------------------------------------------------------------

_PYDANTIC = {
    "missing": "thiếu giá trị bắt buộc",
    "string_type": "phải là văn bản",
    "string_too_long": "tối đa {max_length} ký tự",
    "string_too_short": "không được để trống",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "decimal_parsing": "phải là số",
    "decimal_type": "phải là số",
    "decimal_max_places": "tối đa {decimal_places} chữ số sau dấu thập phân",
    "decimal_max_digits": "quá nhiều chữ số",
    "decimal_whole_digits": "số quá lớn",
    "finite_number": "phải là một số hữu hạn",
    "greater_than_equal": "không được nhỏ hơn {ge}",
    "less_than_equal": "không được lớn hơn {le}",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "date_parsing": "ngày không hợp lệ (dạng YYYY-MM-DD)",
    "date_from_datetime_parsing": "ngày không hợp lệ (dạng YYYY-MM-DD)",
    "date_type": "ngày không hợp lệ (dạng YYYY-MM-DD)",
    "list_type": "phải là danh sách",
    "dict_type": "phải là một đối tượng",
    "model_type": "phải là một đối tượng",
    "model_attributes_type": "phải là một đối tượng",
    "literal_error": "giá trị không hợp lệ",
    "enum": "giá trị không hợp lệ",
    "extra_forbidden": "trường không có trong định dạng",
    "json_invalid": "không phải JSON hợp lệ",
    "too_long": "quá nhiều phần tử",
}


def pydantic_messages(errors: list[dict[str, Any]]) -> dict[str, str]:
    """Field path → Vietnamese message for pydantic / django-ninja validation errors."""
    out: dict[str, str] = {}
    for error in errors:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "payload", "query", "path", "form")]
        path = ".".join(loc) or "dữ liệu"
        kind = str(error.get("type", ""))
        if kind == "value_error" and _is_vietnamese(str(error.get("msg", ""))):
            message = str(error["msg"]).removeprefix("Value error, ")
        else:
            try:
                message = _PYDANTIC.get(kind, "giá trị không hợp lệ").format(**(error.get("ctx") or {}))
            except (KeyError, IndexError):
                message = _PYDANTIC.get(kind, "giá trị không hợp lệ")
        out.setdefault(path, message)
    return out


class JsonParser:
    """django-ninja's body parser with `core.inputs.load_json`: depth limit, strings cleaned, Vietnamese errors."""

    def parse_body(self, request: HttpRequest) -> Any:
        return load_json(request.body, label="Nội dung JSON")

    def parse_querydict(self, data: Any, list_fields: list[str], request: HttpRequest) -> dict[str, Any]:
        return {key: data.getlist(key) if key in list_fields else data[key] for key in data}


def install_api_handlers(api: Any) -> None:
    """Vietnamese JSON for every error django-ninja answers itself (its defaults are English, and with DEBUG on
    return the traceback as text)."""
    from ninja.errors import AuthenticationError, HttpError, ValidationError

    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = pydantic_messages(list(exc.errors))
        detail = "Dữ liệu không hợp lệ: " + "; ".join(f"{k}: {v}" for k, v in errors.items())
        return error_response(request, 422, detail, errors=errors)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        cause = exc.__cause__
        if cause is not None:
            answer = response_for(request, cause)
            if answer is not None:
                return answer
        message = str(exc) if _is_vietnamese(str(exc)) else None
        if isinstance(exc, AuthenticationError):
            message = MESSAGES[401]
        return error_response(request, exc.status_code, message)

    def anything(request: HttpRequest, exc: Exception) -> HttpResponse:
        answer = response_for(request, exc)
        if answer is None:
            logger.exception("Unhandled API error on %s %s", request.method, request.path)
            answer = error_response(request, 500)
        return answer

    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, anything)
    api.add_exception_handler(Exception, anything)
