"""Public site URLs and each person's home page."""

from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from cchc.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("ke-hoach-cong-khai/", views.plans, name="plans"),
    path("trang-cua-toi/", views.my_home, name="my_home"),
    # Browsers ask for /favicon.ico whatever the page says; the icon is the SVG every page links.
    path("favicon.ico", RedirectView.as_view(url=static("cchc/favicon.svg"), permanent=True), name="favicon"),
]
