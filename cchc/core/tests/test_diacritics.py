"""Diacritic restoration restores held-out administrative text and tells marked text from text without marks."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.core.diacritics import get_model, needs_restoration, restore
from cchc.core.diacritics import ocr as ocr_repair
from cchc.core.diacritics.channel import Channel, align
from cchc.core.diacritics.model import HashTable
from cchc.core.diacritics.syllables import (
    fold,
    is_folded_syllable,
    is_valid_syllable,
    letter_runs,
    normalize_syllable,
)

# From a real plan (Nam Định, 2025) that the model never saw in training.
HELD_OUT = (
    "Hoạt động tuyên truyền thường xuyên, liên tục, bằng nhiều hình thức, nội dung phong phú gắn với triển khai "
    "nhiệm vụ kinh tế - xã hội; đảm bảo kịp thời, đầy đủ, đáp ứng nhu cầu nắm bắt, tìm hiểu thông tin về cải cách "
    "hành chính của cán bộ, công chức, viên chức và các tầng lớp nhân dân trong tỉnh. Đẩy mạnh ứng dụng công nghệ "
    "thông tin, chuyển đổi số, tận dụng tối đa lợi thế của các ứng dụng mạng xã hội, các nền tảng số, trí tuệ nhân "
    "tạo (AI), trợ lý ảo trong công tác tuyên truyền."
)
# The opening of an OCR'd plan (seed 002): the OCR dropped or garbled most marks.
OCR_TEXT = (
    "Nham nang cao hiéu qua cong tac cai cach hanh chinh trén dia ban tinh, Uy ban nhan dan tinh ban hanh "
    "Ké hoach tuyén truyen cong tac cai cach hanh chinh tinh Tuyén Quang 6 thang cuoi nam 2025, nhu sau:"
)


def syllable_accuracy(expected: str, got: str) -> float:
    pairs = list(zip(letter_runs(expected), letter_runs(got), strict=True))
    right = sum(1 for a, b in pairs if normalize_syllable(a.group()) == normalize_syllable(b.group()))
    return right / len(pairs)


def test_restoring_a_held_out_paragraph_gets_at_least_95_percent_of_syllables_right() -> None:
    assert syllable_accuracy(HELD_OUT, restore(fold(HELD_OUT))) >= 0.95


def test_restoring_keeps_case_punctuation_numbers_and_spacing() -> None:
    restored = restore("KE HOACH\nTuyen truyen cong tac CCHC nam 2025,  (dot 1).")
    assert restored == "KẾ HOẠCH\nTuyên truyền công tác CCHC năm 2025,  (đợt 1)."


def test_document_numbers_and_abbreviations_get_their_d_with_stroke_back() -> None:
    restored = restore("Quyet dinh so 1814/QD-UBND ngay 30/9/2021; Nghi dinh 61/2018/ND-CP; HDND tinh.")
    assert restored == "Quyết định số 1814/QĐ-UBND ngày 30/9/2021; Nghị định 61/2018/NĐ-CP; HĐND tỉnh."


def test_abbreviations_without_vowels_pass_through_unchanged() -> None:
    assert restore("UBND, TTHC, CCHC, CBCCVC") == "UBND, TTHC, CCHC, CBCCVC"


def test_text_that_already_has_marks_comes_back_unchanged() -> None:
    assert restore(HELD_OUT) == HELD_OUT


def test_ocr_output_is_restored_using_the_marks_that_survived() -> None:
    restored = restore(OCR_TEXT)
    assert restored.startswith("Nhằm nâng cao hiệu quả công tác cải cách hành chính trên địa bàn tỉnh, Ủy ban")
    assert "Tuyên Quang 6 tháng cuối năm 2025, như sau:" in restored


def test_unknown_words_and_foreign_letters_are_left_alone() -> None:
    assert restore("Zyxwv Привет 123") == "Zyxwv Привет 123"


def test_empty_text_restores_to_empty_text() -> None:
    assert restore("") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HELD_OUT, False),
        (fold(HELD_OUT), True),
        (OCR_TEXT, True),
        ("The quick brown fox jumps over the lazy dog and runs away", False),
        ("ok", False),
    ],
)
def test_needs_restoration_detects_text_that_lost_its_marks(text: str, expected: bool) -> None:
    assert needs_restoration(text) is expected


def test_the_model_is_loaded_once_per_process() -> None:
    assert get_model() is get_model()


@pytest.mark.parametrize(
    ("written", "normal"),
    [("hoà", "hòa"), ("thuỷ", "thủy"), ("Uỷ", "Ủy"), ("quý", "quý"), ("hoàn", "hoàn"), ("người", "người")],
)
def test_tone_marks_are_put_in_the_traditional_place(written: str, normal: str) -> None:
    assert normalize_syllable(written) == normal


@pytest.mark.parametrize(("word", "valid"), [("tuyến", True), ("học", True), ("hoc", False), ("tuyén", False)])
def test_syllable_validity_follows_vietnamese_spelling_rules(word: str, valid: bool) -> None:
    assert is_valid_syllable(word) is valid


def test_folding_keeps_length_and_shape() -> None:
    assert fold("Đường Nguyễn Thị Minh Khai") == "Duong Nguyen Thi Minh Khai"
    assert is_folded_syllable("nguyen") and not is_folded_syllable("UBND")


def test_a_list_item_d_after_d_is_the_letter_d_with_stroke() -> None:
    restored = restore("Nhiem vu:\nc) Bao cao;\nd) Danh gia;\nd) Khen thuong;\ne) Tong ket.")
    assert restored == "Nhiệm vụ:\nc) Báo cáo;\nd) Đánh giá;\nđ) Khen thưởng;\ne) Tổng kết."


def test_ocr_misreadings_of_marked_letters_are_repaired() -> None:
    ocr = "Can ctr Nghi quyét s6 76/NQ-CP ngay 15/7/2021 ctia Chinh phti ban hanh Chwong trinh tong thé"
    assert restore(ocr).endswith("số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể")
    assert restore("Pay manh tuyén truyén, 1anh dao, k@t qua") == "Đẩy mạnh tuyên truyền, lãnh đạo, kết quả"


def test_ocr_repairs_keep_the_case_of_the_word() -> None:
    assert restore("POI TUQNG") == "ĐỐI TƯỢNG"


def test_email_addresses_are_not_taken_for_ocr_symbols() -> None:
    assert restore("lien he: vanthu@tuyenquang.gov.vn") == "liên hệ: vanthu@tuyenquang.gov.vn"


def test_a_symbol_standing_for_a_one_letter_word_is_read_as_the_word() -> None:
    # Latin-only OCR reads «ở» as «@», «¢», «©» or «&»; an ampersand between abbreviations is left as written.
    ocr = "Cong tac thanh tra @ xa duoc thuc hién. Nguoi dan & nong thon; Bo phan mot cira © cap huyén"
    assert restore(ocr) == (
        "Công tác thanh tra ở xã được thực hiện. Người dân ở nông thôn; Bộ phận một cửa ở cấp huyện"
    )
    assert restore("Thuong truc HĐND & UBND tinh, vanthu@tuyenquang.gov.vn") == (
        "Thường trực HĐND & UBND tỉnh, vanthu@tuyenquang.gov.vn"
    )


def test_short_forms_written_with_a_slash_keep_their_letters() -> None:
    assert restore("V/v trien khai ke hoach tuyen truyen nam 2025 (t/h)") == (
        "V/v triển khai kế hoạch tuyên truyền năm 2025 (t/h)"
    )
    assert (
        restore("V/v trién khai ké hoach tuyén truyén CCHC (t/h)") == "V/v triển khai kế hoạch tuyên truyền CCHC (t/h)"
    )


def test_codes_in_document_numbers_only_get_their_d_with_stroke() -> None:
    restored = restore("Nghi quyet so 57-NQ/TU; Quyet dinh so 1814/QD-UBND; Cong van 12/UBND-VX")
    assert restored == "Nghị quyết số 57-NQ/TU; Quyết định số 1814/QĐ-UBND; Công văn 12/UBND-VX"


def test_the_marks_of_a_marked_text_are_trusted_over_the_model() -> None:
    text = "Xây dựng chuyên trang, chuyên mục về cải cách hành chính; LĐ Văn phòng."
    assert restore(text) == text


def test_the_hash_table_finds_every_key_and_no_other() -> None:
    keys = np.arange(0, 3000, 3, dtype=np.uint64) * np.uint64(0x1_0001)
    table = HashTable(keys, np.arange(len(keys), dtype=np.int32))
    values, found = table.get(keys)
    assert found.all() and (values == np.arange(len(keys))).all()
    # Absent keys, including ones whose home slot is the last of the table, are reported absent.
    others = np.arange(1, 200_000, 7, dtype=np.uint64) * np.uint64(0x1_0001) + np.uint64(1)
    assert not table.get(others)[1].any()


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyADĐUY016 ,.;:/-()\n¢@€ÀÁẠàáạ\tß漢"), max_size=80))
def test_restoring_any_text_keeps_its_lines_and_never_fails(text: str) -> None:
    restored = restore(text)
    assert restored.count("\n") == text.count("\n")
    assert fold(restore(fold(text))).lower().count(" ") == fold(text).lower().count(" ")


@pytest.mark.parametrize(
    ("ocr", "meant"),
    [
        ("Chu tri, phéi hop voi cac co quan lién quan", "Chủ trì, phối hợp với các cơ quan liên quan"),
        ("cai cach hanh chinh cua Chì}h phu", "cải cách hành chính của Chính phủ"),
        ("Sé Khoa hoc va Ceng nghé", "Sở Khoa học và Công nghệ"),
        ("Uy ban Mt tran T6 qudc Viét Nam tinh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        ("cac Chi thi, Be an, Ké hoach CCHC", "các Chỉ thị, Đề án, Kế hoạch CCHC"),
        # Tesseract's Latin model reading the seeds and laws (bench/data/ocr_pages_train.jsonl.gz): the horn or the
        # mark of ơ and ư read as an apostrophe, a question mark, a yen sign, a per cent sign; ỹ read as a yen sign.
        ("cac co quan, don vi, dia phuo'ng thuc hién", "các cơ quan, đơn vị, địa phương thực hiện"),
        ("tich cu'c trién khai Chuo'ng trinh", "tích cực triển khai Chương trình"),
        ("co quan nha nu%c, t6 cht?c chinh", "cơ quan nhà nước, tổ chức chính"),
        ("binh dang gii¥a cac dan t6c, cac ha tang k¥ thuat", "bình đẳng giữa các dân tộc, các hạ tầng kỹ thuật"),
    ],
)
def test_letters_ocr_broke_are_repaired_by_context(ocr: str, meant: str) -> None:
    # Stray marks dropped, lost letters put back, and the word chosen by its neighbours: "phéi hop" is "phối hợp",
    # though "phải" is the more frequent word one letter away.
    assert restore(ocr) == meant


@pytest.mark.parametrize(
    ("ocr", "meant"),
    [
        ("To chirc cac cudce thi tim hiéu vé CCHC", "Tổ chức các cuộc thi tìm hiểu về CCHC"),  # "ce" for c
        ("truyén thong dai chling va nén tang sé", "truyền thông đại chúng và nền tảng số"),  # "li" for ú
        ("khuyen khich tmg dung cong nghé", "khuyến khích ứng dụng công nghệ"),  # "m" for n
    ],
)
def test_letters_ocr_read_as_two_are_repaired(ocr: str, meant: str) -> None:
    assert restore(ocr) == meant


def test_a_question_mark_typed_without_a_space_still_ends_the_question() -> None:
    # Only before a syllable's last one or two letters is a question mark inside a word OCR's (chi?c is chức).
    assert restore("Thu tuc nay?Khong can giay to") == "Thủ tục này?Không cần giấy tờ"
    assert restore("Lam the nao?duoc khong") == "Làm thế nào?được không"


def test_two_words_ocr_ran_together_are_put_apart() -> None:
    assert restore("day manh tuyén truyén kétqué thuc hién CCHC") == "đẩy mạnh tuyên truyền kết quả thực hiện CCHC"


def test_a_number_ocr_read_for_a_word_is_read_as_the_word_only_where_the_context_wants_one() -> None:
    assert restore("can gén chat voi 10 trinh thuc hiérl ChuOrg trinh").endswith("với lộ trình thực hiện Chương trình")
    # A number that numbers an item stays a number.
    assert restore("6. So Noi vu chu tri; 10) Cac xa").startswith("6. Sở Nội vụ chủ trì; 10) Các xã")
    assert (
        restore("Tuyén Quang, ngay 14 thang 10 nam 2025, cé 12 xa")
        == "Tuyên Quang, ngày 14 tháng 10 năm 2025, có 12 xã"
    )


def test_ocr_output_is_read_with_a_beam_wide_enough_for_a_reading_that_trails(monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc.core import diacritics

    # «Bé» has a few hundred readings, and «Đề» is far down them until «nghị» is read after it (a real scan, 002).
    line = "9. Bé nghi Uy ban Mt tran T6 qudc Viét Nam tinh chi dao"
    assert restore(line) == "9. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh chỉ đạo"
    monkeypatch.setattr(diacritics, "OCR_BEAM", diacritics.BEAM)
    assert restore(line).startswith("9. Bổ nghị")  # the beam of typed text loses it


def test_a_repaired_word_takes_the_case_of_the_word_not_of_the_letters_ocr_broke() -> None:
    assert restore("2 Yéu cau v CQng tac tuyén truyén") == "2 Yêu cầu về Công tác tuyên truyền"
    assert restore("CAI CACH HANH CHiNH TRONG TAM") == "CẢI CÁCH HÀNH CHÍNH TRỌNG TÂM"
    # A capital OCR read for a marked letter inside a word («sO» for «số») is not printed as «sỐ».
    assert restore("Tan dung t6i da mang x& hoi, nén tang sO va tri tué nhan tao").endswith(
        "nền tảng số và trí tuệ nhân tạo"
    )
    assert restore("lan toa tinh than cai cach dén moi tang I6p nhan dan") == (
        "lan tỏa tinh thần cải cách đến mọi tầng lớp nhân dân"
    )


def test_a_capitalised_name_of_the_names_list_is_read_as_that_name() -> None:
    # Without the list the model reads «Bao» as «bão» (storm) and «Ka hoach» as «ka hoạch».
    assert restore("phat huy vai tro ciia Bao va Pai Phat thanh - Truyén hinh tinh") == (
        "phát huy vai trò của Báo và Đài Phát thanh - Truyền hình tỉnh"
    )
    assert restore("Trén day la Ka hoach tuyén truyen") == "Trên đây là Kế hoạch tuyên truyền"


def test_a_number_stays_a_number_where_the_context_wants_one() -> None:
    assert restore("Tuyén Quang, ngay 14 thang 07 nam 2025") == "Tuyên Quang, ngày 14 tháng 07 năm 2025"


def test_the_genre_model_gives_the_genre_its_words() -> None:
    # The general corpora (Wikipedia, laws) read «chuyen muc» as «chuyển mục» (chuyển mục đích: change of use);
    # the plans' «chuyên mục» (a newspaper's column) is the genre's own.
    model = get_model()
    assert model.genre is not None and 0 < model.genre_weight < 1
    assert restore("chuyen muc cai cach hanh chinh tren bao") == "chuyên mục cải cách hành chính trên báo"


def test_the_genre_model_leaves_words_it_never_saw_to_the_general_model() -> None:
    model = get_model()
    assert model.genre is not None
    history = np.array([[model.index["gov"]] * (model.order - 1)], dtype=np.int64)
    word = np.array([model.index["vn"]], dtype=np.int64)
    general = model._score(model.tables, history, word)
    assert model.score(history, word) == pytest.approx(general, abs=1e-4)


def test_a_word_read_clearly_elsewhere_in_the_document_decides_where_the_context_does_not() -> None:
    hesitant = "Xay dung ke hoach; ung dung cong nghe truyen thong hien dai."
    # Alone, the model reads «công nghệ truyền thống» (traditional technology) ...
    assert restore(hesitant) == "Xây dựng kế hoạch; ứng dụng công nghệ truyền thống hiện đại."
    # ... but a plan that twice reads «truyền thông» with a clear margin means media there too.
    clear = "Day manh cong tac truyen thong tren cac phuong tien truyen thong dai chung. "
    assert restore(clear + hesitant) == (
        "Đẩy mạnh công tác truyền thông trên các phương tiện truyền thông đại chúng. "
        "Xây dựng kế hoạch; ứng dụng công nghệ truyền thông hiện đại."
    )


def test_quotation_marks_do_not_cut_the_context_of_the_words_they_set_apart() -> None:
    assert restore("huong dan “cam tay chi viec”") == "hướng dẫn “cầm tay chỉ việc”"


def test_a_listed_name_cut_short_by_an_abbreviation_is_read_as_that_name() -> None:
    # «Báo và Đài PT-TH tỉnh» (Nam Định's plan writes «Đài PT-TH»): the first words of «Báo và Đài Phát thanh».
    assert (
        restore("- Cac s6, ban, nganh;\n- Bao va Pai PT-TH tinh;") == "- Các sở, ban, ngành;\n- Báo và Đài PT-TH tỉnh;"
    )
    # and cut by a dash («Báo và Đài - Truyền hình»)
    assert restore("Sé Van hoa; Bao va Pai - Truyén hinh") == "Sở Văn hóa; Báo và Đài - Truyền hình"


def test_the_learned_channel_aligns_a_word_with_what_ocr_read() -> None:
    channel = ocr_repair.channels()[0]
    score, steps = align("của", "ctia", channel.logp)
    assert steps == [("c", "c"), ("ủ", "ti"), ("a", "a")] and score == channel.score("ctia", "của")
    # OCR reads «ủ» as «ti» often, and a letter it never confused costs the floor: «của» beats «cha».
    assert channel.score("ctia", "của") > channel.score("ctia", "cha") + 2
    # Marks that survived count: «tiép» is «tiếp» more than «tiệp» or «tiêm».
    assert channel.score("tiép", "tiếp") > max(channel.score("tiép", "tiệp"), channel.score("tiép", "tiêm"))


def _tool(name: str) -> ModuleType:
    """A script of tools/ loaded as a module (registered, so that its worker processes find its functions)."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).parents[3] / f"tools/{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_the_channel_is_learned_from_pages_read_back(tmp_path: Path) -> None:
    build = _tool("build_ocr_channel")
    page = {
        "page": "plan-0",
        "form": "clean-200",
        "source": "của nước, của người " * 20,
        "ocr": "ctia nu@c, ctia ngudi " * 20,
    }
    held_out = {"page": "law-0", "form": "clean-200", "source": "của lớp " * 50, "ocr": "cha 1dp " * 50}

    def learned(pages: list[dict[str, str]], exclude: list[str]) -> Path:
        path, out = tmp_path / f"pages-{len(pages)}.jsonl.gz", tmp_path / f"channel-{len(pages)}.json"
        with gzip.open(path, "wt", encoding="utf-8") as file:
            file.writelines(json.dumps(page, ensure_ascii=False) + "\n" for page in pages)
        build.learn(path, out, exclude)
        return out

    (channel,) = Channel.load_all(learned([page], []))
    assert max(channel.reads["ủ"], key=channel.reads["ủ"].get) == "ti"
    assert max(channel.reads["ớ"], key=channel.reads["ớ"].get) == "e"  # «nu@c»: the symbol is cleaned to «e»
    assert channel.score("ctia", "của") > channel.score("ctia", "cứa")
    # A text left out (a seed measured by bench/diacritics_loo.py) leaves no trace in what is learned.
    assert learned([page, held_out], ["law"]).read_bytes() == learned([page], []).read_bytes()
    assert learned([page, held_out], []).read_bytes() != learned([page], []).read_bytes()
    # Pages printed and scanned teach a channel of their own: the file gains its table, the clean pages' table stays.
    scanned = {**page, "page": "plan-1", "form": "scan-200", "ocr": "cia nuéc, cia ngudi " * 20}
    both = learned([page, scanned], [])
    printed, scan = Channel.load_all(both)
    alone = Channel.load_all(learned([page], []))
    assert len(alone) == 1 and (printed.reads, printed.floor) == (alone[0].reads, alone[0].floor)
    assert max(scan.reads["ủ"], key=scan.reads["ủ"].get) == "i"
    assert scan.score("cia", "của") > printed.score("cia", "của") + 1


# The same lines of a law the models never saw (Luật Thanh tra), rendered and read by Tesseract's Latin model
# (bench/data/ocr_pages_heldout.jsonl.gz): a page printed clean, and the page printed and scanned in black and white.
PRINTED_PAGE = (
    "Muc dich hoat d6ng thanh tra nham phat hién so hé trong co ché quan ly, chinh sach,\n"
    "phap luat dé kién nghi vdi co quan nha nuéc cé tham quyén bién phap khac phuc;\n"
    "phong ngtra, phat hién va xtr ly hanh vi vi pham phap luat; gitip co quan, t6 chi?c, ca\n"
    "nhan thu hién dung quy dinh cia phap luat; phat huy nhan té tich cuc; g6p phan nang\n"
    "cao hiéu luc, hiéu qua hoat dong quan ly nha nwéc; bao vé lgi ich cua Nha nvéc,\n"
    "quyén va Igi ich hgp phap ctia co quan, té chitc, ca nhan."
)
SCANNED_PAGE = (
    "Muc dich hoat d6ng thanh tra nh4m phat hién so hé trong co ché quan ly, chinh sach,\n"
    "phap luat dé kién nghj véi co quan nha nuéc cé thiém quyén bién phdp kh4c phyc;\n"
    "phong ngifa, phat hién va x ly hanh vi vi pham phép 1uat; gitip co quan, t6 chitc, cd\n"
    "nh4n thyc hién ding quy djnh cia php luat; phat huy nhén té tich cyc; g6p phn nang\n"
    "cao hiéu hfc, hiéu qua hoat d6ng quan ly nha mdc; bao vé Igi ich cia Nha mrdc,\n"
    "quyén va Igi ich hgp phap cua co quan, t6 clnfc, cd nhan."
)


def test_a_document_is_read_with_the_channel_of_its_kind_of_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc.core import diacritics

    assert len(ocr_repair.channels()) == 2  # the shipped file: pages printed clean, pages printed and scanned
    shares: list[np.ndarray] = []
    learned = diacritics._channel_weights

    def spy(*args: object) -> np.ndarray:
        shares.append(learned(*args))  # type: ignore[arg-type]
        return shares[-1]

    monkeypatch.setattr(diacritics, "_channel_weights", spy)
    restore(PRINTED_PAGE)
    restore(SCANNED_PAGE)
    printed, scanned = shares
    assert printed[0] > 0.5 > scanned[0] and printed.sum() == pytest.approx(1) == scanned.sum()
    # Text typed without marks has no OCR channel to weigh.
    restore("Thanh tra vien phai tuan thu phap luat")
    assert len(shares) == 2


def test_a_text_given_as_its_counts_builds_the_same_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Collected web pages enter the model as n-gram counts, not as their text (tools/train_diacritics.py).
    train = _tool("train_diacritics")
    law = tmp_path / "law.txt"
    law.write_text("Điều 1. Luật này quy định về cải cách hành chính.\nĐiều 2. Cơ quan hành chính nhà nước.\n")
    plan = tmp_path / "plan.txt"
    plan.write_text("Kế hoạch tuyên truyền cải cách hành chính năm 2025.\n\nGiao Sở Nội vụ chủ trì, phối hợp.\n" * 3)
    counts = tmp_path / f"plan{train.COUNTS_SUFFIX}"

    def run(*argv: object) -> None:
        monkeypatch.setattr(sys, "argv", ["train", *map(str, argv)])
        train.main()

    run(plan, "--write-counts", counts)
    written = counts.read_bytes()
    run(plan, "--write-counts", counts)
    assert counts.read_bytes() == written  # no time stamp: the same text gives the same file
    again = tmp_path / f"again{train.COUNTS_SUFFIX}"
    run(counts, "--write-counts", again)
    assert again.read_bytes() == written  # a counts file among the sources is counted as it is
    run(f"{law}:3", f"{plan}:10", "--genre", f"{plan}:1", "--genre-weight", "0.5", "--out", tmp_path / "text.npz")
    run(f"{law}:3", f"{counts}:10", "--genre", f"{counts}:1", "--genre-weight", "0.5", "--out", tmp_path / "n.npz")
    with np.load(tmp_path / "text.npz") as text, np.load(tmp_path / "n.npz") as from_counts:
        assert sorted(text.files) == sorted(from_counts.files) and "g4_q" in text.files
        assert all(np.array_equal(text[name], from_counts[name]) for name in text.files)
    # A discount takes from each of the genre's n-grams (its few texts seen once are not certainties).
    run(f"{law}:3", f"{plan}:10", "--genre", f"{plan}:1", "--genre-discount", "0.5", "--out", tmp_path / "d.npz")
    with np.load(tmp_path / "text.npz") as text, np.load(tmp_path / "d.npz") as discounted:
        assert all(np.array_equal(text[name], discounted[name]) for name in text.files if name[0] != "g")
        assert (discounted["g4_q"] >= text["g4_q"]).all() and (discounted["g4_q"] > text["g4_q"]).any()
    run(plan, "--order", "3", "--write-counts", counts)
    with pytest.raises(ValueError, match="not 4-grams"):
        run(law, "--genre", counts, "--out", tmp_path / "bad.npz")


def test_pages_collected_from_the_web_are_kept_only_when_they_teach_the_genre_and_not_the_test() -> None:
    web = _tool("build_web_counts")
    reviewed = next((Path(__file__).parents[2] / "plans/seed_data/reviewed").glob("002_*.txt")).read_text()
    protected = {"002": web.spans(reviewed)}
    page = "Ủy ban nhân dân tỉnh ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2025 với các nội dung sau. " * 5
    assert web.rejection("https://sonoivu.example.gov.vn/a", page, protected) is None
    assert web.rejection("https://sonoivu.tuyenquang.gov.vn/a", page, protected) == "Tuyên Quang"
    assert web.rejection("https://a.vn/b", page.replace("năm 2025", "tỉnh Tuyên Quang"), protected) == "Tuyên Quang"
    assert web.rejection("https://a.vn/b", web.fold(page), protected) == "few marks"
    assert web.rejection("https://a.vn/b", "Kế hoạch tuyên truyền.", protected) == "short"
    copied = " ".join(reviewed.split()[200:400]).replace("Tuyên Quang", "")  # 002 copied, its province's name left out
    assert web.rejection("https://a.vn/b", copied, protected) == "shares text with 002"


def test_an_acronym_in_ocr_output_is_kept_and_a_broken_heading_word_is_repaired() -> None:
    assert restore("Dao tao, boi dwéng CBCC cap xa") == "Đào tạo, bồi dưỡng CBCC cấp xã"
    assert restore("I1. POI TUQNG, NQI DUNG, HINH THUC TUYEN TRUYEN").startswith("II. ĐỐI TƯỢNG, NỘI DUNG")
    # Capitals with no vowel are an abbreviation the model knows (Văn hóa, Thể thao), not «TỪ» or «VỆ» that OCR broke.
    assert restore("Trung tam VH - TT huyén; Phong VH&TT") == "Trung tâm VH - TT huyện; Phòng VH&TT"


def test_a_section_number_ocr_misread_is_put_right_and_never_read_as_a_word() -> None:
    # «Ill.»: Tesseract's Latin model reading section III of seeds 000 and 001 (tools/build_ocr_channel.py pages).
    text = "Ill. TO CHUC THUC HIEN\nV. KINH PHI THUC HIEN"
    assert restore(text) == "III. TỔ CHỨC THỰC HIỆN\nV. KINH PHÍ THỰC HIỆN"
