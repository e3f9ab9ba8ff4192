"""``sila programmes add|list|show|update|close``: the programme and activity portfolio.

A programme is named on the command line by its number (``PG-HQ-0001``, any
case) or by its exact name. ``--json`` gives the number as ``id`` (what the
other commands take), ISO dates and the stable identifiers of kinds, centres
and statuses; the text output is for people.
"""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any

from app.calendars.formatting import format_dual
from app.cli.context import CommandContext, print_json
from app.clients.importing import parse_day
from app.i18n import _
from app.services.settings import SettingsService, label_of
from app.surveys.labels import PROGRAMME_STATUS_LABELS
from app.surveys.records import PROGRAMME_STATUSES, ProgrammeInfo


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("programmes", help=_("programmes and activities: add, list, show, update and close"))
    actions = p.add_subparsers(dest="programmes_command", metavar="ACTION", required=True,
                               parser_class=type(p))

    add = actions.add_parser("add", help=_("add a programme or activity"))
    add.add_argument("name", help=_("the programme's name"))
    _fields(add)
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add)

    ls = actions.add_parser("list", help=_("the programmes, newest first"))
    ls.add_argument("--status", default="", help=", ".join(PROGRAMME_STATUSES))
    ls.add_argument("--centre", default="", help=_("the centre or branch"))
    ls.add_argument("--search", default="", help=_("words of the name, or the number"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=_list)

    show = actions.add_parser("show", help=_("show one programme"))
    show.add_argument("programme", help=_("the programme's number or name"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    update = actions.add_parser("update", help=_("change a programme's details or status"))
    update.add_argument("programme", help=_("the programme's number or name"))
    update.add_argument("--name", help=_("the new name"))
    _fields(update)
    update.add_argument("--json", action="store_true")
    update.set_defaults(handler=_update)

    close = actions.add_parser("close",
                               help=_("mark a programme as closed (its donors may then be surveyed)"))
    close.add_argument("programme", help=_("the programme's number or name"))
    close.add_argument("--json", action="store_true")
    close.set_defaults(handler=_close)


def _fields(p: argparse.ArgumentParser) -> None:
    p.add_argument("--centre", help=_("the centre or branch, e.g. HQ"))
    p.add_argument("--city", help=_("the city"))
    p.add_argument("--kind", help=_("the programme kind, e.g. food, education"))
    p.add_argument("--starts", help=_("the first day, e.g. 2026-11-22"))
    p.add_argument("--ends", help=_("the last day, e.g. 2026-11-30"))
    p.add_argument("--status", help=", ".join(PROGRAMME_STATUSES))
    p.add_argument("--description", help=_("a few words on the programme"))


# --- shared with ``sila surveys`` ----------------------------------------------------------


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def programme_json(p: ProgrammeInfo) -> dict[str, Any]:
    return {"id": p.number, "number": p.number, "uuid": p.id, "name": p.name, "kind": p.kind,
            "centre": p.centre, "city": p.city, "starts": iso(p.starts_on), "ends": iso(p.ends_on),
            "status": p.status, "description": p.description, "printed": p.printed, "keyed": p.keyed}


def status_label(status: str) -> str:
    source = PROGRAMME_STATUS_LABELS.get(status)
    return _(source) if source else status


def width(text: str) -> int:
    """Terminal columns: combining marks (tashkeel) take none."""
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(cell + " " * (w - width(cell)) for cell, w in zip(r, widths, strict=True)).rstrip()
            for r in [header, *rows]]


def choice_label(settings: SettingsService, key: str, ident: str) -> str:
    """The translated label of a settings choice (a centre, a kind), or the identifier if unknown."""
    item = next((i for i in settings.get(key) if i["id"] == ident), None) if ident else None
    return label_of(item) if item else ident


def _day(text: str | None) -> date | None:
    return parse_day(text) if text and text.strip() else None


def _changes(a: argparse.Namespace) -> dict[str, Any]:
    """The options given (None = not given), as ProgrammeService field values."""
    changes: dict[str, Any] = {}
    for option, name in (("centre", "centre"), ("city", "city"), ("kind", "kind"), ("status", "status"),
                         ("description", "description")):
        value = getattr(a, option)
        if value is not None:
            changes[name] = value.strip()
    if a.starts is not None:
        changes["starts_on"] = _day(a.starts)
    if a.ends is not None:
        changes["ends_on"] = _day(a.ends)
    return changes


def _print(ctx: CommandContext, p: ProgrammeInfo) -> None:
    if ctx.args.json:
        print_json(programme_json(p))
        return
    settings = ctx.services.settings
    pairs = [
        (_("Number"), p.number), (_("Name"), p.name),
        (_("Kind"), choice_label(settings, "programme_kinds", p.kind)),
        (_("Centre"), choice_label(settings, "centres", p.centre)),
        (_("City"), p.city), (_("Starts"), format_dual(p.starts_on) if p.starts_on else ""),
        (_("Ends"), format_dual(p.ends_on) if p.ends_on else ""), (_("Status"), status_label(p.status)),
        (_("Forms printed"), str(p.printed)), (_("Forms keyed"), str(p.keyed)),
        (_("Description"), p.description),
    ]
    print("\n".join(_("{label}:").format(label=k) + " " + v for k, v in pairs if v))


def _add(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    p = ctx.services.programmes.add(actor, a.name, **_changes(a))
    if a.json:
        print_json(programme_json(p))
    else:
        print(p.number)
    return 0


def _list(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    rows = ctx.services.programmes.list(actor, text=a.search, status=a.status.strip(),
                                        centre=a.centre.strip())
    if a.json:
        print_json([programme_json(p) for p in rows])
        return 0
    if not rows:
        print(_("No programmes match."))
        return 0
    header = [_("Number"), _("Name"), _("Centre"), _("Starts"), _("Status"), _("Printed"), _("Keyed")]
    settings = ctx.services.settings
    body = [[p.number, p.name, choice_label(settings, "centres", p.centre) or "—", iso(p.starts_on) or "—",
             status_label(p.status),
             str(p.printed), str(p.keyed)] for p in rows]
    print("\n".join(table(header, body)))
    return 0


def _show(ctx: CommandContext) -> int:
    actor = ctx.login()
    _print(ctx, ctx.services.programmes.get(actor, ctx.args.programme))
    return 0


def _update(ctx: CommandContext) -> int:
    a = ctx.args
    actor = ctx.login()
    changes = _changes(a)
    if a.name is not None:
        changes["name"] = a.name
    _print(ctx, ctx.services.programmes.update(actor, a.programme, **changes))
    return 0


def _close(ctx: CommandContext) -> int:
    actor = ctx.login()
    p = ctx.services.programmes.update(actor, ctx.args.programme, status="closed")
    if ctx.args.json:
        print_json(programme_json(p))
    else:
        print(_("{number} is now “{status}”.").format(number=p.number, status=status_label(p.status)))
    return 0
