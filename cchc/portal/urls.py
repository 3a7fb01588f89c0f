"""Public site URLs and each person's home page."""

from django.urls import path

from cchc.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("ke-hoach-cong-khai/", views.plans, name="plans"),
    path("trang-cua-toi/", views.my_home, name="my_home"),
]
