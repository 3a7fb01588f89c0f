"""Login (throttled, for the site and the admin) and password change forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from cchc.accounts import throttle
from cchc.core.clients import client_ip


class ThrottledLogin(forms.Form):
    """Refuses any password while the account or the client is locked out; counts wrong passwords."""

    request: Any

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        client = client_ip(self.request) if self.request is not None else "unknown"
        wait = throttle.locked_for(username, client)
        if wait:
            raise forms.ValidationError(throttle.lockout_message(wait), code="locked")
        try:
            data: dict[str, Any] = super().clean()  # type: ignore[assignment]
        except forms.ValidationError:
            wait = throttle.record_failure(username, client)
            if wait:
                raise forms.ValidationError(throttle.lockout_message(wait), code="locked") from None
            raise
        throttle.record_success(username, client)
        return data


_LOGIN_MESSAGES = {
    "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại.",
    "inactive": "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên.",
}


class LoginForm(ThrottledLogin, AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, **_LOGIN_MESSAGES}


class AdminLoginForm(ThrottledLogin, AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, **_LOGIN_MESSAGES}


class ChangePasswordForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Mật khẩu hiện tại không đúng. Vui lòng nhập lại.",
        "password_mismatch": "Hai lần nhập mật khẩu mới không giống nhau.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mật khẩu hiện tại"
        self.fields["new_password1"].label = "Mật khẩu mới"
        self.fields["new_password2"].label = "Nhập lại mật khẩu mới"
