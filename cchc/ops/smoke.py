"""The two halves of scripts/prod-smoke.sh (`python -m cchc.ops.smoke prepare | check BASE_URL JSON`), and the
small cookie-keeping HTTP client the tests of several web processes use.

`prepare` (a Django script, run with the stack's environment): publish and issue the demo province's plan and give
the officer of one of its units a password; prints what the check needs as JSON.
`check BASE_URL JSON`: the smoke test through nginx with the standard library only (login, pages, an upload and its
download by X-Accel-Redirect, the refusals, /readyz). Exits 1 at the first failure, with what was expected.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any

# A 1×1 PNG: what a unit's officer photographs at a conference, only smaller.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea73581e40000000049454e44ae426082"
)


def prepare() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    django.setup()
    from cchc.accounts.models import User
    from cchc.execution.models import Assignment
    from cchc.plans.models import Plan
    from cchc.plans.services import update_plan
    from cchc.reporting.services import issue_plan

    owner = User.objects.get(username="sonoivu")
    plan = Plan.objects.filter(owner_unit=owner.unit).order_by("pk").first()
    assert plan is not None, "the demo owner has no plan"
    plan = update_plan(owner, plan, is_public=True)
    issue_plan(owner, plan)
    assignment = Assignment.objects.filter(plan=plan, unit__isnull=False).order_by("pk").first()
    assert assignment is not None, "issuing the demo plan made no assignment"
    password = secrets.token_urlsafe(18)
    officer = User.objects.create_user(
        username="smoke_officer", password=password, role="officer", unit=assignment.unit
    )
    # The plan owner's second account (bench/load.py measures the dashboard with it).
    User.objects.create_user(username="smoke_owner", password=password, role="owner", unit=owner.unit)
    print(
        json.dumps(
            {
                "username": officer.username,
                "password": password,
                "assignment": assignment.pk,
                "plan": plan.pk,
                "date": plan.period_start.isoformat(),
            }
        )
    )


class Client:
    """One browser: keeps its cookies, never follows redirects. A path is sent to `base`; a full URL (another web
    process of the same installation) as it is."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
        url = path if path.startswith("http") else self.base + path
        req = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            return self.opener.open(req, timeout=30)
        except urllib.error.HTTPError as exc:
            return exc

    def csrf(self) -> str:
        return next(str(c.value) for c in self.jar if c.name == "csrftoken")

    def post_form(self, path: str, fields: dict[str, str]) -> Any:
        """A form posted as the browser would (the CSRF token from the cookie, the page as referer)."""
        url = path if path.startswith("http") else self.base + path
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.csrf()}).encode()
        return self.request(url, data, {"Referer": url})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def expect(what: str, ok: bool, got: Any = "") -> None:
    if not ok:
        print(f"FAIL {what}: {got}", file=sys.stderr)
        sys.exit(1)
    print(f"ok   {what}")


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, mime) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {mime}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def check(base: str, world: dict[str, Any]) -> None:
    anonymous, officer = Client(base), Client(base)
    ready = anonymous.request("/readyz")
    body = json.loads(ready.read())
    expect("/readyz: database, migrations, Redis, queue", ready.status == 200 and body.get("status") == "ok", body)
    expect("/healthz", anonymous.request("/healthz").status == 200)
    home = anonymous.request("/")
    page = home.read().decode()
    expect("home page in Vietnamese", home.status == 200 and "cải cách hành chính" in page, home.status)
    expect("Content-Security-Policy sent", "default-src 'self'" in (home.headers.get("Content-Security-Policy") or ""))
    expect("X-Request-ID from nginx kept", bool(home.headers.get("X-Request-ID")))
    static = re.search(r'/static/[^"\']+\.css', page)
    expect("a stylesheet linked", static is not None)
    assert static is not None
    css = anonymous.request(static.group(0))
    expect(f"static file served by nginx ({static.group(0)})", css.status == 200 and "Cache-Control" in css.headers)
    expect("/media/ is not served", anonymous.request("/media/evidence/x.png").status == 404)
    expect("/_protected_media/ is internal", anonymous.request("/_protected_media/evidence/x.png").status == 404)
    expect("public progress page", anonymous.request(f"/thuc-hien/cong-khai/{world['plan']}/").status == 200)
    expect("procedures page", anonymous.request("/thu-tuc/").status == 200)
    asked = anonymous.request("/tro-ly-ao/?" + urllib.parse.urlencode({"q": "đăng ký khai sinh cần giấy tờ gì"}))
    expect("assistant: question asked, answer kept in the session (Redis)", asked.status == 302, asked.status)
    answer = anonymous.request(urllib.parse.urlsplit(asked.headers["Location"]).path)
    expect("assistant answers", answer.status == 200 and "khai sinh" in answer.read().decode().lower())

    login = officer.request("/tai-khoan/dang-nhap/")
    expect("login page", login.status == 200)
    logged_in = officer.post_form(
        "/tai-khoan/dang-nhap/", {"username": world["username"], "password": world["password"]}
    )
    expect("login with the right password", logged_in.status == 302, logged_in.status)
    assignment_url = f"/thuc-hien/nhiem-vu/{world['assignment']}/"
    expect("the officer's assignment page", officer.request(assignment_url).status == 200)

    title = f"Hội nghị tuyên truyền CCHC (kiểm tra {uuid.uuid4().hex[:6]})"
    fields = {
        "date": world["date"],
        "kind": "conference",
        "title": title,
        "participants": "120",
        "csrfmiddlewaretoken": officer.csrf(),
        "idempotency_key": uuid.uuid4().hex,
    }
    body_bytes, content_type = multipart(fields, {"evidence": ("ảnh hội nghị.png", PNG, "image/png")})
    headers = {"Content-Type": content_type, "Referer": base + assignment_url}
    logged = officer.request(f"{assignment_url}ghi-ket-qua/", body_bytes, headers)
    expect("result with evidence uploaded through nginx", logged.status == 302, logged.status)
    page = officer.request(assignment_url).read().decode()
    link = re.search(r"/thuc-hien/tai-lieu/\d+/", page)
    expect("the evidence listed", title in page and link is not None)
    assert link is not None
    download = officer.request(link.group(0))
    content = download.read()
    expect("evidence downloaded (X-Accel-Redirect)", download.status == 200 and content == PNG, download.status)
    expect("  with the application's headers", "attachment" in (download.headers.get("Content-Disposition") or ""))
    expect("  and never the internal path", "X-Accel-Redirect" not in download.headers)
    expect("the evidence refused to anonymous", anonymous.request(link.group(0)).status in {302, 403, 404})
    metrics = anonymous.request("/metrics").read().decode()
    expect("/metrics from this machine", "cchc_http_requests_total" in metrics)


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        prepare()
    elif sys.argv[1:2] == ["check"] and len(sys.argv) == 4:
        check(sys.argv[2], json.loads(sys.argv[3]))
    else:
        sys.exit("usage: python -m cchc.ops.smoke prepare | check BASE_URL JSON")
