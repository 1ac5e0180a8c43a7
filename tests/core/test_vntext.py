import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from desktop.core import vntext

VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"


def test_nfd_and_nfc_names_are_one_name():
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Đạt")
    assert vntext.clean(nfd) == "Nguyễn Văn Đạt"
    assert vntext.fold(nfd) == vntext.fold("NGUYỄN VĂN ĐẠT") == "nguyen van dat"


def test_fold_turns_d_stroke_into_d():
    assert vntext.fold("Đặng đình") == "dang dinh"


def test_clean_collapses_spaces_and_non_breaking_spaces():
    assert vntext.clean("  Trần\u00a0 Thị   Bình ") == "Trần Thị Bình"


def test_names_sort_by_given_name_then_family_in_vietnamese_letter_order():
    names = ["Lê Đạt", "Lê Dũng", "Nguyễn Văn Ân", "Trần Bình", "Lê Ánh", "Lê Anh", "Lê Ăn", "Hoàng Văn An"]
    assert sorted(names, key=vntext.name_sort_key) == [
        "Hoàng Văn An", "Lê Anh", "Lê Ánh", "Lê Ăn", "Nguyễn Văn Ân", "Trần Bình", "Lê Dũng", "Lê Đạt",
    ]


def test_same_given_name_sorts_by_family_then_middle():
    names = ["Trần Văn An", "Nguyễn Văn An", "Nguyễn An"]
    assert sorted(names, key=vntext.name_sort_key) == ["Nguyễn An", "Nguyễn Văn An", "Trần Văn An"]


def test_search_terms_fold_the_query():
    assert vntext.search_terms("  Nguyễn,  VĂN ") == ["nguyen", "van"]


@given(st.text(alphabet=VIET + " ", min_size=1, max_size=30))
def test_fold_is_ascii_and_ignores_normal_form(text):
    folded = vntext.fold(text)
    assert folded.isascii()
    assert folded == vntext.fold(unicodedata.normalize("NFD", text))


@given(st.text(alphabet=VIET + " ", max_size=30))
def test_clean_is_idempotent_nfc(text):
    once = vntext.clean(text)
    assert vntext.clean(once) == once
    assert unicodedata.is_normalized("NFC", once)
