"""``sila demo [--scale N] [--open]``."""

from __future__ import annotations

import argparse

from app.cli.context import CommandContext, print_json
from app.i18n import _
from app.services.roles import role_label


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help=_("fill the database with demonstration data"))
    p.add_argument("--scale", type=int, default=1,
                   help=_("how much data: 1 is a small office, 1000 a very large one"))
    p.add_argument("--open", action="store_true", help=_("open the window afterwards"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def run(ctx: CommandContext) -> int:
    from app.demo.loader import load_demo

    services = ctx.services
    actor = ctx.login() if services.is_initialised and not services.needs_first_admin() \
        and ctx.user_name() else None
    result = load_demo(services, ctx.args.scale, actor)
    if ctx.args.json:
        print_json({"users": [{"name": n, "role": r.value, "password": p} for n, r, p in result.users],
                    "counts": result.counts})
    else:
        print(_("Demo data is ready. Log in with one of these accounts:"))
        for name, role, password in result.users:
            print(f"  {name:<10} {password:<12} {role_label(role)}")
        for part, count in result.counts.items():
            print(f"  {_(part)}: {count}")
    if ctx.args.open and ctx.open_window is not None:
        return ctx.open_window(ctx.args)
    return 0
