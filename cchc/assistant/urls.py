"""URLs of the assistant app: procedure pages, the chat page, the embeddable widget, the staff question list."""

from django.urls import URLPattern, path

from cchc.assistant import views

app_name = "assistant"

urlpatterns: list[URLPattern] = [
    path("tro-ly-ao/", views.chat, name="chat"),
    path("tro-ly-ao/nhung/", views.widget, name="widget"),
    path("tro-ly-ao/gan-vao-trang-web/", views.embed_help, name="embed"),
    path("tro-ly-ao/cau-hoi-chua-tra-loi/", views.unanswered, name="unanswered"),
    path("thu-tuc/", views.procedure_list, name="procedures"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
]
