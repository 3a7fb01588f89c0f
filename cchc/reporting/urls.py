"""URLs of the reporting app (staff site, under /bao-cao/)."""

from django.urls import path

from cchc.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("ke-hoach/<int:plan_id>/", views.plan_reporting, name="plan"),
    path("ke-hoach/<int:plan_id>/word/", views.plan_docx_moved, name="plan_docx_moved"),
    path("ke-hoach/<int:plan_id>/dong-bo-ky/", views.sync_periods, name="sync_periods"),
    path("ke-hoach/<int:plan_id>/ky-moi/", views.add_period, name="add_period"),
    path("ke-hoach/<int:plan_id>/cham-diem/", views.scores, name="scores"),
    path("ke-hoach/<int:plan_id>/cham-diem/word/", views.ranking_file, {"kind": "docx"}, name="ranking_docx"),
    path("ke-hoach/<int:plan_id>/cham-diem/excel/", views.ranking_file, {"kind": "xlsx"}, name="ranking_xlsx"),
    path("ke-hoach/<int:plan_id>/tieu-chi/", views.rubric, name="rubric"),
    path("ke-hoach/<int:plan_id>/cham-diem/don-vi/<int:unit_id>/", views.unit_score, name="unit_score"),
    path("ky/<int:period_id>/", views.period_detail, name="period"),
    path("ky/<int:period_id>/thoi-gian/", views.period_dates, name="period_dates"),
    path("ky/<int:period_id>/lap-bao-cao/", views.open_own_report, name="open_report"),
    path("ky/<int:period_id>/tong-hop/", views.consolidated, name="consolidated"),
    path("ky/<int:period_id>/tong-hop/xem-truoc/", views.consolidated_preview, name="consolidated_preview"),
    path("ky/<int:period_id>/tong-hop/word/", views.consolidated_file, {"kind": "docx"}, name="consolidated_docx"),
    path("ky/<int:period_id>/tong-hop/excel/", views.consolidated_file, {"kind": "xlsx"}, name="consolidated_xlsx"),
    path("don-vi/<int:report_id>/", views.report_detail, name="report"),
    path("don-vi/<int:report_id>/kiem-tra/", views.check_report, name="check"),
    path("don-vi/<int:report_id>/tu-luu/", views.autosave_report, name="autosave"),
    path("don-vi/<int:report_id>/nop/", views.report_action, {"action": "submit"}, name="submit"),
    path("don-vi/<int:report_id>/cap-nhat-so-lieu/", views.report_action, {"action": "refresh"}, name="refresh"),
    path("don-vi/<int:report_id>/tiep-nhan/", views.report_action, {"action": "accept"}, name="accept"),
    path("don-vi/<int:report_id>/tra-lai/", views.report_action, {"action": "return"}, name="return"),
    path("don-vi/<int:report_id>/word/", views.report_docx, name="report_docx"),
]
