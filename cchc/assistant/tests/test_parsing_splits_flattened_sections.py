"""Parsing the national database's flattened tables into channels, documents, legal basis and results."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from cchc.assistant.parsing import (
    parse_channels,
    parse_documents,
    parse_legal_basis,
    parse_record,
    parse_results,
    read_records,
)


def test_channels_are_split_per_submission_channel_with_time_and_fee() -> None:
    text = (
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến5 Ngày làm việcMiễn phí"
        "Trực tiếp5 Ngày làm việcLệ phí : 50.000 Đồng"
    )
    channels = parse_channels(text)
    assert [(c.channel, c.duration) for c in channels] == [
        ("Trực tuyến", "5 Ngày làm việc"),
        ("Trực tiếp", "5 Ngày làm việc"),
    ]
    assert channels[0].fee == "Miễn phí"
    assert channels[1].fee == "Lệ phí : 50.000 Đồng"


def test_free_fee_is_separated_from_the_description_glued_to_it() -> None:
    (channel,) = parse_channels(
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến10 Ngày làm việcMiễn phí10 ngày kể từ ngày nhận"
    )
    assert channel.fee == "Miễn phí"
    assert channel.note == "10 ngày kể từ ngày nhận"


def test_documents_keep_name_form_quantity_and_group() -> None:
    text = (
        "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai đăng ký khai sinh theo mẫuTK1.docx1 bản chính"
        "Giấy chứng sinh0 bản chính,1 bản sao"
    )
    items = parse_documents(text)
    assert [(i.name, i.quantity) for i in items] == [
        ("Tờ khai đăng ký khai sinh theo mẫu", "1 bản chính"),
        ("Giấy chứng sinh", "0 bản chính,1 bản sao"),
    ]
    assert items[0].form == "TK1.docx"
    assert items[0].group == "* Giấy tờ phải nộp:"


def test_legal_basis_splits_names_from_the_glued_numbers() -> None:
    text = (
        "Tên văn bản pháp lýMã văn bảnLuật 54/2014/QH1354/2014/QH13Thuế xuất khẩu107/2016/QH13"
        "Nghị định 121/2021/NĐ-CP121/2021/NĐ-CP"
    )
    refs = parse_legal_basis(text)
    assert [(r.name, r.number) for r in refs] == [
        ("Luật 54/2014/QH13", "54/2014/QH13"),
        ("Thuế xuất khẩu", "107/2016/QH13"),
        ("Nghị định 121/2021/NĐ-CP", "121/2021/NĐ-CP"),
    ]


def test_results_lose_the_portal_page_furniture() -> None:
    text = "Trích lục khai sinhMã: KQ.G19.000181Từ khóaKhông có thông tinMô tảKhông có thông tinChọn cơ quanNộp hồ sơ"
    assert parse_results(text) == ["Trích lục khai sinh"]


def test_a_record_without_code_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_record({"ma_thu_tuc": "", "ten_thu_tuc": "X"})


def test_every_shipped_record_parses_with_channels(small_raw: list[dict]) -> None:
    records = [parse_record(r) for r in small_raw]
    assert all(r.channels for r in records)
    assert sum(1 for r in records if r.documents) >= len(records) - 2


def test_portal_xlsx_list_is_read_from_its_header_row(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH THỦ TỤC HÀNH CHÍNH"])
    sheet.append(["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"])
    sheet.append(["1.001193", "Thủ tục đăng ký khai sinh", "Bộ Tư pháp", "UBND cấp xã\nCông an", "Hộ tịch"])
    path = tmp_path / "list.xlsx"
    book.save(path)
    (row,) = list(read_records(path))
    assert row["ma_thu_tuc"] == "1.001193"
    assert row["co_quan_thuc_hien"] == "UBND cấp xã, Công an"
