"""Index values imported as published (scale, locality, source checked; all rows or none; twice changes nothing),
a plan's objectives linked to indices with targets, and the trends with their tables on the staff pages."""

from __future__ import annotations

import decimal
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import Workbook

from cchc.core.models import AuditEntry
from cchc.indices import selectors, services
from cchc.indices.models import IndexTarget, IndexValue
from cchc.indices.scales import index_key, out_of_scale

D = decimal.Decimal
HEADER = "Địa phương,Năm,Chỉ số,Chỉ số thành phần,Giá trị,Xếp hạng,Nguồn\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


def test_published_names_and_scales() -> None:
    assert index_key("Chỉ số CCHC (PAR INDEX)") == "par"
    assert index_key("Chỉ số hài lòng SIPAS") == "sipas"
    assert index_key("PCI") == "pci" and index_key("Chỉ số chuyển đổi số") == "dti"
    assert index_key("Chỉ số xanh PGI") is None
    assert out_of_scale("papi", "", D("44.396")) is None
    assert out_of_scale("papi", "Thủ tục hành chính công", D("12")) == (
        "giá trị 12 của chỉ số thành phần «Thủ tục hành chính công» của PAPI nằm ngoài thang đo 0–10 điểm."
    )
    assert out_of_scale("dti", "", D("67.35")) == "giá trị 67,35 của DTI nằm ngoài thang đo 0–1."
    assert out_of_scale("par", "", D("101")) is not None


def test_the_shipped_values_load_with_their_sources_and_a_second_load_changes_nothing(db: Any) -> None:
    first = services.load_published(None)
    assert first.created > 40 and first.updated == 0
    assert {"Tuyên Quang", "Hà Giang", "Bắc Kạn", "Nam Định", "Bắc Ninh"} <= first.localities
    par = IndexValue.objects.get(locality="Tuyên Quang", index="par", component="", year=2021)
    assert (par.value, par.rank, par.rank_of) == (D("86.5700"), 34, 63)
    assert par.source.startswith("https://dofa.tuyenquang.gov.vn/")
    assert not IndexValue.objects.filter(source="").exists()
    audits = AuditEntry.objects.filter(action="indices.values.imported").count()
    again = services.load_published(None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert AuditEntry.objects.filter(action="indices.values.imported").count() == audits


def test_one_bad_row_refuses_the_whole_table_with_each_reason(db: Any) -> None:
    content = csv(
        'Tuyên Quang,2023,PAR INDEX,,"88,1",30/63,https://example.vn/a',
        'Tuyên Quang,2023,SIPAS,,"105",,https://example.vn/a',
        'Tỉnh Không Có,2023,PCI,,"60",,https://example.vn/a',
        'Tuyên Quang,2023,PGI,,"20",,https://example.vn/a',
        'Tuyên Quang,2023,DTI,,"abc",,https://example.vn/a',
        'Tuyên Quang,2023,PAPI,,"44",,',
    )
    with pytest.raises(services.IndexInputError) as caught:
        services.import_values(None, content, "bang.csv")
    assert caught.value.message == "Bảng có 5 dòng không hợp lệ; chưa lưu số liệu nào."
    by_row = dict(caught.value.errors)
    assert set(by_row) == {3, 4, 5, 6, 7}
    assert "ngoài thang đo 0–100 %" in by_row[3]
    assert "không phải tên một tỉnh, thành phố" in by_row[4]
    assert "không thuộc PAR INDEX, SIPAS, PAPI, PCI, DTI" in by_row[5]
    assert "«abc» không phải là số" in by_row[6]
    assert "thiếu nguồn công bố" in by_row[7]
    assert not IndexValue.objects.exists()


def test_a_workbook_as_published_any_column_order_rank_and_default_source(db: Any) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["BẢNG XẾP HẠNG PCI 2023"])  # a title line above the header, as published tables have
    ws.append(["Xếp hạng", "Tỉnh, thành phố", "Điểm số", "Chỉ số", "Năm"])
    ws.append(["12/63", "Tỉnh Bắc Kạn", 66.5, "PCI", 2023])
    ws.append([None, "Thành phố Hà Nội", 67.2, "PCI", 2023])
    out = io.BytesIO()
    wb.save(out)
    summary = services.import_values(None, out.getvalue(), "pci-2023.xlsx", source="VCCI, Báo cáo PCI 2023")
    assert summary.created == 2
    row = IndexValue.objects.get(locality="Bắc Kạn")
    assert (row.value, row.rank, row.rank_of, row.source) == (D("66.5"), 12, 63, "VCCI, Báo cáo PCI 2023")
    assert IndexValue.objects.filter(locality="Hà Nội", rank=None).exists()
    # The same table with a corrected value updates that row only.
    ws.cell(row=3, column=3, value=66.75)
    out = io.BytesIO()
    wb.save(out)
    again = services.import_values(None, out.getvalue(), "pci-2023.xlsx", source="VCCI, Báo cáo PCI 2023")
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)


