"""Where the bundled resources are: beside the package when run from source, in the bundle when frozen."""

from __future__ import annotations

import sys
from pathlib import Path

RESOURCES = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2])) / "resources"
