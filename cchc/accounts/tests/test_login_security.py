"""Logins as an attacker tries them: guessing passwords, spoofing proxy headers; accounts set up by others."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from cchc.accounts.models import Role, User
from cchc.core.clients import client_ip

PASSWORD = "Mat-khau-dung-2025"
LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("admin:login")


@pytest.fixture(autouse=True)
def _fresh_counters(settings: Any) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    settings.LOGIN_FAILURES_PER_CLIENT = 20
    settings.LOGIN_LOCKOUT_SECONDS = 900
    cache.clear()
    yield
    cache.clear()  # no lockout left behind for the tests that run next in this process


@pytest.fixture
def officer(db: Any) -> User:
    return User.objects.create_user("canbo", password=PASSWORD, role=Role.OFFICER)


def _login(client: Client, username: str, password: str, url: str = LOGIN, **extra: Any) -> Any:
    return client.post(url, {"username": username, "password": password}, **extra)


def test_two_hundred_wrong_passwords_then_the_right_one_is_still_refused(officer: User) -> None:
    client = Client()
    codes = [_login(client, "canbo", f"sai-{i}").status_code for i in range(200)]
    assert set(codes) == {200}  # the form again, never a redirect into the site
    page = _login(client, "canbo", PASSWORD)
    assert page.status_code == 200 and "_auth_user_id" not in client.session
    assert "tạm thời bị khóa" in page.content.decode() and "15 phút" in page.content.decode()


def test_the_account_is_locked_after_five_failures_from_any_client(officer: User) -> None:
    for i in range(5):
        _login(Client(), "canbo", "sai", REMOTE_ADDR=f"10.0.0.{i + 1}")
    # A sixth address, the right password: the account itself waits.
    page = _login(Client(), "CanBo ", PASSWORD, REMOTE_ADDR="10.0.0.99")
    assert "tạm thời bị khóa" in page.content.decode()
    # Another account from a fresh address is unaffected.
    User.objects.create_user("canbo2", password=PASSWORD, role=Role.OFFICER)
    assert _login(Client(), "canbo2", PASSWORD, REMOTE_ADDR="10.0.0.99").status_code == 302


def test_one_client_guessing_many_accounts_is_locked(officer: User) -> None:
    client = Client()
    for i in range(20):
        _login(client, f"ai-do-{i}", "sai", REMOTE_ADDR="203.0.113.7")
    page = _login(client, "canbo", PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert "tạm thời bị khóa" in page.content.decode()
    assert _login(Client(), "canbo", PASSWORD, REMOTE_ADDR="203.0.113.8").status_code == 302


def test_a_right_password_under_the_limit_clears_the_accounts_count(officer: User) -> None:
    for _ in range(4):
        _login(Client(), "canbo", "sai")
    assert _login(Client(), "canbo", PASSWORD).status_code == 302
    for _ in range(4):
        _login(Client(), "canbo", "sai", REMOTE_ADDR="10.1.1.1")
    assert _login(Client(), "canbo", PASSWORD, REMOTE_ADDR="10.1.1.2").status_code == 302


def test_the_admin_login_is_throttled_too(db: Any) -> None:
    User.objects.create_user("quantri", password=PASSWORD, role=Role.ADMIN, is_staff=True, is_superuser=True)
    for _ in range(5):
        _login(Client(), "quantri", "sai", url=ADMIN_LOGIN)
    client = Client()
    page = _login(client, "quantri", PASSWORD, url=ADMIN_LOGIN)
    assert "tạm thời bị khóa" in page.content.decode() and "_auth_user_id" not in client.session


def test_a_forwarded_header_is_ignored_without_a_trusted_proxy(officer: User, settings: Any) -> None:
    settings.TRUSTED_PROXIES = []
    for i in range(20):
        # Each guess claims another address; without a configured proxy only the real peer counts.
        _login(Client(), f"x{i}", "sai", REMOTE_ADDR="198.51.100.5", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert "tạm thời bị khóa" in _login(Client(), "canbo", PASSWORD, REMOTE_ADDR="198.51.100.5").content.decode()


def test_behind_a_trusted_proxy_each_client_is_counted_apart(officer: User, settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.9.0.0/16"]
    proxy = {"REMOTE_ADDR": "10.9.0.2"}
    for i in range(20):
        _login(Client(), f"x{i}", "sai", HTTP_X_FORWARDED_FOR="192.0.2.50", **proxy)
    assert (
        "tạm thời bị khóa"
        in _login(Client(), "canbo", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.50", **proxy).content.decode()
    )
    # Another citizen behind the same proxy logs in; a spoofed left-hand entry does not dodge the lock.
    assert _login(Client(), "canbo", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.51", **proxy).status_code == 302
    spoofed = _login(Client(), "x", PASSWORD, HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.50", **proxy)
    assert "tạm thời bị khóa" in spoofed.content.decode()


@pytest.mark.parametrize(
    ("proxies", "remote", "header", "expected"),
    [
        ([], "198.51.100.5", "192.0.2.1", "198.51.100.5"),
        (["10.0.0.1"], "198.51.100.5", "192.0.2.1", "198.51.100.5"),  # the peer is not the proxy
        (["10.0.0.1"], "10.0.0.1", "192.0.2.1", "192.0.2.1"),
        (["10.0.0.0/8"], "10.0.0.1", "6.6.6.6, 192.0.2.1, 10.0.0.3", "192.0.2.1"),
        (["10.0.0.0/8"], "10.0.0.1", "không phải địa chỉ", "10.0.0.1"),
        (["10.0.0.0/8"], "10.0.0.1", "", "10.0.0.1"),
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_the_client_address(settings: Any, proxies: list[str], remote: str, header: str, expected: str) -> None:
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected


def test_an_account_made_in_the_admin_must_change_its_password_first(db: Any) -> None:
    admin = User.objects.create_user("quantri", password=PASSWORD, role=Role.ADMIN, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    added = client.post(
        reverse("admin:accounts_user_add"),
        {"username": "moi", "password1": "Tam-thoi-2025!", "password2": "Tam-thoi-2025!", "usable_password": "true"},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    new = User.objects.get(username="moi")
    assert new.must_change_password
    person = Client()
    assert _login(person, "moi", "Tam-thoi-2025!").status_code == 302
    plans = person.get(reverse("plans:list"))
    assert plans.status_code == 302 and plans["Location"].startswith(reverse("accounts:password_change"))
    assert person.get(reverse("api:list_plans")).status_code == 403
    url = reverse("accounts:password_change")
    weak = person.post(url, {"old_password": "Tam-thoi-2025!", "new_password1": "12345", "new_password2": "12345"})
    text = weak.content.decode()
    assert "quá ngắn" in text and "chỉ gồm chữ số" in text
    similar = person.post(url, {"old_password": "Tam-thoi-2025!", "new_password1": "moi", "new_password2": "moi"})
    assert "giống tên đăng nhập" in similar.content.decode()
    done = person.post(
        url,
        {"old_password": "Tam-thoi-2025!", "new_password1": "Rieng-cua-toi-77", "new_password2": "Rieng-cua-toi-77"},
    )
    assert done.status_code == 302
    new.refresh_from_db()
    assert not new.must_change_password and new.check_password("Rieng-cua-toi-77")
    assert person.get(reverse("plans:list")).status_code == 200
    # An administrator resetting the password makes the person change it again.
    reset = client.post(
        f"/quan-tri-du-lieu/accounts/user/{new.pk}/password/",
        {"password1": "Dat-lai-2025!", "password2": "Dat-lai-2025!", "usable_password": "true"},
    )
    assert reset.status_code == 302
    new.refresh_from_db()
    assert new.must_change_password and new.check_password("Dat-lai-2025!")


def test_demo_accounts_get_their_own_printed_passwords_kept_on_rerun(db: Any, capsys: Any) -> None:
    call_command("setup_demo")
    first = capsys.readouterr().out
    lines = {line.split()[0]: line.split()[1] for line in first.splitlines() if line.startswith("  ")}
    assert {"quantri", "sonoivu", "sovhttdl", "sotuphap", "lanhdao", "nguoidan"} <= set(lines)
    assert len(set(lines.values())) == len(lines) and "cchc@2025" not in first
    for username, password in lines.items():
        user = User.objects.get(username=username)
        assert user.check_password(password) and not user.must_change_password
    call_command("setup_demo")
    assert "giữ nguyên" in capsys.readouterr().out
    assert User.objects.get(username="sonoivu").check_password(lines["sonoivu"])
    call_command("setup_demo", "--reset-passwords")
    again = {line.split()[0]: line.split()[1] for line in capsys.readouterr().out.splitlines() if line.startswith("  ")}
    assert (
        User.objects.get(username="sonoivu").check_password(again["sonoivu"]) and again["sonoivu"] != lines["sonoivu"]
    )
