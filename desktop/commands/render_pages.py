"""`render-pages FOLDER`: used by the window itself (Xem trước khi in), not by people:
paint the report given on standard input into FOLDER, page by page (see
desktop/ui/reports/page_renderer.py)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("render-pages", help="(chương trình tự dùng khi xem trước bản in)")
    parser.add_argument("folder", type=Path)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from desktop.ui.reports.page_renderer import run_child

    return run_child(args.folder)
