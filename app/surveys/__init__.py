"""Programmes and activities, and the satisfaction surveys about them (DOMAIN.md §3, issue 5)."""
