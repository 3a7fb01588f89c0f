"""Public site URLs."""

from django.urls import path

from cchc.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
]
