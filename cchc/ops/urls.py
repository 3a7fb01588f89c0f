"""Operator endpoints (outside the language-prefixed site): health probes and metrics."""

from django.urls import URLPattern, path

from cchc.ops import views

app_name = "ops"

urlpatterns: list[URLPattern] = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics, name="metrics"),
]
