"""Vietnamese text: normalisation, diacritic-free folding and sort keys.

Every text that enters the file goes through `clean()` (NFC, trimmed, inner
white space collapsed) because Unikey types precomposed letters (NFC) while
the Windows keyboard types combining marks (NFD): "Nguyễn" typed both ways
must be one name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that look like Vietnamese ones but are not, as old font converters
# and copies from PDFs leave them: Icelandic Eth Ð/ð (U+00D0/U+00F0) and
# African D Ɖ/ɖ (U+0189/U+0256) for Đ/đ. (The deprecated combining tone marks
# U+0340/U+0341 and decomposed letters of CP1258 text need nothing more: NFC
# makes them the precomposed letters.)
LOOK_ALIKES = {"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110", "\u0256": "\u0111"}
_LOOK_ALIKE_TABLE = str.maketrans(LOOK_ALIKES)
_LOOK_ALIKE_LETTERS = frozenset(LOOK_ALIKES)

# Vietnamese letter order; f, j, w, z only occur in foreign names.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODE = {ch: chr(0x41 + i) for i, ch in enumerate(_ALPHABET)}
# `_word_key` of an ASCII word, one character at a time (lower case by then).
_ASCII_WORD = {code: _LETTER_CODE.get(chr(code), chr(code) if chr(code).isdigit() else None) for code in range(128)}
# Tone order used in dictionaries: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Marks that make a new letter (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def clean(text: str | None) -> str:
    """NFC, trimmed, runs of white space (incl. non-breaking) made one space.

    Look-alike letters (Ð U+00D0 for Đ…, `LOOK_ALIKES`) become the Vietnamese
    letter, so "Ðào" typed, imported or searched is "Đào".
    """
    if text is None:
        return ""
    text = str(text)
    # str.split() splits on exactly the characters \s matches (str.isspace).
    if text.isascii():  # no look-alike, already NFC
        return " ".join(text.split())
    if not _LOOK_ALIKE_LETTERS.isdisjoint(text):
        text = text.translate(_LOOK_ALIKE_TABLE)
    return " ".join(unicodedata.normalize("NFC", text).split())


def clean_or_none(text: str | None) -> str | None:
    """`clean()`, with an empty result as None (an empty cell is no value)."""
    value = clean(text)
    return value or None


class _FoldTable(dict[int, str]):
    """str.translate's table for `fold`, filled one character at a time on first use.

    Dropping the combining marks of each character's decomposition is the
    same as dropping them from the whole text's (reordering marks changes
    nothing once they are gone), so folding is one translate call.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        self[code] = folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
        return folded


_FOLD = _FoldTable()


@lru_cache(maxsize=8_192)
def fold(text: str | None) -> str:
    """Lower case, no diacritics, đ→d: "NGUYỄN Văn Đạt" → "nguyen van dat".

    Unicode decomposition alone leaves đ alone (it is a letter of its own),
    hence the explicit replacement. Cached: an import folds the same chi bộ,
    positions and names again and again (matching, checks, stored keys).
    """
    cleaned = clean(text).lower()
    return cleaned if cleaned.isascii() else cleaned.translate(_FOLD)


def _split_letter(ch_nfd: str) -> tuple[str, str]:
    """One NFD letter cluster → (Vietnamese base letter, tone digit)."""
    base, tone = ch_nfd[0], "0"
    for mark in ch_nfd[1:]:
        if mark in _LETTER_MARKS:
            base = unicodedata.normalize("NFC", base + mark)
        elif mark in _TONES:
            tone = _TONES[mark]
    return base, tone


@lru_cache(maxsize=16_384)
def _word_key(word: str) -> str:
    """One syllable: its letters, then its tone, as a sortable string.

    Dictionary order compares syllable by syllable, letters before tone:
    "An" < "Anh" < "Ánh" < "Bình". The \x01 after the letters makes a
    shorter syllable sort before a longer one that starts the same.
    Cached: Vietnamese has a few thousand syllables, and a list of 10,000
    names repeats them (an import, a report's sort keys).
    """
    if word.isascii():  # no marks, no tone: each letter's code, digits as they are, the rest dropped
        return word.lower().translate(_ASCII_WORD) + "\x010"
    letters: list[str] = []
    tone = "0"
    clusters: list[str] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(ch) and clusters:
            clusters[-1] += ch
        else:
            clusters.append(ch)
    for cluster in clusters:
        base, mark = _split_letter(cluster)
        if base in _LETTER_CODE:
            letters.append(_LETTER_CODE[base])
        elif base.isdigit():
            letters.append(chr(0x30 + int(base)) if base.isascii() else "0")
        else:
            continue
        if mark != "0":
            tone = mark
    return "".join(letters) + "\x01" + tone


def sort_key(text: str | None) -> str:
    """Key for sorting texts (unit names, deed contents) in Vietnamese order."""
    return "!".join(_word_key(w) for w in clean(text).split(" "))


def name_sort_key(full_name: str | None) -> str:
    """Official list order: given name (last word), then family and middle names."""
    words = clean(full_name).split(" ")
    given = _word_key(words[-1]) if words else ""
    rest = "!".join(_word_key(w) for w in words[:-1])
    return f"{given}\x00{rest}"


_ASCII_LOWER = re.compile("[a-z]")


def is_capitals(name: str | None) -> bool:
    """Whether a name is written all in capitals ("LÒ VĂN PẤU"), with at least two letters."""
    cleaned = clean(name)
    if _ASCII_LOWER.search(cleaned):  # a lower-case letter: the usual name answers at once
        return False
    letters = [ch for ch in cleaned if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def title_case(name: str | None) -> str:
    """A name in Vietnamese title case: "LÒ VĂN PẤU" → "Lò Văn Pấu", "NGUYỄN THỊ MINH-KHAI" → "Nguyễn Thị Minh-Khai".

    Each word's first letter upper, the rest lower (so "Đ" stays a capital Đ);
    str.title() would also capitalise after the combining marks of NFD text.
    """
    def word(w: str) -> str:
        return "-".join(part[:1].upper() + part[1:].lower() for part in w.split("-"))

    return " ".join(word(w) for w in clean(name).split(" "))


def search_terms(query: str | None) -> list[str]:
    """A search box's text as folded words ("Nguyễn  văn" → ["nguyen", "van"])."""
    return [w for w in re.split(r"[^0-9a-z]+", fold(query)) if w]