def test_a_file_that_is_not_a_table_is_refused_in_vietnamese(db: Any) -> None:
    with pytest.raises(services.IndexInputError, match="Không tìm thấy dòng tiêu đề"):
        services.import_values(None, b"a,b\n1,2\n", "x.csv")
    with pytest.raises(services.IndexInputError, match=r"Chỉ nhận tệp \.xlsx hoặc \.csv"):
        services.import_values(None, b"%PDF-1.4", "x.pdf")
    with pytest.raises(services.IndexInputError, match="không phải Excel"):
        services.import_values(None, b"not a zip", "x.xlsx")


def test_a_plans_objective_aims_at_an_index_and_the_trend_shows_it(world_seeded: Any, client: Any) -> None:
    cast = world_seeded
    services.load_published(None)
    objective = cast.plan.objectives[0]
    with pytest.raises(services.IndexInputError, match="ngoài thang đo 0–80 điểm"):
        services.set_target(cast.owner, cast.plan, objective=objective, index="papi", component="", year=2024,
                            target="85")  # fmt: skip
    with pytest.raises(services.IndexInputError, match="Năm đánh giá phải từ 2024"):
        services.set_target(cast.owner, cast.plan, objective=objective, index="papi", component="", year=2019,
                            target="43")  # fmt: skip
    services.set_target(cast.owner, cast.plan, objective=objective, index="papi", component="", year=2024,
                        target="43,5")  # fmt: skip
    assert IndexTarget.objects.get(plan=cast.plan).target == D("43.5")

    # Chợ Đồn's plan follows its province, Bắc Kạn: PAPI 2021 → 2022 with four sub-indices, and the target.
    papi = next(t for t in selectors.trends(selectors.plan_localities(cast.plan), cast.plan) if t.info.key == "papi")
    assert papi.locality == "Bắc Kạn" and [r.year for r in papi.rows] == [2021, 2022, 2024]
    assert papi.change == D("0.28") and len(papi.components) == 4
    assert [(r.value, r.rank, r.target) for r in papi.table()] == [
        ("42,16", "34/63", ""),
        ("42,44", "30/63", ""),
        ("—", "—", "43,5"),
    ]

    client.force_login(cast.owner)
    page = client.get(reverse("indices:plan", args=[cast.plan.pk])).content.decode()
    assert "<svg" in page and "PAPI của Bắc Kạn qua các năm" in page and "Mục tiêu của kế hoạch" in page
    assert "42,44" in page and "30/63" in page and "Thủ tục hành chính công" in page and "baobackan.vn" in page
    # The leader reads the page but cannot set targets; an officer does not read a draft plan at all.
    client.force_login(cast.officer)
    assert client.get(reverse("indices:plan", args=[cast.plan.pk])).status_code == 404
    client.force_login(cast.leader)
    assert client.get(reverse("indices:plan", args=[cast.plan.pk])).status_code == 200
    refused = client.post(reverse("indices:plan", args=[cast.plan.pk]), {"remove": IndexTarget.objects.get().pk})
    assert refused.status_code == 403 and IndexTarget.objects.count() == 1


def test_importing_through_the_page_is_for_owner_offices_and_lists_the_bad_rows(world_seeded: Any, client: Any) -> None:
    cast = world_seeded
    client.force_login(cast.officer)
    assert client.get(reverse("indices:import")).status_code == 403
    client.force_login(cast.owner)
    bad = io.BytesIO(csv('Bắc Kạn,2023,DTI,,"1,2",,https://dti.gov.vn/'))
    bad.name = "dti.csv"
    page = client.post(reverse("indices:import"), {"file": bad}).content.decode()
    assert "Dòng 2: Giá trị 1,2 của DTI nằm ngoài thang đo 0–1." in page
    assert not IndexValue.objects.exists()
    good = io.BytesIO(csv('Bắc Kạn,2023,DTI,,"0,62",40/63,https://dti.gov.vn/'))
    good.name = "dti.csv"
    response = client.post(reverse("indices:import"), {"file": good})
    assert response.status_code == 302 and IndexValue.objects.get().value == D("0.62")
    home = client.get(reverse("indices:home")).content.decode()
    assert "DTI — Chỉ số chuyển đổi số cấp tỉnh · Bắc Kạn" in home and "0,62" in home
