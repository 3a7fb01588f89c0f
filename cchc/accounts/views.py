"""Login (throttled) and changing one's own password."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.password_validation import password_validators_help_texts
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

from cchc.accounts import services
from cchc.accounts.forms import ChangePasswordForm, LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("portal:my_home")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rules"] = password_validators_help_texts()
        context["next"] = self._next()
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        user = services.change_password(form.user, form.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, user)
        messages.success(self.request, "Đã đổi mật khẩu.")
        return HttpResponseRedirect(self._next() or self.get_success_url())

    def _next(self) -> str:
        """Where the person was going when asked to change the password (a page of this site only)."""
        target = str(self.request.POST.get("next") or self.request.GET.get("next") or "")
        return target if target and url_is_safe(self.request, target) else ""


def url_is_safe(request: Any, target: str) -> bool:
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
