"""Legacy Vietnamese encodings (TCVN3/ABC and VNI Windows) to Unicode and back.

Old member lists in communes were typed before Unicode, with 8-bit fonts: what
the file stores are Latin-1 characters that only look Vietnamese in the right
font ("NguyÔn V¨n An" in .VnTime, "Nguyeãn Vaên An" in VNI-Times). Importers
call `convert_cell()` on every text cell; it decides by the cell's font first
and by the shape of the text otherwise, and says which encoding it undid so the
importer can tell the user.

Pure Python on purpose (no Qt, no openpyxl): the importers and the tests share it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

LegacyEncoding = Literal["tcvn3", "vni"]

_BASES = "aăâeêioôơuưy"
# Column order of every table row below: no tone, huyền, sắc, hỏi, ngã, nặng.
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_SAC, _NANG = "\u0301", "\u0323"

# TCVN3 as the ABC fonts (.VnTime, .VnArial) implement it (the "VN3" subset of
# TCVN 5712:1993): one byte per lowercase letter, rows in _BASES order. Kept as
# hex so it can be checked against the standard's code chart byte by byte.
_TCVN3_ROWS = (
    "61 b5 b8 b6 b7 b9",  # a
    "a8 bb be bc bd c6",  # ă
    "a9 c7 ca c8 c9 cb",  # â
    "65 cc d0 ce cf d1",  # e
    "aa d2 d5 d3 d4 d6",  # ê
    "69 d7 dd d8 dc de",  # i
    "6f df e3 e1 e2 e4",  # o
    "ab e5 e8 e6 e7 e9",  # ô
    "ac ea ed eb ec ee",  # ơ
    "75 ef f3 f1 f2 f4",  # u
    "ad f5 f8 f6 f7 f9",  # ư
    "79 fa fd fb fc fe",  # y
)
# VN3 has no codes for capitals with tones: documents wrote them with the "H"
# fonts (.VnTimeH), which draw every lowercase code as a capital. These seven
# capitals are the only ones with codes of their own, in both font families.
_TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}
_TCVN3_D = 0xAE  # đ

# VNI Windows: a base letter followed by a mark character, except for the
# letters with a code of their own (ơ ư and the i row, ỵ, đ). Capitals use the
# capital form of every character: "Ñaëng" = "Đặng", "NGUYEÃN" = "NGUYỄN".
_VNI_ROWS = (
    "a aø aù aû aõ aï",
    "aê aè aé aú aü aë",
    "aâ aà aá aå aã aä",
    "e eø eù eû eõ eï",
    "eâ eà eá eå eã eä",
    "i ì í æ ó ò",
    "o oø où oû oõ oï",
    "oâ oà oá oå oã oä",
    "ô ôø ôù ôû ôõ ôï",
    "u uø uù uû uõ uï",
    "ö öø öù öû öõ öï",
    "y yø yù yû yõ î",
)
_VNI_D = "ñ"  # đ


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _build_tables() -> tuple[dict[int, str], dict[int, str], dict[int, str], dict[str, str]]:
    """Derive all four directions from the rows, so the tables cannot disagree."""
    to_tcvn3: dict[int, str] = {ord("đ"): chr(_TCVN3_D)}
    from_tcvn3: dict[int, str] = {_TCVN3_D: "đ"}
    to_vni: dict[int, str] = {ord("đ"): _VNI_D, ord("Đ"): _VNI_D.upper()}
    from_vni: dict[str, str] = {_VNI_D: "đ", _VNI_D.upper(): "Đ"}
    for base, tcvn3_row, vni_row in zip(_BASES, _TCVN3_ROWS, _VNI_ROWS, strict=True):
        for tone, tcvn3_hex, vni in zip(_TONES, tcvn3_row.split(), vni_row.split(), strict=True):
            lower = _nfc(base + tone)
            upper = lower.upper()
            code = chr(int(tcvn3_hex, 16))
            to_tcvn3[ord(lower)] = code
            # A capital without a code of its own falls back to the lowercase
            # code: that is what Unikey and the ABC keyboards produced too.
            to_tcvn3[ord(upper)] = code.upper() if code.isascii() else code
            if not code.isascii():
                from_tcvn3[ord(code)] = lower
            to_vni[ord(lower)] = vni
            to_vni[ord(upper)] = vni.upper()
            if vni != lower:
                from_vni[vni] = lower
                from_vni[vni.upper()] = upper
                if len(vni) == 2:
                    # Tolerate a capital base with a lowercase mark ("Aù"), a
                    # slip some keyboards made; nothing else reads that way.
                    from_vni[vni[0].upper() + vni[1]] = upper
    for capital, byte in _TCVN3_CAPITALS.items():
        to_tcvn3[ord(capital)] = chr(byte)
        from_tcvn3[byte] = capital
    return to_tcvn3, from_tcvn3, to_vni, from_vni


_TO_TCVN3, _FROM_TCVN3, _TO_VNI, _FROM_VNI = _build_tables()
# Two-character sequences first, so "oâ" is read as ô before "ô" alone as ơ.
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(_FROM_VNI, key=len, reverse=True)))


def encoding_for_font(font_name: str | None) -> tuple[LegacyEncoding, bool] | None:
    """The legacy encoding a font implies, and whether it is a capitals ("H") font.

    The font is the most reliable witness: a cell formatted in .VnTime holds
    TCVN3 whatever its text looks like. ".VnTimeH", ".VnArialH" ... draw every
    letter as a capital, so their text must be read with capitals=True.
    """
    if not font_name:
        return None
    name = font_name.strip()
    folded = name.casefold()
    if folded.startswith(".vn"):
        return "tcvn3", folded.endswith("h")
    if folded.startswith(("vni-", "vni ")):
        return "vni", False
    return None


def tcvn3_to_unicode(text: str, capitals: bool = False) -> str:
    """Decode TCVN3 text; capitals=True for text set in an "H" font (.VnTimeH).

    Only the VN3 codes the ABC fonts use are decoded; other characters (ASCII,
    punctuation) are kept as they are.
    """
    decoded = text.translate(_FROM_TCVN3)
    if capitals:
        # An H font shows every letter as a capital, ASCII ones included.
        decoded = "".join(c.upper() if len(c.upper()) == 1 else c for c in decoded)
    return _nfc(decoded)


def vni_to_unicode(text: str) -> str:
    """Decode VNI Windows text: letter + mark pairs and the single-code letters."""
    return _nfc(_VNI_PATTERN.sub(lambda m: _FROM_VNI[m.group()], text))


def unicode_to_tcvn3(text: str) -> str:
    """Encode to TCVN3 (for tests and fixture files).

    Capitals with a tone have no TCVN3 code: they come out as the lowercase
    code, as the old keyboards typed them, so "Ủy" becomes "ñy" and reads back
    as "ủy" (or "ỦY" with capitals=True). Ă Â Ê Ô Ơ Ư Đ keep their own codes.
    """
    return _nfc(_nfc(text).translate(_TO_TCVN3))


def unicode_to_vni(text: str) -> str:
    """Encode to VNI Windows (for tests and fixture files)."""
    return _nfc(_nfc(text).translate(_TO_VNI))


def to_unicode(text: str, encoding: LegacyEncoding, capitals: bool = False) -> str:
    """Decode `text` from `encoding`; `capitals` only matters for TCVN3."""
    if encoding == "tcvn3":
        return tcvn3_to_unicode(text, capitals)
    return vni_to_unicode(text)


# --- Telling Vietnamese from garbled text -----------------------------------

# Lowercase letter -> (letter without tone, tone mark); consonants included.
_LETTERS: dict[str, tuple[str, str]] = {c: (c, "") for c in "abcdefghijklmnopqrstuvwxyzđ"}
for _base in _BASES:
    for _tone in _TONES:
        _LETTERS[_nfc(_base + _tone)] = (_base, _tone)
# Vietnamese letters outside Latin-1 never occur in TCVN3 or VNI text, so one
# of them proves the text is Unicode already.
_UNICODE_ONLY = frozenset(
    c for letter in _LETTERS for c in (letter, letter.upper()) if ord(c) > 0xFF
)

_ONSETS = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
    "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip
# Every rhyme (vần) of standard Vietnamese, written without tone.
_RHYMES = """
a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
oe oen oeo oet oc oi om on ong op ot ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc uê uêch uênh ui um un ung uơ uôc uôi uôm uôn uông uôt up ut
uy uya uych uyên uyêt uynh uyt uyu
ư ưa ưc ưi ưm ưn ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu
y yêm yên yêt yêu ych ynh yt
""".split()


def _tone_positions(rhyme: str) -> frozenset[int]:
    """Where a rhyme takes its tone mark; both the old and new styles count.

    Garbled text often has letters a Vietnamese word has, but with the tone on
    the wrong vowel ("caù" is VNI for "cá"), so the position matters.
    """
    vowels = len(rhyme) - len(rhyme.lstrip("aăâeêioôơuưy"))
    marked = [i for i in range(vowels) if rhyme[i] in "ăâêôơư"]
    if marked:
        return frozenset({marked[-1]})
    if vowels < len(rhyme) or vowels == 1:
        return frozenset({vowels - 1})
    if rhyme in ("oa", "oe", "uy"):  # hòa/hoà, hòe/hoè, thủy/thuỷ
        return frozenset({0, 1})
    return frozenset({1 if vowels == 3 else 0})


_RHYME_TONES = {rhyme: _tone_positions(rhyme) for rhyme in _RHYMES}
_STOP_CODAS = ("c", "ch", "p", "t")
_GLIDES = ("oa", "oă", "oe", "uâ", "uê", "uy", "uơ")  # after /k/ these are spelled "qu"
# Tokens are split at ASCII punctuation, digits and spaces: no legacy code uses
# them, so a garbled word stays in one piece.
_SEPARATORS = re.compile(r"[\s0-9!-/:-@\[-`{-~\u2010-\u206f]+")


def _spelled_right(onset: str, rhyme: str) -> bool:
    """The spelling rules for c/k/q, g/gh and ng/ngh; "gì" is the one exception."""
    if rhyme[0] == "y" and len(rhyme) > 1:  # yên, yêu; quynh, quýt
        return onset in ("", "qu") if rhyme[1] == "ê" else onset == "qu"
    front = rhyme[0] in "ieêy"
    if onset in ("k", "gh", "ngh"):
        return front
    if onset in ("c", "ng") or (onset == "g" and rhyme[0] != "i"):
        return not front and not (onset == "c" and rhyme.startswith(_GLIDES))
    return not (onset == "qu" and rhyme[0] in "uưo")


def _is_vietnamese_word(word: str) -> bool:
    """Whether `word` (NFC) is one well-formed Vietnamese syllable."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False  # "NguyÔn": a capital inside a word is a legacy code
    letters: list[str] = []
    tone, tone_at = "", -1
    for i, char in enumerate(word.lower()):
        info = _LETTERS.get(char)
        if info is None:
            return False
        if info[1]:
            if tone:
                return False
            tone, tone_at = info[1], i
        letters.append(info[0])
    toneless = "".join(letters)
    for onset in _ONSETS:
        rhyme = toneless[len(onset) :] if toneless.startswith(onset) else ""
        positions = _RHYME_TONES.get(rhyme)
        if positions is None or not _spelled_right(onset, rhyme):
            continue
        if toneless.endswith(_STOP_CODAS) and tone not in (_SAC, _NANG):
            continue  # a syllable ending in a stop takes only sắc or nặng
        if not tone or tone_at - len(onset) in positions:
            return True
    return False


