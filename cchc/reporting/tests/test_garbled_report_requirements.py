"""Reporting requirements whose wording OCR garbled still give reporting periods."""


def test_a_report_whose_words_ocr_garbled_is_still_a_report_when_it_has_a_frequency():
    from cchc.core.calendar import is_report

    assert is_report("Lồng ghép bảo ceo kết quả tuyên truyền CCHC vào báo ciao CCHC định kỳ")
    assert is_report("Định kỳ tổng hợp, bố cáo UBND tỉnh", "periodic")
    assert not is_report("Xây dựng kế hoạch tuyên truyền của đơn vị", "annual")
    assert not is_report("Định kỳ tổng hợp, bố cáo UBND tỉnh")
