"""Moving a freshly written file over the old one, patiently.

On Windows an antivirus scanner or the search indexer opens a file that was
just written and holds it for a moment; `os.replace` over it fails with
"access denied" (PermissionError) in that moment. A few short retries ride
that out; a file held for longer (open in Excel) still fails, and the
caller says so in words the user can act on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

ATTEMPTS = 4
DELAY_S = 0.25


def replace(source: Path, target: Path, *, sleep: Callable[[float], None] | None = None) -> None:
    """os.replace(source, target), retried while the target is held; the last PermissionError is raised."""
    for attempt in range(ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt + 1 == ATTEMPTS:
                raise
            (sleep or time.sleep)(DELAY_S)
