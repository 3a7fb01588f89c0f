"""URLs of contests: public pages (enter, take, results) and the organisers' pages."""

from django.urls import URLPattern, path

from cchc.contests import views

app_name = "contests"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:contest_id>/", views.contest, name="contest"),
    path("vong/<int:round_id>/", views.enter, name="enter"),
    path("vong/<int:round_id>/ket-qua/", views.results, name="results"),
    path("bai-thi/<str:token>/", views.take, name="take"),
    path("bai-thi/<str:token>/luu/", views.save, name="save"),
    path("bai-thi/<str:token>/nop/", views.hand_in, name="hand_in"),
    path("quan-ly/", views.manage, name="manage"),
    path("quan-ly/<int:contest_id>/", views.manage_contest, name="manage_contest"),
    path("quan-ly/vong/<int:round_id>/", views.manage_round, name="manage_round"),
    path("quan-ly/vong/<int:round_id>/cong-bo/", views.publish, name="publish"),
    path("quan-ly/vong/<int:round_id>/giay-chung-nhan.pdf", views.round_certificates, name="round_certificates"),
    path("quan-ly/bai/<int:attempt_id>/giay-chung-nhan.pdf", views.certificate, name="certificate"),
]
