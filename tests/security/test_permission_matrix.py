"""The permission matrix: every route of the URL conf × every role, aimed at objects the role may not touch.

Generated from the URL conf, so a new route cannot be forgotten: each route is filled with the objects of another
province (the Tuyên Quang territory, seen from Chợ Đồn's people and from citizens) and, for a unit's own objects,
with another unit's (seen from an officer of the same plan). Every role outside must be refused — a redirect to a
login page, 401, 403, 404 or 405 — on every method, and a refused request must write nothing. Routes anyone may use
are listed by name in ``PUBLIC``; everything else is private by default.

So that a 404 means "refused" and not "the matrix filled the URL wrong", each private route is also called by the
people who may use it (the object's own owner, leader, officer, or the administrator), inside a savepoint rolled back
afterwards: at least one of them must get through.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse

from cchc.plans.models import Plan
from tests.security.conftest import Territory, World

pytestmark = pytest.mark.django_db

# Routes anyone may call (the public site, the login, the assistant, health probes). A route not named here must
# refuse whoever has no business with the object it names.
PUBLIC = {
    "portal:home",
    "portal:plans",
    "portal:favicon",
    "accounts:login",
    "accounts:logout",
    "assistant:chat",
    "assistant:widget",
    "assistant:embed",
    "assistant:procedures",
    "assistant:procedure",
    "api:ask",
    "api:procedure",
    "api:openapi-json",
    "api:openapi-view",
    "api:api-root",
    "ops:healthz",
    "ops:readyz",
    "admin:login",
    "admin:logout",
    # Contests: anyone enters an open round and reads published results; a taker's paper is reached only by its
    # secret token (the contests tests attack it).
    "contests:index",
    "contests:contest",
    "contests:enter",
    "contests:results",
    "contests:take",
    "contests:save",
    "contests:hand_in",
    # The public news pages: only pieces that went out on the portal (the publishing tests check the rest).
    "publishing:news",
    "publishing:news_feed",
    "publishing:news_atom",
    "publishing:sitemap",
    "publishing:news_detail",
    "publishing:subscribe",
    "publishing:confirm",
    "publishing:unsubscribe",
    # Surveys: anyone with the link (or its QR code) answers; the token is the only key.
    "surveys:answer",
    "surveys:thanks",
    "surveys:qr",
    # Feedback: anyone sends an item, follows it by its code and the contact given, reads published answers.
    "feedback:public_list",
    "feedback:new",
    "feedback:places",
    "feedback:status",
    "feedback:status_detail",
    "feedback:public_detail",
    # Open311: the service list and a request's public status (no personal data); creating needs an api_key.
    "open311:services",
    "open311:requests",
    "open311:request",
}
# Routes any signed-in member of staff may read whatever their unit: the directory of public bodies, their own
# lists (filtered to what they may see — the leak tests of each app check the filtering).
STAFF_DIRECTORY = {"units:tree", "api:list_units", "api:get_unit"}

# Values for URL parameters that name no object of a territory.
FIXED = {
    "code": "1.000000",
    "app_label": "core",
    "url": "khong-co/",
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
    "step": "dang",  # a piece's steps (publishing:piece_step): sending an approved piece out
    "action": "accept",
    "index": "0",
}
# Where a route's parameter names a different object than the parameter's usual meaning.
RENAMED = {
    ("plans:import_review", "import_id"): "plan_import_id",
    ("plans:import_status", "import_id"): "plan_import_id",
    ("plans:import_reading", "import_id"): "plan_import_id",
}
# Parameters naming an object that belongs to one unit (its officer's), not to the whole plan.
UNIT_OBJECTS = {"assignment_id", "result_id", "evidence_id", "import_id", "report_id", "item_id", "unit_id"}

API_METHODS = ("get", "post", "put", "patch", "delete")
PAGE_METHODS = ("get", "post")
# Tables a refused request may still write: the session of the signed-in user.
HOUSEKEEPING = {"django_session"}


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str
    params: tuple[str, ...]

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    @property
    def methods(self) -> tuple[str, ...]:
        return API_METHODS if self.is_api else PAGE_METHODS

    def url(self, ids: dict[str, int | str]) -> str:
        """The route's address with each parameter filled from ``ids`` (by name, or as ``RENAMED`` says)."""

        def fill(match: re.Match[str]) -> str:
            param = match.group("name")
            key = RENAMED.get((self.name, param), param)
            if key in FIXED:
                return str(FIXED[key])
            if key not in ids:
                raise LookupError(
                    f"Route {self.pattern} ({self.name}) takes '{param}', which the permission matrix cannot fill: "
                    "add the object it names to the territories in tests/security/conftest.py (Territory.ids, or "
                    "unit_ids for a unit's own object) under that name."
                )
            return str(ids[key])

        path = re.sub(r"\^|\$|\(\?P<(?P<name>\w+)>[^)]*\)", lambda m: fill(m) if m.group("name") else "", self.pattern)
        return "/" + re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, path)


