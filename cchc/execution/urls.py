"""URLs of the execution app (staff pages, and the public progress page of a published plan)."""

from django.urls import URLPattern, path

from cchc.execution import views

app_name = "execution"

urlpatterns: list[URLPattern] = [
    path("", views.my_work, name="my_work"),
    path("nhac-viec/da-doc/", views.reminders_read, name="reminders_read"),
    path("ke-hoach/<int:plan_id>/ban-hanh/", views.issue_moved, name="issue_moved"),
    path("ke-hoach/<int:plan_id>/", views.dashboard, name="dashboard"),
    path("toan-quoc/", views.national_dashboard, name="national"),
    path("ke-hoach/<int:plan_id>/don-vi/", views.plan_units, name="plan_units"),
    path("ke-hoach/<int:plan_id>/chi-tieu/", views.targets, name="targets"),
    path("ke-hoach/<int:plan_id>/nhap-excel/", views.import_start, name="import_start"),
    path("ke-hoach/<int:plan_id>/nhap-excel/mau.xlsx", views.import_template, name="import_template"),
    path("nhap-excel/<int:import_id>/", views.import_detail, name="import_detail"),
    path("nhap-excel/<int:import_id>/loi.xlsx", views.import_errors, name="import_errors"),
    path("nhiem-vu/<int:assignment_id>/", views.assignment_detail, name="assignment"),
    path("nhiem-vu/<int:assignment_id>/ghi-ket-qua/", views.log_result, name="log_result"),
    path("nhiem-vu/<int:assignment_id>/tien-do/", views.state_progress, name="state_progress"),
    path("ket-qua/<int:result_id>/sua/", views.edit_result, name="result_edit"),
    path("ket-qua/<int:result_id>/xoa/", views.delete_result, name="result_delete"),
    path("tai-lieu/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("tai-lieu/<int:evidence_id>/cong-khai/", views.evidence_public, name="evidence_public"),
    path("cong-khai/<int:plan_id>/", views.public_progress, name="public"),
    path("cong-khai/<int:plan_id>/anh/<int:photo_id>/", views.public_photo, name="public_photo"),
]
