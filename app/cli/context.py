"""What a command handler gets: the parsed options, the open services, the acting user."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.config import resolve
from app.errors import UserError
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor

OpenWindow = Callable[[argparse.Namespace], int]


@dataclass
class CommandContext:
    args: argparse.Namespace
    open_window: OpenWindow | None = None
    _services: AppServices | None = field(default=None, repr=False)

    @property
    def services(self) -> AppServices:
        if self._services is None:
            location = resolve(self.args.data_dir, self.args.db)
            self._services = AppServices.open(location)
        return self._services

    def password(self, prompt: str) -> str:
        """The password from SILA_PASSWORD, or asked without echo on a terminal."""
        from_env = os.environ.get("SILA_PASSWORD")
        if from_env is not None:
            return from_env
        if not sys.stdin.isatty():
            raise UserError("password-needed",
                            "Set SILA_PASSWORD or run the command in a terminal to type the password.")
        return getpass.getpass(prompt)

    def user_name(self) -> str | None:
        return self.args.user or os.environ.get("SILA_USER")

    def login(self) -> Actor:
        """The acting user (``--user``/``SILA_USER`` with the password); refused without one."""
        name = self.user_name()
        if not name:
            raise UserError("login-required",
                            "This command changes data: give --user NAME (or SILA_USER) and the password.")
        return self.services.users.login(name, self.password(_("Password for {name}: ").format(name=name)))

    def close(self) -> None:
        if self._services is not None:
            self._services.close()


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))
