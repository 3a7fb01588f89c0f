"""Publishing: the staff calendar and pieces under /xuat-ban/, the public news under /tin-tuc/."""

from __future__ import annotations

from django.urls import path

from cchc.publishing import views

app_name = "publishing"
urlpatterns = [
    path("xuat-ban/", views.calendar, name="calendar"),
    path("xuat-ban/lich.ics", views.calendar_ics, name="calendar_ics"),
    path("xuat-ban/bai/moi/", views.piece_new, name="piece_new"),
    path("xuat-ban/bai/<int:piece_id>/", views.piece_detail, name="piece"),
    path("xuat-ban/bai/<int:piece_id>/sua/", views.piece_edit, name="piece_edit"),
    path("xuat-ban/bai/<int:piece_id>/doi-ngay/", views.piece_reschedule, name="piece_reschedule"),
    path("xuat-ban/bai/<int:piece_id>/anh/", views.image_add, name="image_add"),
    path("xuat-ban/anh/<int:image_id>/bo/", views.image_remove, name="image_remove"),
    path("xuat-ban/bai/<int:piece_id>/<slug:step>/", views.piece_step, name="piece_step"),
    path("xuat-ban/tep/<int:publication_id>/", views.publication_file, name="publication_file"),
    path("xuat-ban/tai-khoan-kenh/", views.channel_accounts, name="accounts"),
    path("tin-tuc/", views.news_list, name="news"),
    path("tin-tuc/rss.xml", views.NewsFeed(), name="news_feed"),
    path("tin-tuc/atom.xml", views.AtomNewsFeed(), name="news_atom"),
    path("tin-tuc/sitemap.xml", views.sitemap, name="sitemap"),
    path("tin-tuc/anh/<int:image_id>/", views.image, name="image"),
    path("tin-tuc/<int:piece_id>/", views.news_detail, name="news_detail"),
    path("tin-tuc/<int:piece_id>/nhan-tin/", views.subscribe, name="subscribe"),
    path("tin-tuc/xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("tin-tuc/thoi-nhan-tin/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
