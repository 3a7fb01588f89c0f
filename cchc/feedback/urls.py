"""URLs of feedback: the public pages under /phan-anh/, the staff pages under /phan-anh/quan-ly/."""

from django.urls import path

from cchc.feedback import views

app_name = "feedback"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("gui/", views.new, name="new"),
    path("dia-danh/", views.places, name="places"),
    path("tra-cuu/", views.status, name="status"),
    path("tra-cuu/<str:code>/", views.status_detail, name="status_detail"),
    path("tra-loi/<str:code>/", views.public_detail, name="public_detail"),
    path("quan-ly/", views.inbox, name="inbox"),
    path("quan-ly/tiep-nhan/", views.intake, name="intake"),
    path("quan-ly/so-lieu/", views.figures, name="figures"),
    path("quan-ly/xuat/", views.export, name="export"),
    path("quan-ly/quy-tac/", views.rules, name="rules"),
    path("quan-ly/<int:item_id>/", views.item, name="item"),
    path("quan-ly/<int:item_id>/<str:action>/", views.act, name="act"),
]
