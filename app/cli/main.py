"""The ``sila`` command line (DESIGN.md, "The command line").

Errors are one sentence on stderr and a non-zero exit status, never a
traceback: :class:`~app.errors.UserError` exits with 2, a bug with 1 (its
traceback goes to the log file in the data folder, not to the terminal).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn, cast

from app import __version__, i18n
from app.cli import commands
from app.cli.context import CommandContext, OpenWindow
from app.errors import UserError
from app.i18n import _

EXIT_USER_ERROR = 2
EXIT_BUG = 1

log = logging.getLogger("sila")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One sentence, not argparse's usage dump.
        self.exit(EXIT_USER_ERROR, _("sila: {message} (see sila --help)").format(message=message) + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sila", description=_("Sila: relations management for associations."))
    parser.add_argument("--version", action="version", version=f"sila {__version__}")
    parser.add_argument("--data-dir", help=_("folder for the database, backups and logs"))
    parser.add_argument("--db", help=_("database URL (e.g. a shared PostgreSQL)"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language: ar or en"))
    parser.add_argument("--site", help=_("this site's short code (used by init)"))
    parser.add_argument("--user", help=_("act as this user (or SILA_USER)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.register_all(cast("argparse._SubParsersAction[argparse.ArgumentParser]", sub))
    return parser


def _language(argv: Sequence[str]) -> str:
    # The language must be known before the parser's own texts are built.
    for i, token in enumerate(argv):
        if token == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if token.startswith("--lang="):
            return token.split("=", 1)[1]
    return os.environ.get("SILA_LANG", i18n.DEFAULT_LANGUAGE)


def main(argv: Sequence[str] | None = None, open_window: OpenWindow | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language(argv)
    i18n.set_language(lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE)
    args = build_parser().parse_args(argv)
    ctx = CommandContext(args, open_window)
    try:
        if args.command is None:
            if open_window is None:
                raise UserError("no-window", "Give a command (see sila --help), "
                                "or run sila without one to open the window.")
            return open_window(args)
        return int(args.handler(ctx) or 0)
    except UserError as exc:
        print(_("Error: {message}").format(message=exc.message), file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print(_("Stopped."), file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one sentence here, the details in the log
        where = _write_crash_log(args)
        print(_("Unexpected error ({kind}); the details are in {path}.").format(
            kind=type(exc).__name__, path=where), file=sys.stderr)
        return EXIT_BUG
    finally:
        ctx.close()


def _write_crash_log(args: argparse.Namespace) -> str:
    from app.config import default_data_dir

    folder = args.data_dir or os.environ.get("SILA_DATA_DIR") or str(default_data_dir())
    try:
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "sila-errors.log")
        with open(path, "a", encoding="utf-8") as f:
            f.write(traceback.format_exc() + "\n")
        return path
    except OSError:
        traceback.print_exc()
        return "stderr"