def _routes(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            yield from _routes(entry, prefix + str(entry.pattern), inner)
        else:
            pattern = prefix + str(entry.pattern)
            params = tuple(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern))
            names = tuple(a or b for a, b in params)
            yield Route(pattern, f"{namespace}:{entry.name or pattern}", names)


def all_routes() -> list[Route]:
    """Each address pattern once (an API path serving several methods appears once per method in the URL conf)."""
    seen: dict[str, Route] = {}
    for route in _routes():
        seen.setdefault(route.pattern, route)
    return list(seen.values())


LOGIN_PATHS = ("/tai-khoan/dang-nhap/", "/quan-tri-du-lieu/login/")


def refused(response: Any) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    return response.status_code in (301, 302, 303) and response["Location"].split("?")[0].endswith(LOGIN_PATHS)


def written_tables(queries: list[dict[str, str]]) -> set[str]:
    tables = set()
    for query in queries:
        match = re.match(r"\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)\"?", query["sql"], re.IGNORECASE)
        if match:
            tables.add(match.group(1))
    return tables - HOUSEKEEPING


SAMPLES = {"string": "x", "integer": 1, "number": 1, "boolean": False, "array": [], "object": {}}
FORMATS = {"date": "2025-06-01", "date-time": "2025-06-01T08:00:00+07:00", "email": "a@example.vn"}


