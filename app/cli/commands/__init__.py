"""Sub-commands; each module adds its parsers with ``register(sub)``.

A handler receives the :class:`~app.cli.context.CommandContext` and returns
the exit status (``None`` meaning 0). Later features add a module here.
"""

from __future__ import annotations

import argparse

from app.cli.commands import (
    campaigns,
    clients,
    complaints,
    contributions,
    demo,
    init,
    opportunities,
    printing,
    programmes,
    settings,
    surveys,
    users,
)

MODULES = (init, users, settings, demo, complaints, clients, contributions, programmes, surveys,
           opportunities, campaigns, printing)


def register_all(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for module in MODULES:
        module.register(sub)
