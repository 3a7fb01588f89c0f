"""The JSON REST API: one NinjaAPI with a router per app; OpenAPI document at /api/docs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import APIKeyHeader, SessionAuth
from ninja.utils import check_csrf

from cchc.accounts.services import user_for_token
from cchc.core.errors import JsonParser, install_api_handlers


class SessionCsrfAuth(SessionAuth):
    """The browser's session; the CSRF check guards only requests that a session actually authenticates (a
    request without a session cookie cannot be forged by another site, so token clients are not asked for one)."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, "Thiếu hoặc sai mã CSRF: hãy tải lại trang rồi thử lại (ứng dụng khác dùng khóa API).")
        return request.COOKIES.get(self.param_name)


class TokenAuth(APIKeyHeader):
    """`Authorization: Token <key>` for other systems."""

    param_name = "Authorization"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not key or not key.startswith("Token "):
            return None
        user = user_for_token(key.removeprefix("Token ").strip())
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Tuyên truyền CCHC API",
    version="1",
    description="API JSON cho đơn vị, kế hoạch, nhiệm vụ, thực hiện, báo cáo và phản ánh, kiến nghị. Xác thực bằng "
    "phiên đăng nhập hoặc tiêu đề `Authorization: Token <khóa>`.",
    # The token first: a request that carries one is the token's user, whatever cookie the client also sends.
    auth=[TokenAuth(), SessionCsrfAuth()],
    docs_url="/docs",
    urls_namespace="api",
    parser=JsonParser(),  # type: ignore[arg-type]
)
install_api_handlers(api)


def register_routers() -> None:
    from cchc.assistant.api import router as assistant_router
    from cchc.execution.api import router as execution_router
    from cchc.feedback.api import router as feedback_router
    from cchc.plans.api import router as plans_router
    from cchc.reporting.api import issuing_router
    from cchc.reporting.api import router as reporting_router
    from cchc.units.api import router as units_router

    api.add_router("/units", units_router)
    api.add_router("/plans", plans_router)
    api.add_router("/execution", execution_router)
    api.add_router("/execution", issuing_router)
    api.add_router("/reporting", reporting_router)
    api.add_router("/assistant", assistant_router)
    api.add_router("/feedback", feedback_router)


register_routers()
