"""What the title rows above a list's table say about where it comes from.

A commune's list starts with "ĐẢNG BỘ XÃ LA BẰNG" (or "ĐẢNG ỦY XÃ …") in
its letterhead, and a branch's list names its chi bộ in the title:
"DANH SÁCH ĐẢNG VIÊN CHI BỘ BẢN NẬM NGÁ NĂM 2026". When the table has no
Chi bộ or Đảng bộ column, these are the answer on the page: the import
offers them (the wizard prefills its boxes, the command line uses them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop.core import vntext

# Words that end a unit's name inside a title when the next word is a number or
# a date: "… NĂM 2026", "… TÍNH ĐẾN 31/12/2025", "… THÁNG 3/2026" (not "Bản Nậm Ngá").
_STOP_BEFORE_NUMBER = {"nam", "den", "thang", "ngay", "quy", "dot", "co"}
# Administrative words written in lower case after "Đảng bộ": "Đảng bộ xã La Bằng".
_PLACE_WORDS = {"xa", "phuong", "thi", "tran", "huyen", "tinh", "quan", "thanh", "pho", "khoi", "co"}
_PUNCTUATION = re.compile(r"[\"“”«»()\[\]:;,]")


@dataclass(frozen=True)
class TitleUnits:
    committee: str | None = None
    unit: str | None = None


def _name_after(words: list[str], start: int, kind_label: str) -> str | None:
    """The unit's name from words[start:], up to a stop word, as "<Kind> <Name>"."""
    taken: list[str] = []
    rest = words[start:]
    for i, word in enumerate(rest):
        folded = vntext.fold(word)
        following = rest[i + 1] if i + 1 < len(rest) else ""
        if (folded in _STOP_BEFORE_NUMBER and following[:1].isdigit()) or folded == "tinh" \
                or folded[:1].isdigit() or word in ("-", "–", "/"):
            break
        taken.append(word)
    if not taken:
        return None
    name = " ".join(taken)
    if vntext.is_capitals(name):
        name = vntext.title_case(name)
        parts = name.split(" ")
        for i, part in enumerate(parts):
            if vntext.fold(part) not in _PLACE_WORDS:
                break
            parts[i] = part.lower()
        name = " ".join(parts)
    return f"{kind_label} {name}"


def read_titles(rows: Sequence[Sequence[Any]], header_row: int) -> TitleUnits:
    """The đảng bộ and the chi bộ the rows above the header name, if any."""
    committee = unit = None
    for row in rows[:header_row]:
        for cell in row:
            if not isinstance(cell, str) or not cell.strip():
                continue
            words = _PUNCTUATION.sub(" ", vntext.clean(cell)).split()
            folded = [vntext.fold(w) for w in words]
            for i in range(len(words) - 2):
                pair = (folded[i], folded[i + 1])
                if pair == ("chi", "bo") and unit is None:
                    unit = _name_after(words, i + 2, "Chi bộ")
                elif pair in (("dang", "bo"), ("dang", "uy")) and committee is None and i == 0:
                    committee = _name_after(words, i + 2, "Đảng bộ")
    return TitleUnits(committee, unit)
