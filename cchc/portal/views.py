"""The public home page, the public list of published plans, and each person's own home page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cchc.accounts.models import Role
from cchc.accounts.types import AuthenticatedRequest
from cchc.core.listing import Listing
from cchc.portal import selectors, services
from cchc.portal.forms import PublicPlanFilter


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


@require_safe
def plans(request: HttpRequest) -> HttpResponse:
    """Plans whose owners published their progress: filter by locality, level and year; search; pages of 50."""
    listing = Listing.from_request(
        request.GET, selectors.PUBLIC_PLAN_SORTS, "nam", descending=True, keep=("dia_ban", "cap", "nam")
    )
    form = PublicPlanFilter(request.GET or None, choices=selectors.public_plan_filters())
    year = form.value("nam")
    found = selectors.published_plans(listing, form.value("dia_ban"), form.value("cap"), int(year) if year else None)
    return render(request, "portal/plans.html", {"form": form, "listing": listing, "page": listing.page(found)})


@login_required
def my_home(request: AuthenticatedRequest) -> HttpResponse:
    """A task list for staff (by role) with banners for what changed since the last visit; citizens get their own
    page on the public site, never the staff one."""
    since = services.record_home_visit(request.user)
    desk = selectors.desk(request.user, timezone.localdate(), since)
    template = "portal/citizen_home.html" if desk.role == Role.PUBLIC else "portal/my_home.html"
    return render(request, template, {"desk": desk})