def sample(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """The smallest value an OpenAPI schema accepts (required properties only), so a request passes the API's
    validation and reaches its access check."""
    if "$ref" in schema:
        return sample(components[schema["$ref"].rsplit("/", 1)[1]], components)
    if "anyOf" in schema:
        return sample(next(s for s in schema["anyOf"] if s.get("type") != "null"), components)
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("type") == "object" and "properties" in schema:
        props = schema["properties"]
        return {name: sample(props[name], components) for name in schema.get("required", [])}
    return FORMATS.get(schema.get("format", ""), SAMPLES[schema.get("type", "string")])


@functools.cache
def api_requests() -> dict[tuple[str, str], dict[str, Any]]:
    """For each API path and method the OpenAPI document declares: the body and query a valid request carries."""
    from cchc.api import api

    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    requests = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            query = {
                p["name"]: sample(p["schema"], components)
                for p in operation.get("parameters", [])
                if p["in"] == "query" and p.get("required")
            }
            body: dict[str, Any] = {}
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = {
                    "content_type": "application/json",
                    "data": json.dumps(sample(content["application/json"]["schema"], components)),
                }
            elif "multipart/form-data" in content:
                schema = content["multipart/form-data"]["schema"]
                body = {"files": schema.get("required", [])}
            requests[(re.sub(r"\{(\w+)\}", r"<\1>", path.lstrip("/")), method)] = {"query": query, **body}
    return requests


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def call(client: Client, method: str, route: Route, url: str) -> Any:
    """``method`` on ``url``: an API call with the query and body its OpenAPI operation declares (files made anew:
    an upload is read once), a page as a browser sends an empty form."""
    request = dict(api_requests().get((route.pattern, method), {})) if route.is_api else {}
    if query := request.pop("query", None):
        url = f"{url}?{urlencode(query)}"
    if "files" in request:
        request["data"] = {name: _pdf() for name in request.pop("files")}
    return getattr(client, method)(url, **request)


def client_for(user: Any) -> Client:
    client = Client(REMOTE_ADDR="203.0.113.7")  # from outside, not this machine
    if user is not None:
        client.force_login(user)
    return client


def attack(client: Client, routes: list[Route], ids: dict[str, int | str]) -> list[str]:
    """Every route and method with ``ids`` by ``client``; what got through or wrote, one line each."""
    holes = []
    for route in routes:
        url = route.url(ids)
        for method in route.methods:
            with CaptureQueriesContext(connection) as queries:
                response = call(client, method, route, url)
            if not refused(response):
                holes.append(f"{method.upper()} {url} ({route.name}) answered {response.status_code}")
            elif tables := written_tables(queries.captured_queries):
                holes.append(f"{method.upper()} {url} ({route.name}) was refused but wrote {sorted(tables)}")
    return holes


def private(route: Route) -> bool:
    return route.name not in PUBLIC


def object_routes() -> list[Route]:
    """Private routes naming an object of a territory (the administration site has its own test)."""
    return [r for r in all_routes() if private(r) and not r.is_admin and r.params and r.name not in STAFF_DIRECTORY]


OUTSIDERS: dict[str, Callable[[World], Any]] = {
    "anonymous": lambda w: None,
    "citizen": lambda w: w.public,
    "owner of another province": lambda w: w.home.owner,
    "leader of another province": lambda w: w.home.leader,
    "officer of another province": lambda w: w.home.officer,
}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_no_one_from_another_province_reaches_a_plans_objects_by_any_route_or_method(w: World, who: str) -> None:
    holes = attack(client_for(OUTSIDERS[who](w)), object_routes(), w.away.ids)
    assert not holes, f"{who}:\n" + "\n".join(holes)


def test_an_officer_reaches_no_other_units_objects_of_the_same_plan(w: World) -> None:
    """The Tuyên Quang officer (unit 1) aimed at unit 2's assignment, result, evidence, import and draft report."""
    routes = [r for r in object_routes() if set(r.params) & UNIT_OBJECTS and set(r.params) <= UNIT_OBJECTS]
    assert routes
    ids = {**w.away.ids, **w.away.unit_ids[2]}
    holes = attack(client_for(w.away.officer), routes, ids)
    assert not holes, "\n".join(holes)


def test_the_staff_site_refuses_anonymous_visitors(w: World) -> None:
    holes = attack(client_for(None), [r for r in all_routes() if private(r) and not r.params], {})
    assert not holes, "Private by default; a page meant for everyone goes in PUBLIC above:\n" + "\n".join(holes)


# Who, among the signed-in, may see which territory's work in their lists.
SIGNED_IN: dict[str, tuple[Callable[[World], Any], Callable[[World], list[Territory]]]] = {
    "citizen": (lambda w: w.public, lambda w: [w.home, w.away]),
    "owner of another province": (lambda w: w.home.owner, lambda w: [w.away]),
    "leader of another province": (lambda w: w.home.leader, lambda w: [w.away]),
    "officer of another province": (lambda w: w.home.officer, lambda w: [w.away]),
}


@pytest.mark.parametrize("who", SIGNED_IN)
def test_lists_and_forms_show_nothing_of_another_provinces_work(w: World, who: str) -> None:
    """Every page and API list that names no object (lists, searches, forms, "my work"), by every method: whatever
    it answers carries no marker of a territory the reader has no part in."""
    user, hidden = SIGNED_IN[who][0](w), SIGNED_IN[who][1](w)
    client, leaks = client_for(user), []
    for route in all_routes():
        if route.params or not private(route) or route.is_admin:
            continue
        for method in route.methods:
            html = call(client, method, route, route.url({})).content.decode(errors="replace")
            leaks += [f"{method.upper()} {route.pattern}: {t.mark}" for t in hidden if t.mark in html]
    assert not leaks, f"{who} sees:\n" + "\n".join(leaks)


@pytest.mark.parametrize("who", ["anonymous", "citizen", "owner of another province"])
def test_the_administration_site_sends_everyone_but_administrators_to_its_login(w: World, who: str) -> None:
    """Whatever the address (an object that exists or not), a non-administrator is sent to the admin login."""
    client, holes = client_for(OUTSIDERS[who](w)), []
    for route in [r for r in all_routes() if r.is_admin and private(r)]:
        for method in route.methods:
            response = call(client, method, route, route.url({}))
            if response.status_code != 302 or not response["Location"].startswith("/quan-tri-du-lieu/login/"):
                holes.append(f"{method.upper()} {route.url({})} answered {response.status_code}")
    assert not holes, "\n".join(holes)


def test_each_private_route_is_reachable_by_the_people_it_serves(w: World) -> None:
    """The control: the addresses that refused outsiders let the object's own people in (else the matrix filled
    them wrong and its 404s prove nothing). The plan is published for it, as its public page needs."""
    Plan.objects.filter(pk=w.away.plan.pk).update(is_public=True)
    insiders = [w.away.owner, w.away.leader, w.away.officer, w.away.other_officer, w.admin]
    clients = [client_for(user) for user in insiders]
    unreachable = []
    for route in object_routes():
        url = route.url(w.away.ids)
        if not any(_gets_through(client, method, route, url) for method in route.methods for client in clients):
            unreachable.append(f"{route.pattern} ({route.name}) as {url}")
    assert not unreachable, "No one may use these routes as the matrix fills them:\n" + "\n".join(unreachable)


def _gets_through(client: Client, method: str, route: Route, url: str) -> bool:
    with transaction.atomic():
        response = call(client, method, route, url)
        transaction.set_rollback(True)
    return not refused(response)


def test_every_route_is_in_the_matrix(w: World) -> None:
    """Guards the generator itself: the routes it finds include those of every app, the API and the admin site."""
    names = {r.name for r in _routes()}
    assert {"plans:detail", "execution:log_result", "reporting:submit", "api:create_result", "admin:index"} <= names
    assert reverse("plans:detail", args=[w.away.plan.pk]) in {r.url(w.away.ids) for r in object_routes()}
    assert names >= PUBLIC | STAFF_DIRECTORY
