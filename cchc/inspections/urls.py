"""Inspection URLs (staff site)."""

from django.urls import URLPattern, path

from cchc.inspections import views

app_name = "inspections"

urlpatterns: list[URLPattern] = [
    path("ke-hoach/<int:plan_id>/", views.plan_rounds, name="plan_rounds"),
    path("dot/<int:inspection_id>/", views.round_detail, name="round"),
    path("dot/<int:inspection_id>/bao-cao.docx", views.round_report, name="report"),
]
