"""The ``sila`` entry point: sub-commands go to the core's command line; no
sub-command opens the window. Qt is imported only when a window is wanted, so
scripts run where no display (or no Qt) is available."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _open_window(args: argparse.Namespace) -> int:
    from ui.application import run_gui

    return run_gui(args)


def main(argv: Sequence[str] | None = None) -> int:
    from app.cli.main import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv, open_window=_open_window)


if __name__ == "__main__":
    raise SystemExit(main())
