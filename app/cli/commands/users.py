"""``sila user add|list|passwd|role|disable|enable``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from app.cli.context import CommandContext, print_json
from app.errors import UserError
from app.i18n import _
from app.services.roles import Role, role_label


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("user", help=_("manage user accounts"))
    users = p.add_subparsers(dest="user_command", metavar="ACTION", required=True,
                             parser_class=type(p))
    add = users.add_parser("add", help=_("create a user (password from SILA_PASSWORD or a prompt)"))
    add.add_argument("name")
    add.add_argument("--role", required=True, help=", ".join(r.value for r in Role))
    add.add_argument("--full-name", default="", help=_("the person's full name"))
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add)

    ls = users.add_parser("list", help=_("list the users"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=_list)

    role = users.add_parser("role", help=_("change a user's role"))
    role.add_argument("name")
    role.add_argument("role")
    role.set_defaults(handler=_role)

    for verb, active in (("disable", False), ("enable", True)):
        q = users.add_parser(verb, help=_("disable an account") if not active else _("enable an account"))
        q.add_argument("name")
        q.set_defaults(handler=_set_active, active=active)

    pw = users.add_parser("passwd", help=_("set a user's password (NEW_PASSWORD or a prompt)"))
    pw.add_argument("name")
    pw.set_defaults(handler=_passwd)


def _typed_twice(name: str) -> str:
    if not sys.stdin.isatty():
        raise UserError("password-needed",
                        "Set NEW_PASSWORD or run the command in a terminal to type the password.")
    first = getpass.getpass(_("New password for {name}: ").format(name=name))
    if getpass.getpass(_("Repeat the password: ")) != first:
        raise UserError("passwords-differ", "The two passwords are not the same.")
    return first


def _new_password(name: str) -> str:
    """A password an administrator sets for someone: NEW_PASSWORD, or typed twice.

    (SILA_PASSWORD is the administrator's own password here.)
    """
    given = os.environ.get("NEW_PASSWORD")
    return given if given is not None else _typed_twice(name)


def _first_admin_password(name: str) -> str:
    """Nobody is logged in yet: the new administrator's own SILA_PASSWORD, or typed twice."""
    given = os.environ.get("SILA_PASSWORD")
    return given if given is not None else _typed_twice(name)


def _add(ctx: CommandContext) -> int:
    services = ctx.services
    if not services.is_initialised:
        services.initialise(ctx.args.site)
    first = services.needs_first_admin() and ctx.user_name() is None
    services.users.check_new_user(ctx.args.name, ctx.args.role)
    actor = None if first else ctx.login()
    password = _new_password(ctx.args.name) if actor else _first_admin_password(ctx.args.name)
    row = services.users.add(actor, ctx.args.name, ctx.args.role, password, ctx.args.full_name)
    if ctx.args.json:
        print_json({"id": row.id, "name": row.name, "role": row.role.value})
    else:
        print(_("User {name} created ({role}).").format(name=row.name, role=role_label(row.role)))
    return 0


def _list(ctx: CommandContext) -> int:
    rows = ctx.services.users.list(ctx.login())
    if ctx.args.json:
        print_json([{"name": r.name, "full_name": r.full_name, "role": r.role.value,
                     "active": r.active, "locked": r.locked} for r in rows])
        return 0
    for r in rows:
        state = _("active") if r.active else _("disabled")
        print(f"{r.name}\t{role_label(r.role)}\t{state}\t{r.full_name}")
    return 0


def _role(ctx: CommandContext) -> int:
    ctx.services.users.set_role(ctx.login(), ctx.args.name, ctx.args.role)
    print(_("The role of {name} is now {role}.").format(name=ctx.args.name,
                                                       role=role_label(Role(ctx.args.role))))
    return 0


def _set_active(ctx: CommandContext) -> int:
    ctx.services.users.set_active(ctx.login(), ctx.args.name, ctx.args.active)
    message = _("{name} can log in again.") if ctx.args.active else _("{name} can no longer log in.")
    print(message.format(name=ctx.args.name))
    return 0


def _passwd(ctx: CommandContext) -> int:
    actor = ctx.login()
    ctx.services.users.reset_password(actor, ctx.args.name, _new_password(ctx.args.name))
    print(_("The password of {name} was changed.").format(name=ctx.args.name))
    return 0
