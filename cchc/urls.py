"""URL wiring: staff site, public site, API."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from cchc.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("cchc.portal.urls")),
    path("tai-khoan/", include("cchc.accounts.urls")),
    path("don-vi/", include("cchc.units.urls")),
    path("ke-hoach/", include("cchc.plans.urls")),
    path("ke-hoach/", include("cchc.reporting.issuing_urls")),
    path("thuc-hien/", include("cchc.execution.urls")),
    path("bao-cao/", include("cchc.reporting.urls")),
    path("ngan-hang-cau-hoi/", include("cchc.questions.urls")),
    path("cuoc-thi/", include("cchc.contests.urls")),
    path("sap-nhap-2025/", include("cchc.ops.merger_urls")),
    path("kiem-tra/", include("cchc.inspections.urls")),
    path("chi-so/", include("cchc.indices.urls")),
    path("khao-sat/", include("cchc.surveys.urls")),
    path("", include("cchc.assistant.urls")),
    path("", include("cchc.publishing.urls")),
    path("phan-anh/", include("cchc.feedback.urls")),
    path("open311/v2/", include("cchc.feedback.open311_urls")),
    path("api/", api.urls),
    path("quan-tri-du-lieu/", admin.site.urls),
    path("", include("cchc.ops.urls")),
]
# Uploaded files are never served from MEDIA_URL, in any mode: only by views that check access (core.files).

handler400 = "cchc.core.errors.bad_request"
handler403 = "cchc.core.errors.permission_denied"
handler404 = "cchc.core.errors.page_not_found"
handler500 = "cchc.core.errors.server_error"
