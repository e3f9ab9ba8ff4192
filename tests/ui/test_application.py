"""The application: fonts, language, the session's flow (first run, login, lock, quit),
the crash reporter and ``run_gui`` itself."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QFontDatabase, QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.config import resolve
from app.errors import UserError
from app.i18n import _, current_language
from app.services.app_services import AppServices
from tests.conftest import ADMIN_NAME, ADMIN_PASSWORD
from ui import application
from ui.application import (
    ShellController,
    apply_language,
    open_ui_state,
    run_gui,
)
from ui.common.ops import running_count, wait_for_idle
from ui.login.first_admin_dialog import FirstAdminDialog
from ui.login.login_dialog import LoginDialog
from ui.shell.crash_dialog import CrashReporter
from ui.shell.main_window import MainWindow
from ui.theme import FONT_FAMILIES

pytestmark = pytest.mark.usefixtures("arabic_app")



def test_application_uses_the_bundled_fonts(arabic_app: QApplication) -> None:
    assert arabic_app.organizationName() == "Sila"
    assert arabic_app.applicationName() == "sila"
    assert arabic_app.font().families() == FONT_FAMILIES
    assert arabic_app.font().pointSizeF() == 11
    assert {"Noto Sans Arabic", "Noto Sans"} <= set(QFontDatabase.families())
    assert not arabic_app.windowIcon().isNull()


def test_language_sets_direction_and_qts_own_translation(arabic_app: QApplication) -> None:
    assert arabic_app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    arabic_cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    assert arabic_cancel not in ("", "Cancel")  # qtbase_ar is installed

    apply_language(arabic_app, "en")
    assert current_language() == "en"
    assert arabic_app.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"

    apply_language(arabic_app, "ar")
    assert arabic_app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == arabic_cancel


def test_ui_state_lives_in_the_data_folder(tmp_path: Path) -> None:
    state = open_ui_state(tmp_path)
    state.setValue("k", "v")
    state.sync()
    assert (tmp_path / "ui-state.ini").is_file()


# --- crash reporting -------------------------------------------------------------

def _raise_and_report(reporter: CrashReporter, error: BaseException) -> None:
    try:
        raise error
    except BaseException:
        reporter.handle(*sys.exc_info())


def test_a_bug_is_logged_and_explained(qtbot: QtBot, tmp_path: Path) -> None:
    reporter = CrashReporter(tmp_path / "sila-errors.log")
    _raise_and_report(reporter, ZeroDivisionError("boom"))
    log = (tmp_path / "sila-errors.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError: boom" in log
    assert "_raise_and_report" in log

    dialog = reporter.dialog()
    assert dialog is not None  # deletes itself on close: not given to qtbot
    qtbot.waitExposed(dialog)
    assert "sila-errors.log" in dialog.sentence()
    assert "ZeroDivisionError" not in dialog.sentence()
    assert not dialog.details_visible()
    toggle = next(b for b in dialog.findChildren(QPushButton) if b.isCheckable())
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert dialog.details_visible()
    assert "ZeroDivisionError: boom" in dialog.details()

    _raise_and_report(reporter, KeyError("second"))  # joins the open dialog
    assert reporter.dialog() is dialog
    assert "KeyError" in dialog.details()
    dialog.close()
    assert reporter.dialog() is None


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")  # QMessageBox
def test_an_uncaught_user_error_is_just_its_sentence(qtbot: QtBot, tmp_path: Path) -> None:
    reporter = CrashReporter(tmp_path / "sila-errors.log")
    _raise_and_report(reporter, UserError("demo", "The user name or the password is not correct."))
    assert not (tmp_path / "sila-errors.log").exists()
    assert reporter.dialog() is None
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert box.text() == _("The user name or the password is not correct.")
    box.close()


def test_reporter_installs_and_uninstalls(tmp_path: Path) -> None:
    previous = sys.excepthook
    reporter = CrashReporter(tmp_path / "sila-errors.log")
    reporter.install()
    try:
        assert sys.excepthook == reporter.handle
    finally:
        reporter.uninstall()
    assert sys.excepthook is previous


# --- the session ----------------------------------------------------------------

def _type(qtbot: QtBot, text: str) -> None:
    """Type into whatever has the focus, Arabic included (QTest.keyClicks knows only Latin-1)."""
    widget = QApplication.focusWidget()
    assert widget is not None
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _press(qtbot: QtBot, key: Qt.Key) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key)


def _active(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=10_000)


def _controller(arabic_app: QApplication, services: AppServices, data_dir: Path) -> ShellController:
    return ShellController(arabic_app, services, open_ui_state(data_dir))


def test_login_opens_the_window_and_lock_returns_to_login(qtbot: QtBot, arabic_app: QApplication,
                                                          services: AppServices, data_dir: Path) -> None:
    controller = _controller(arabic_app, services, data_dir)
    controller.start(first_run=False)
    login = controller.dialog
    assert isinstance(login, LoginDialog)
    _active(qtbot, login)
    with qtbot.waitSignal(controller.window_opened, timeout=10_000) as opened:
        _type(qtbot, ADMIN_NAME)
        _press(qtbot, Qt.Key.Key_Tab)
        _type(qtbot, ADMIN_PASSWORD)
        _press(qtbot, Qt.Key.Key_Return)
    window = opened.args[0]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert controller.dialog is None
    _active(qtbot, window)
    window.show_area("reports")

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    lock = controller.dialog
    assert isinstance(lock, LoginDialog)
    assert lock.user_edit.text() == ADMIN_NAME
    _active(qtbot, lock)
    assert QApplication.focusWidget() is lock.password_edit
    with qtbot.assertNotEmitted(controller.window_opened):
        _type(qtbot, ADMIN_PASSWORD)
        _press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(window.isVisible, timeout=10_000)
    assert controller.window is window  # the same user finds everything as it was
    assert window.current_area() == "reports"

    with qtbot.waitSignal(controller.finished, timeout=5000) as finished:
        window.close()
    assert finished.args == [0]
    assert open_ui_state(data_dir).value("login/last_user") == ADMIN_NAME


def test_a_wrong_password_does_not_open_the_window(qtbot: QtBot, arabic_app: QApplication,
                                                   services: AppServices, data_dir: Path) -> None:
    controller = _controller(arabic_app, services, data_dir)
    controller.start(first_run=False, user_name=ADMIN_NAME)
    login = controller.dialog
    assert isinstance(login, LoginDialog)
    _active(qtbot, login)
    with qtbot.assertNotEmitted(controller.window_opened):
        _type(qtbot, "wrong-password")
        _press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(login.error_text()), timeout=10_000)
    assert controller.window is None
    with qtbot.waitSignal(controller.finished, timeout=5000):
        _press(qtbot, Qt.Key.Key_Escape)  # Escape on the login dialog quits


def test_first_run_asks_for_the_administrator(qtbot: QtBot, arabic_app: QApplication,
                                              tmp_path: Path) -> None:
    services = AppServices.open(resolve(str(tmp_path / "fresh")))
    try:
        services.initialise()
        controller = ShellController(arabic_app, services, open_ui_state(tmp_path / "fresh"))
        controller.start(first_run=services.needs_first_admin())
        dialog = controller.dialog
        assert isinstance(dialog, FirstAdminDialog)
        _active(qtbot, dialog)
        with qtbot.waitSignal(controller.window_opened, timeout=10_000) as opened:
            for i, value in enumerate(["نورة", "noura", "noura-pass-1", "noura-pass-1"]):
                _type(qtbot, value)
                _press(qtbot, Qt.Key.Key_Return if i == 3 else Qt.Key.Key_Tab)
        window = opened.args[0]
        qtbot.addWidget(window)
        assert window.actor.name == "noura"
        assert "users" in window.area_keys()
        qtbot.waitUntil(lambda: window.context() is not None, timeout=10_000)
        assert "HQ" in window.status.summary()  # the default site code
        controller.quit()
    finally:
        wait_for_idle()
        qtbot.waitUntil(lambda: running_count() == 0)
        services.close()


# --- run_gui ----------------------------------------------------------------------

def _args(data_dir: Path, **overrides: object) -> argparse.Namespace:
    values: dict[str, object] = {"data_dir": str(data_dir), "db": None, "lang": None, "site": None,
                                 "user": None, "command": None}
    values.update(overrides)
    return argparse.Namespace(**values)


def _poll(step: Callable[[], bool]) -> QTimer:
    """Call ``step`` every 20 ms from the event loop until it returns True."""
    timer = QTimer()
    timer.setInterval(20)

    def tick() -> None:
        if step():
            timer.stop()

    timer.timeout.connect(tick)
    timer.start()
    return timer


def test_run_gui_logs_in_and_quits(qtbot: QtBot, arabic_app: QApplication, data_dir: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The real entry point: the login dialog, the window in English, Ctrl+Q, exit status 0."""
    seen: dict[str, object] = {}

    def drive() -> bool:
        visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        login = next((w for w in visible if isinstance(w, LoginDialog)), None)
        window = next((w for w in visible if isinstance(w, MainWindow)), None)
        if login is not None and "login" not in seen:
            seen["login"] = login.user_edit.text()
            login.password_edit.setText(ADMIN_PASSWORD)
            qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
        elif window is not None:
            if not window.isActiveWindow():
                window.activateWindow()  # Ctrl+Q is a window shortcut
            elif window.windowTitle() != "Sila":  # the association's name has arrived
                seen["direction"] = window.layoutDirection()
                seen["title"] = window.windowTitle()
                qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
                return True
        return False

    monkeypatch.setattr(application, "_show_startup_error", lambda message: seen.setdefault("error", message))
    timer = _poll(drive)
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: arabic_app.exit(99))  # never hang the suite
    watchdog.start(20_000)
    try:
        status = run_gui(_args(data_dir, lang="en", user=ADMIN_NAME))
    finally:
        timer.stop()
        watchdog.stop()
        arabic_app.setQuitOnLastWindowClosed(True)
    assert status == 0, seen
    assert seen["login"] == ADMIN_NAME
    assert seen["direction"] == Qt.LayoutDirection.LeftToRight
    assert seen["title"] == "Al-Birr Charitable Association — Sila"
    assert "error" not in seen
    assert not (data_dir / "sila-errors.log").exists()
    assert sys.excepthook is not None and "CrashReporter" not in repr(sys.excepthook)


def test_run_gui_says_why_it_cannot_start(arabic_app: QApplication, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    messages: list[str] = []
    monkeypatch.setattr(application, "_show_startup_error", messages.append)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert run_gui(_args(not_a_folder)) == 2
    assert messages == [_("The data folder {path} cannot be written to.").format(path=str(not_a_folder))]
