"""TCVN3 and VNI legacy text: known names, round trips, detection, cells."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.legacy_text import (
    convert_cell,
    detect_encoding,
    encoding_for_font,
    tcvn3_to_unicode,
    to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# The 134 marked letters (plus plain vowels), built from Unicode's combining marks rather than from the
# module's tables, so the tests do not just read the tables back.
VOWELS = [
    "a",
    "a\u0306",
    "a\u0302",
    "e",
    "e\u0302",
    "i",
    "o",
    "o\u0302",
    "o\u031b",
    "u",
    "u\u031b",
    "y",
]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
LOWER_LETTERS = [nfc(v + t) for v in VOWELS for t in TONES] + ["đ"]
ALL_LETTERS = LOWER_LETTERS + [c.upper() for c in LOWER_LETTERS]
CONSONANTS = "bcdghklmnpqrstvx"
TCVN3_OWN_CAPITALS = "ĂÂÊÔƠƯĐ"

# (Unicode, TCVN3 as typed in .VnTime, VNI as typed in VNI-Times), written by
# hand from the code charts.
NAMES = [
    ("Nguyễn Văn An", "NguyÔn V¨n An", "Nguyeãn Vaên An"),
    ("Trần Thị Bình", "TrÇn ThÞ B×nh", "Traàn Thò Bình"),
    ("Đặng Thị Hương", "§Æng ThÞ H\xad¬ng", "Ñaëng Thò Höông"),
    ("Hồ Chí Minh", "Hå ChÝ Minh", "Hoà Chí Minh"),
    ("Phường Ba Đình", "Ph\xadêng Ba §×nh", "Phöôøng Ba Ñình"),
    ("Đảng ủy", "§¶ng ñy", "Ñaûng uûy"),
    ("Quần chúng", "QuÇn chóng", "Quaàn chuùng"),
    ("Lê Thị Thu Thủy", "Lª ThÞ Thu Thñy", "Leâ Thò Thu Thuûy"),
    ("Phạm Quốc Việt", "Ph¹m Quèc ViÖt", "Phaïm Quoác Vieät"),
    ("Chi bộ Khu dân cư số 3", "Chi bé Khu d©n c\xad sè 3", "Chi boä Khu daân cö soá 3"),
    (
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoµn thµnh xuÊt s¾c nhiÖm vô",
        "Hoaøn thaønh xuaát saéc nhieäm vuï",
    ),
    ("Nguyễn Thị Tuyết Nhung", "NguyÔn ThÞ TuyÕt Nhung", "Nguyeãn Thò Tuyeát Nhung"),
    ("Dương Văn Đức", "D\xad¬ng V¨n §øc", "Döông Vaên Ñöùc"),
    ("Đoàn Thanh niên", "§oµn Thanh niªn", "Ñoaøn Thanh nieân"),
    ("Giữa khuya, thuyền về bến", "Gi÷a khuya, thuyÒn vÒ bÕn", "Giöõa khuya, thuyeàn veà beán"),
    ("Hoàng Thị Yến", "Hoµng ThÞ YÕn", "Hoaøng Thò Yeán"),
    ("Ngô Thị Lợi", "Ng« ThÞ Lîi", "Ngoâ Thò Lôïi"),
    ("Kỷ luật", "Kû luËt", "Kyû luaät"),
    ("Ước", "¦íc", "Öôùc"),
]
# Capitals with a tone exist only in VNI; TCVN3 writes them with the H fonts.
VNI_CAPITALS = [
    ("Ủy ban nhân dân", "UÛy ban nhaân daân"),
    ("Bùi Thị Ngọc Ánh", "Buøi Thò Ngoïc AÙnh"),
    ("NGUYỄN VĂN AN", "NGUYEÃN VAÊN AN"),
    ("ĐẢNG CỘNG SẢN VIỆT NAM", "ÑAÛNG COÄNG SAÛN VIEÄT NAM"),
]
# Real names and words, for the property tests on whole names.
WORDS = """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh
Đoàn Lương Mai Trương Lâm Hà Tạ Cao Quách Lục Triệu Chu Hứa Thái Kiều Lò Giàng Sùng
Mùa Vàng Hờ Lầu Thào Văn Thị Hữu Đức Minh Ngọc Thanh Xuân Quốc Công Đình Bá Kim Thu
Hồng An Bình Cường Dũng Đạt Giang Hải Hạnh Hiếu Hoa Huệ Hùng Hương Khánh Lan Linh
Loan Long Mạnh Nam Nga Nghĩa Nhung Oanh Phúc Phương Quang Quyên Quỳnh Sơn Tâm Thắng
Thảo Thủy Thúy Tiến Toàn Trang Trung Tuấn Tuyết Uyên Vân Việt Yến Ánh Ước Hiền Huyền
Khuê Luyến Nguyệt Thuận Xuyến Khoa Hòa Hoà Thuỷ Ngoãn Khuyến Quế Tuệ Duyên Chiến Nhật
Hậu Lộc Phước Dậu Tỵ Ất Ơn đảng ủy ban chi bộ quần chúng phường xã huyện tỉnh thành
phố đoàn viên hội cựu chiến binh nông dân phụ nữ kết nạp chính thức dự bị khen thưởng
kỷ luật xuất sắc nhiệm vụ hoàn tốt học tập làm theo tư tưởng đạo đức phong cách người
trường giữa khuya nghiêng thuyền quyết khuỷu ngoằn ngoèo đường lối
""".split()
names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)


def _tcvn3_only_codes() -> set[str]:
    """TCVN3 codes that VNI never uses and that are no Vietnamese letter."""
    vni_chars = {c for letter in ALL_LETTERS for c in unicode_to_vni(letter)}
    codes = {unicode_to_tcvn3(letter) for letter in LOWER_LETTERS + list(TCVN3_OWN_CAPITALS)}
    return {c for c in codes if not c.isascii() and c not in vni_chars and c not in ALL_LETTERS}


TCVN3_ONLY = _tcvn3_only_codes()
# Letters VNI writes as letter + mark, except those whose code reads as other
# real text: "uû" (ủ) is TCVN3 for "uỷ", "oà" (ồ) is Unicode "oà" as in "hoà".
VNI_PAIRED = {
    letter
    for letter in ALL_LETTERS
    if len(unicode_to_vni(letter)) == 2 and letter.lower() not in "ủồốỗ"
}


# --- Known names -------------------------------------------------------------


@pytest.mark.parametrize(("unicode", "tcvn3", "vni"), NAMES)
def test_tcvn3_names_read_as_vietnamese(unicode: str, tcvn3: str, vni: str) -> None:
    assert tcvn3_to_unicode(tcvn3) == unicode
    assert unicode_to_tcvn3(unicode) == tcvn3


@pytest.mark.parametrize(("unicode", "tcvn3", "vni"), NAMES)
def test_vni_names_read_as_vietnamese(unicode: str, tcvn3: str, vni: str) -> None:
    assert vni_to_unicode(vni) == unicode
    assert unicode_to_vni(unicode) == vni


@pytest.mark.parametrize(("unicode", "vni"), VNI_CAPITALS)
def test_vni_capitals_use_capital_marks(unicode: str, vni: str) -> None:
    assert vni_to_unicode(vni) == unicode
    assert unicode_to_vni(unicode) == vni


def test_vni_tolerates_a_capital_letter_with_a_lowercase_mark() -> None:
    assert vni_to_unicode("Aùnh") == "Ánh"
    assert vni_to_unicode("Uûy ban") == "Ủy ban"


def test_tcvn3_capital_with_tone_is_written_with_the_lowercase_code() -> None:
    assert unicode_to_tcvn3("Ủy ban") == "ñy ban"
    assert tcvn3_to_unicode("ñy ban") == "ủy ban"
    assert tcvn3_to_unicode("ñy ban", capitals=True) == "ỦY BAN"


@pytest.mark.parametrize("typed", ["NGUYÔN V¡N AN", "nguyÔn v¨n an", "NguyÔn V¨n An"])
def test_text_in_an_h_font_reads_as_capitals(typed: str) -> None:
    assert tcvn3_to_unicode(typed, capitals=True) == "NGUYỄN VĂN AN"


def test_h_font_title_reads_as_capitals() -> None:
    assert tcvn3_to_unicode("§¶NG CéNG S¶N VIÖT NAM", capitals=True) == "ĐẢNG CỘNG SẢN VIỆT NAM"


def test_to_unicode_dispatches_on_the_encoding() -> None:
    assert to_unicode("B×nh", "tcvn3") == "Bình"
    assert to_unicode("b×nh", "tcvn3", capitals=True) == "BÌNH"
    assert to_unicode("Ñaëng", "vni") == "Đặng"


def test_every_letter_has_its_own_code() -> None:
    tcvn3 = [unicode_to_tcvn3(c) for c in LOWER_LETTERS + list(TCVN3_OWN_CAPITALS)]
    vni = [unicode_to_vni(c) for c in ALL_LETTERS]
    assert len(LOWER_LETTERS) == 6 + 67  # a e i o u y, then the 67 with marks
    assert len(set(tcvn3)) == len(tcvn3) == 6 + 67 + 7
    assert len(set(vni)) == len(vni) == 2 * (6 + 67)
    assert all(len(code) == 1 for code in tcvn3)
    assert all(len(code) in (1, 2) for code in vni)


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs GNU iconv")
def test_tcvn3_codes_agree_with_glibc_tcvn5712() -> None:
    # glibc's TCVN5712-1 is the full standard; the ABC fonts use its VN3 part.
    letters = LOWER_LETTERS + list(TCVN3_OWN_CAPITALS)
    encoded = " ".join(unicode_to_tcvn3(c) for c in letters).encode("latin-1")
    result = subprocess.run(
        ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=encoded, capture_output=True, check=True
    )
    assert nfc(result.stdout.decode()).split(" ") == letters


# --- Round trips -------------------------------------------------------------

alphabet_text = st.text(
    alphabet=st.sampled_from(
        ALL_LETTERS + list(CONSONANTS + CONSONANTS.upper()) + list(" 0123456789")
    )
)
tcvn3_text = st.text(
    alphabet=st.sampled_from(
        LOWER_LETTERS + list(TCVN3_OWN_CAPITALS + CONSONANTS + CONSONANTS.upper() + " 0123456789")
    )
)


@given(alphabet_text)
def test_vni_round_trip_is_identity(text: str) -> None:
    assert vni_to_unicode(unicode_to_vni(text)) == text


@given(tcvn3_text)
def test_tcvn3_round_trip_is_identity_where_tcvn3_has_codes(text: str) -> None:
    assert tcvn3_to_unicode(unicode_to_tcvn3(text)) == text


@given(alphabet_text)
def test_tcvn3_round_trip_of_capitals_through_an_h_font(text: str) -> None:
    upper = text.upper()
    assert tcvn3_to_unicode(unicode_to_tcvn3(upper), capitals=True) == upper


@given(alphabet_text)
def test_decomposed_input_encodes_like_composed(text: str) -> None:
    assert unicode_to_vni(nfd(text)) == unicode_to_vni(text)
    assert unicode_to_tcvn3(nfd(text)) == unicode_to_tcvn3(text)


# --- Fonts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", ("tcvn3", False)),
        (".VnArial", ("tcvn3", False)),
        (".VnTimeH", ("tcvn3", True)),
        (".VnArialH", ("tcvn3", True)),
        (".vntime", ("tcvn3", False)),
        (" .VnTime ", ("tcvn3", False)),
        ("VNI-Times", ("vni", False)),
        ("VNI-Helve", ("vni", False)),
        ("vni times", ("vni", False)),
        ("Times New Roman", None),
        ("Arial", None),
        ("VnTime", None),
        ("", None),
        (None, None),
    ],
)
def test_font_names_imply_their_encoding(font: str | None, expected: object) -> None:
    assert encoding_for_font(font) == expected


# --- Detection by shape ------------------------------------------------------


@pytest.mark.parametrize("unicode, tcvn3, vni", NAMES)
def test_garbled_names_are_detected(unicode: str, tcvn3: str, vni: str) -> None:
    assert detect_encoding(tcvn3) == "tcvn3"
    if vni != "Hoà Chí Minh":  # also reads as Unicode Hoà: see the ambiguity test
        assert detect_encoding(vni) == "vni"


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Văn An",
        nfd("Nguyễn Văn An"),
        "Trần Thị Bình",
        "Bình",
        nfd("Bình"),
        "Lê Tâm",
        "Hồ Chí Minh",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Nguyen Van An",
        "Party branch report 2025",
        "café au lait",
        "São Paulo",
        "",
        "0912345678",
    ],
)
def test_unicode_ascii_and_english_are_not_detected(text: str) -> None:
    assert detect_encoding(text) is None


def test_text_that_reads_both_ways_is_left_alone() -> None:
    # VNI "Hoà" is Hồ, but "Hoà" is also Unicode for Hòa: without a font, keep it.
    assert detect_encoding("Hoà Chí Minh") is None
    assert detect_encoding("Thò") is None


def test_more_words_settle_a_short_ambiguous_cell() -> None:
    # "cöa" alone is TCVN3 "cửa" or VNI "cưa"; a longer text decides.
    assert detect_encoding("cöa") is None
    assert detect_encoding("cöa hµng") == "tcvn3"
    assert detect_encoding("cöa caây") == "vni"


def test_capitals_typed_in_tcvn3_are_detected() -> None:
    assert detect_encoding("NGUYÔN V¡N AN") == "tcvn3"


@given(names)
def test_detection_never_names_the_wrong_encoding(name: str) -> None:
    assert detect_encoding(unicode_to_tcvn3(name)) in ("tcvn3", None)
    assert detect_encoding(unicode_to_vni(name)) in ("vni", None)


@given(names)
def test_tcvn3_names_with_a_tcvn3_only_code_are_detected(name: str) -> None:
    legacy = unicode_to_tcvn3(name)
    if any(c in TCVN3_ONLY for c in legacy):
        assert detect_encoding(legacy) == "tcvn3"


@given(names)
def test_vni_names_with_a_marked_letter_are_detected(name: str) -> None:
    if any(c in VNI_PAIRED for c in name):
        assert detect_encoding(unicode_to_vni(name)) == "vni"


@given(names)
def test_unicode_names_are_never_detected(name: str) -> None:
    assert detect_encoding(name) is None
    assert detect_encoding(nfd(name)) is None
    assert detect_encoding(name.upper()) is None


@given(alphabet_text)
def test_text_with_letters_outside_latin1_is_never_detected(text: str) -> None:
    text += "ư"  # a letter no legacy text can contain
    assert detect_encoding(text) is None


# --- Cells -------------------------------------------------------------------


def test_cell_in_a_tcvn3_font_is_converted() -> None:
    assert convert_cell("NguyÔn V¨n An", ".VnTime") == ("Nguyễn Văn An", "tcvn3")


def test_cell_in_an_h_font_is_converted_to_capitals() -> None:
    assert convert_cell("nguyÔn v¨n an", ".VnTimeH") == ("NGUYỄN VĂN AN", "tcvn3")


def test_cell_in_a_vni_font_is_converted_even_when_it_reads_as_unicode() -> None:
    assert convert_cell("Hoà Chí Minh", "VNI-Times") == ("Hồ Chí Minh", "vni")


def test_unicode_cell_in_a_legacy_font_is_left_alone() -> None:
    assert convert_cell("Nguyễn Văn An", ".VnTime") == ("Nguyễn Văn An", None)
    assert convert_cell("Trần Thị Bình", "VNI-Times") == ("Trần Thị Bình", None)
    assert convert_cell("Bình", ".VnTime") == ("Bình", None)


def test_cell_with_nothing_to_convert_is_left_alone() -> None:
    assert convert_cell("Nguyen Van An", "VNI-Times") == ("Nguyen Van An", None)
    assert convert_cell("Bình", "VNI-Times") == ("Bình", None)
    assert convert_cell("12/05/1970", ".VnTimeH") == ("12/05/1970", None)


def test_cell_without_font_is_converted_by_shape() -> None:
    assert convert_cell("TrÇn ThÞ B×nh", None) == ("Trần Thị Bình", "tcvn3")
    assert convert_cell("Traàn Thò Bình", "Times New Roman") == ("Trần Thị Bình", "vni")
    assert convert_cell("NGUYÔN V¡N AN", None) == ("NGUYỄN VĂN AN", "tcvn3")


def test_cell_output_is_nfc() -> None:
    assert convert_cell(nfd("Nguyễn Văn An"), None) == ("Nguyễn Văn An", None)
    assert convert_cell(nfd("Nguyễn Văn An"), ".VnTime") == ("Nguyễn Văn An", None)


@given(names)
def test_cells_round_trip_through_their_fonts(name: str) -> None:
    assert convert_cell(unicode_to_vni(name), "VNI-Times")[0] == name
    lower = name.lower()
    assert convert_cell(unicode_to_tcvn3(lower), ".VnTime")[0] == lower
