"""Plan URLs (staff site)."""

from django.urls import include, path

from cchc.plans.views import plans as views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("tao-moi/", views.plan_create, name="create"),
    path("nhap-json/", views.plan_import_json, name="import_json"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/sua/", views.plan_edit, name="edit"),
    path("<int:plan_id>/xay-dung-ke-hoach-cap-duoi/", views.plan_derive, name="derive"),
    path("<int:plan_id>/lich-su/", views.plan_history, name="history"),
    path("<int:plan_id>/json/", views.plan_export_json, name="export_json"),
    path("<int:plan_id>/du-toan.xlsx", views.plan_estimate_xlsx, name="estimate_xlsx"),
    path("<int:plan_id>/word/", views.plan_docx, name="docx"),
    path("<int:plan_id>/nhiem-vu/them/", views.activity_edit, name="activity_add"),
    path("<int:plan_id>/nhiem-vu/<int:activity_id>/", views.activity_edit, name="activity_edit"),
    path("<int:plan_id>/nhiem-vu/<int:activity_id>/xoa/", views.activity_delete, name="activity_delete"),
    path("<int:plan_id>/toan-van/<slug:node_id>/", views.body_node, name="body_node"),
    path("<int:plan_id>/don-vi/<int:mention_id>/", views.mention_map, name="mention_map"),
    path("", include("cchc.plans.importing.urls")),
]
