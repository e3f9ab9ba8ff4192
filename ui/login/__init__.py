"""Logging in: the login (and lock) dialog, and the first-run administrator dialog."""
