"""``sila init``: create (or upgrade) the database, the site and the default settings."""

from __future__ import annotations

import argparse

from app.cli.context import CommandContext, print_json
from app.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help=_("create the database (safe to run again)"))
    p.add_argument("--site-name", help=_("this site's name"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.set_defaults(handler=run)


def run(ctx: CommandContext) -> int:
    result = ctx.services.initialise(ctx.args.site, ctx.args.site_name)
    location = ctx.services.location
    if ctx.args.json:
        print_json({"site": result.site.code, "site_name": result.site.name,
                    "created": result.created, "database": location.db_url if location else None,
                    "backup": str(result.backup) if result.backup else None})
        return 0
    if result.created:
        print(_("Database ready for site {code} ({name}).").format(code=result.site.code,
                                                                   name=result.site.name))
    else:
        print(_("The database is already set up for site {code}; nothing to do.").format(
            code=result.site.code))
    if result.backup:
        print(_("A copy was saved before the upgrade: {path}").format(path=result.backup))
    if ctx.services.needs_first_admin():
        print(_("Next: create the administrator with: sila user add NAME --role admin"))
    return 0
