"""URLs of surveys: the public questionnaire by its link, and the organisers' pages."""

from django.urls import URLPattern, path

from cchc.surveys import views

app_name = "surveys"

urlpatterns: list[URLPattern] = [
    path("quan-ly/", views.manage, name="manage"),
    path("quan-ly/<int:survey_id>/", views.manage_survey, name="manage_survey"),
    path("quan-ly/<int:survey_id>/phieu-giay/", views.paper, name="paper"),
    path("<str:token>/", views.answer, name="answer"),
    path("<str:token>/cam-on/", views.thanks, name="thanks"),
    path("<str:token>/qr.svg", views.qr, name="qr"),
]
