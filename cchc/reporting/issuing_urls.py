"""The plan's issuing page, at the plan's own address (/ke-hoach/<id>/ban-hanh/). Issuing is a reporting-level step
(execution's assignments, then the reporting periods: `reporting.services.issue_plan`), so its view lives here."""

from django.urls import URLPattern, path

from cchc.reporting import views

app_name = "issuing"

urlpatterns: list[URLPattern] = [
    path("<int:plan_id>/ban-hanh/", views.issue_plan, name="issue"),
]
