"""Headers every response carries: the Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    """Sends CONTENT_SECURITY_POLICY; a page made to be framed by other sites (the assistant widget, marked with
    xframe_options_exempt) is sent without its frame-ancestors directive."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        policy = str(settings.CONTENT_SECURITY_POLICY).strip()
        self.policy = policy
        self.framable_policy = "; ".join(
            part.strip() for part in policy.split(";") if not part.strip().startswith("frame-ancestors")
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            framable = getattr(response, "xframe_options_exempt", False)
            response["Content-Security-Policy"] = self.framable_policy if framable else self.policy
        return response
