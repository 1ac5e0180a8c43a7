"""What the operating system lets a test name (issue 14: Vietnamese names on Windows).

Windows names files and arguments in UTF-16, whatever the console's code
page. Linux names them in the locale's encoding: under LANG=C with UTF-8
mode off (the second, legacy-encoding run of the command-line tests in
`dev.py test`) a Vietnamese file name cannot even be created there, which
is Linux's limit, not the program's; such tests are skipped in that run.
"""

from __future__ import annotations

import os
import sys

import pytest


def vietnamese_names_possible() -> bool:
    if os.name == "nt":
        return True
    try:
        "Sổ Làm theo Bác Đồng".encode(sys.getfilesystemencoding())
    except UnicodeEncodeError:
        return False
    return True


needs_vietnamese_names = pytest.mark.skipif(
    not vietnamese_names_possible(), reason="this locale cannot encode Vietnamese file names (Linux, LANG=C)"
)
