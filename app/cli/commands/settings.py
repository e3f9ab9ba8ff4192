"""``sila settings show [KEY]`` and ``sila settings set KEY JSON``."""

from __future__ import annotations

import argparse
import json

from app.cli.context import CommandContext, print_json
from app.errors import UserError
from app.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("settings", help=_("show or change the settings"))
    actions = p.add_subparsers(dest="settings_command", metavar="ACTION", required=True,
                               parser_class=type(p))
    show = actions.add_parser("show", help=_("print the settings as JSON"))
    show.add_argument("key", nargs="?")
    show.set_defaults(handler=_show)
    put = actions.add_parser("set", help=_("change one setting (value as JSON)"))
    put.add_argument("key")
    put.add_argument("value")
    put.set_defaults(handler=_set)


def _show(ctx: CommandContext) -> int:
    settings = ctx.services.settings
    print_json(settings.get(ctx.args.key) if ctx.args.key else settings.all())
    return 0


def _set(ctx: CommandContext) -> int:
    try:
        value = json.loads(ctx.args.value)
    except json.JSONDecodeError:
        value = ctx.args.value  # a bare word is a string
    if not isinstance(value, str | int | float | list | dict | bool):
        raise UserError("invalid-setting", "The value given for “{key}” is not valid.", key=ctx.args.key)
    changes = ctx.services.settings.set(ctx.login(), ctx.args.key, value)
    if changes.settings:
        print(_("Setting {key} saved.").format(key=ctx.args.key))
    else:
        print(_("Setting {key} already had this value.").format(key=ctx.args.key))
    return 0