def _words(text: str) -> list[str]:
    """The tokens a conversion could change: those with a non-ASCII character."""
    return [w for w in _SEPARATORS.split(text) if w and not w.isascii()]


def _bad(words: list[str]) -> int:
    return sum(not _is_vietnamese_word(w) for w in words)


def _tcvn3_capitals(words: list[str]) -> bool:
    """Whether TCVN3 words read better as capitals ("NGUYÔN" from a .VnTimeH list)."""
    lower = _bad([tcvn3_to_unicode(w) for w in words])
    return _bad([tcvn3_to_unicode(w, capitals=True) for w in words]) < lower


def _bad_after(words: list[str], encoding: LegacyEncoding) -> int:
    capitals = encoding == "tcvn3" and _tcvn3_capitals(words)
    return _bad([to_unicode(w, encoding, capitals) for w in words])


def detect_encoding(text: str) -> LegacyEncoding | None:
    """Guess the legacy encoding of `text` from its shape alone, or None.

    For files without font information (.xls/.ods read with calamine). It is
    conservative: it answers only when the text does not read as Vietnamese as
    it stands and does after decoding. Text that reads both ways ("Hoàng" is
    Unicode for Hoàng and VNI for Hồng) stays None; passing several cells of a
    column joined by newlines gives a surer answer than one short cell.
    """
    text = _nfc(text)
    if text.isascii() or any(c in _UNICODE_ONLY for c in text):
        return None
    words = _words(text)
    before = _bad(words)
    if before == 0:
        return None
    tolerated = len(words) // 5  # a foreign word or a typo in longer text
    tcvn3, vni = _bad_after(words, "tcvn3"), _bad_after(words, "vni")
    best: LegacyEncoding = "tcvn3" if tcvn3 < vni else "vni"
    if min(tcvn3, vni) >= before or min(tcvn3, vni) > tolerated or tcvn3 == vni:
        return None  # still garbled, or both read as Vietnamese: do not guess
    return best


def convert_cell(text: str, font_name: str | None) -> tuple[str, LegacyEncoding | None]:
    """The importers' entry point: NFC Unicode text and the encoding undone.

    The font decides first, but a legacy font does not always hold legacy
    text (a cell can keep its old font after its text was converted), so text
    that already is Unicode Vietnamese, or that decoding would make less
    Vietnamese, is left alone. Without a legacy font the shape decides.
    Returns the encoding None when the text was not changed.
    """
    text = _nfc(text)
    if text.isascii() or any(c in _UNICODE_ONLY for c in text):
        return text, None
    words = _words(text)
    by_font = encoding_for_font(font_name)
    if by_font is not None:
        encoding, capitals = by_font
        converted = to_unicode(text, encoding, capitals)
        after = _bad([to_unicode(w, encoding, capitals) for w in words])
        if converted == text or after > _bad(words):
            return text, None
        return converted, encoding
    detected = detect_encoding(text)
    if detected is None:
        return text, None
    capitals = detected == "tcvn3" and _tcvn3_capitals(words)
    return to_unicode(text, detected, capitals), detected
