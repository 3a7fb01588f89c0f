"""The 2025 merger page (staff site, administrators only)."""

from django.urls import URLPattern, path

from cchc.ops import merger_views

app_name = "merger"

urlpatterns: list[URLPattern] = [path("", merger_views.merger, name="page")]
