"""Helpers and fixtures for driving widgets like a user."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.calendars.formatting import set_digit_style
from app.services.app_services import AppServices
from ui.application import apply_language, create_qapplication
from ui.common.ops import running_count, wait_for_idle
from ui.theme import apply_theme


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key, Arabic included (``qtbot.keyClicks`` aborts on non-Latin-1)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)


@pytest.fixture
def arabic_app(qapp: QApplication, qtbot: QtBot) -> Iterator[QApplication]:
    """The application as Sila starts it, in Arabic (right to left); left so after the test,
    with no background call still running."""
    app = create_qapplication("ar")
    yield app
    wait_for_idle()
    qtbot.waitUntil(lambda: running_count() == 0)
    apply_language(app, "ar")
    set_digit_style(None)


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    """The application's look (fonts, palette, style sheet) for a page tested on its own."""
    style, font, palette, sheet = qapp.style().name(), qapp.font(), qapp.palette(), qapp.styleSheet()
    apply_theme(qapp)
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)


@pytest.fixture
def rtl(themed: QApplication) -> Iterator[None]:
    themed.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    yield
    themed.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


@pytest.fixture
def drain(qtbot: QtBot, services: AppServices) -> Iterator[None]:
    """No background call may outlive the test database (it closes after this)."""
    yield
    wait_for_idle()
    qtbot.waitUntil(lambda: running_count() == 0)
