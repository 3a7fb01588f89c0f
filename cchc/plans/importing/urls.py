"""URLs of the document import screens (upload → review → save)."""

from django.urls import URLPattern, path

from cchc.plans.importing import views

urlpatterns: list[URLPattern] = [
    path("nhap-van-ban/", views.import_upload, name="import_upload"),
    path("nhap-van-ban/<int:import_id>/", views.import_review, name="import_review"),
    path("nhap-van-ban/<int:import_id>/trang-thai/", views.import_status, name="import_status"),
    path("nhap-van-ban/<int:import_id>/chu/<int:index>/", views.import_reading, name="import_reading"),
]
