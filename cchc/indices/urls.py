"""Index URLs (staff site)."""

from django.urls import URLPattern, path

from cchc.indices import views

app_name = "indices"

urlpatterns: list[URLPattern] = [
    path("", views.locality, name="home"),
    path("nhap/", views.import_values, name="import"),
    path("ke-hoach/<int:plan_id>/", views.plan_targets, name="plan"),
]
