"""Dates in widgets: Python ``date`` ↔ ``QDate``, and the date field every form uses."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QWidget

# Day/month/year as Saudi forms write them; shown left to right whatever the layout.
DATE_FORMAT = "d/M/yyyy"


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def date_edit(parent: QWidget | None = None, d: date | None = None) -> QDateEdit:
    """A date field with a calendar pop-up, day/month/year, left to right."""
    edit = QDateEdit(parent)
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # before the format, or RTL reverses it
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    if d is not None:
        edit.setDate(qdate(d))
    return edit
