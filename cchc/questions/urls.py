"""URLs of the question bank (organisers)."""

from django.urls import URLPattern, path

from cchc.questions import views

app_name = "questions"

urlpatterns: list[URLPattern] = [
    path("", views.banks, name="banks"),
    path("<int:bank_id>/", views.bank, name="bank"),
    path("<int:bank_id>/tep-mau/", views.template, name="template"),
    path("<int:bank_id>/nhap/", views.upload, name="upload"),
    path("tep-nhap/<int:bank_import_id>/", views.import_detail, name="import"),
    path("tep-nhap/<int:bank_import_id>/loi.xlsx", views.import_errors, name="import_errors"),
    path("cau-hoi/<int:question_id>/sua/", views.revise, name="revise"),
]
