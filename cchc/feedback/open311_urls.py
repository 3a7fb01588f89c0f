"""Open311 GeoReport v2 endpoints (JSON format only) at /open311/v2/."""

from django.urls import path

from cchc.feedback import open311

app_name = "open311"

urlpatterns = [
    path("services.json", open311.services_list, name="services"),
    path("requests.json", open311.requests, name="requests"),
    path("requests/<str:code>.json", open311.request_detail, name="request"),
]
