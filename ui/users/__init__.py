"""The users screen (foundation item 6): accounts, roles, lock-outs."""

from ui.users.page import UsersPage

__all__ = ["UsersPage"]
