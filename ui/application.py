"""The window application: Qt set-up, the language, and the session's flow.

``sila`` with no sub-command calls :func:`run_gui`. It opens (and migrates)
the database, then :class:`ShellController` runs the session: on a first run
the administrator's account, then the login dialog, then the main window;
Ctrl+L locks (back to the login dialog) and Ctrl+Q quits.

Tests build the same pieces: :func:`create_qapplication` (reusing pytest-qt's
application), :func:`apply_language`, :func:`open_ui_state` and the controller.
Window state lives in ``<data folder>/ui-state.ini`` (never the registry or
``~/.config``), which keeps each data folder, and each test, separate.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QObject,
    QSettings,
    Qt,
    QTranslator,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app import __version__
from app.config import resolve
from app.errors import UserError
from app.i18n import LANGUAGES, _, current_language, is_rtl, set_language
from app.services.app_services import AppServices
from app.services.context import Actor
from app.text.bidi import isolate_ltr
from ui.common.ops import wait_for_idle
from ui.login.first_admin_dialog import FirstAdminDialog
from ui.login.login_dialog import LoginDialog
from ui.shell.crash_dialog import CrashReporter
from ui.shell.main_window import MainWindow
from ui.theme import apply_theme

ORGANISATION = "Sila"
APPLICATION = "sila"
UI_STATE_FILE = "ui-state.ini"
ERROR_LOG_FILE = "sila-errors.log"
LANGUAGE_KEY = "language"
LAST_USER_KEY = "login/last_user"
EXIT_OK = 0
EXIT_BUG = 1
EXIT_USER_ERROR = 2

# Qt's own translations (standard dialogs' buttons…), replaced on each language switch.
_qt_translators: list[QTranslator] = []


def create_qapplication(lang: str, argv: list[str] | None = None) -> QApplication:
    """The QApplication (created, or the existing one in tests) with Sila's names, look and language."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    apply_theme(app)
    apply_language(app, lang)
    return app


def apply_language(app: QApplication, lang: str) -> None:
    """Switch the whole application to ``lang`` ("ar" or "en"), live.

    Our catalog, Qt's own ``qtbase_<lang>`` translation, and the layout direction
    (right to left in Arabic) change together; every open widget then receives
    ``QEvent.Type.LanguageChange`` and retranslates itself.
    """
    set_language(lang)
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators.clear()
    if lang != "en":
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{lang}", folder):
            app.installTranslator(translator)
            _qt_translators.append(translator)
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_rtl() else Qt.LayoutDirection.LeftToRight)
    # Qt only posts LanguageChange when its own translators change; ours changed too,
    # and the widgets should show the new language before this returns.
    for widget in app.topLevelWidgets():
        QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))


def open_ui_state(data_dir: os.PathLike[str] | str) -> QSettings:
    """Window geometry and similar per-desk state: ``<data_dir>/ui-state.ini``."""
    return QSettings(os.path.join(os.fspath(data_dir), UI_STATE_FILE), QSettings.Format.IniFormat)


class ShellController(QObject):
    """The session: first administrator → login → main window, lock and back, quit.

    Signals:
        window_opened(MainWindow): a main window was shown for a newly logged-in user.
        finished(int): the user quit; the exit status for the application.
    """

    window_opened = Signal(object)
    finished = Signal(int)

    def __init__(self, app: QApplication, services: AppServices, ui_state: QSettings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._services = services
        self._ui_state = ui_state
        self._window: MainWindow | None = None
        self._dialog: QDialog | None = None

    @property
    def window(self) -> MainWindow | None:
        return self._window

    @property
    def dialog(self) -> QDialog | None:
        """The login or first-run dialog on screen, if any."""
        return self._dialog

    def start(self, *, first_run: bool, user_name: str = "") -> None:
        if first_run:
            dialog = FirstAdminDialog(self._services)
            dialog.admin_created.connect(self._on_dialog_logged_in)
            self._show_dialog(dialog)
        else:
            last = self._ui_state.value(LAST_USER_KEY)
            self._show_login(user_name or (last if isinstance(last, str) else ""), locked=False)

    def quit(self) -> None:
        """Close the window (saving its state) and finish."""
        self._close_window()
        self._drop_dialog()
        self.finished.emit(EXIT_OK)

    # --- private -------------------------------------------------------------
    def _show_login(self, user_name: str, *, locked: bool) -> None:
        dialog = LoginDialog(self._services, user_name, locked=locked)
        dialog.logged_in.connect(self._on_dialog_logged_in)
        self._show_dialog(dialog)

    def _show_dialog(self, dialog: QDialog) -> None:
        self._drop_dialog()
        dialog.rejected.connect(self._on_dialog_rejected)
        self._dialog = dialog
        dialog.show()
        dialog.activateWindow()

    def _drop_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.rejected.disconnect(self._on_dialog_rejected)
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None

    def _close_window(self) -> None:
        if self._window is not None:
            window, self._window = self._window, None
            window.closed.disconnect(self._on_window_closed)
            window.close()  # saves its geometry
            window.deleteLater()

    def _open_window(self, actor: Actor) -> None:
        window = MainWindow(self._services, actor, self._ui_state)
        window.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        window.lock_requested.connect(self._on_window_lock_requested)
        window.language_requested.connect(self._on_window_language_requested)
        window.closed.connect(self._on_window_closed)
        self._window = window
        window.show()
        self.window_opened.emit(window)

    @Slot(object)
    def _on_dialog_logged_in(self, actor: Actor) -> None:
        self._ui_state.setValue(LAST_USER_KEY, actor.name)
        if self._window is not None and self._window.actor.user_id == actor.user_id:
            self._window.show()  # the same user unlocked: everything as it was
            self._window.activateWindow()
        else:
            self._close_window()  # another user: their own window, with their areas
            self._open_window(actor)
        self._drop_dialog()

    @Slot()
    def _on_dialog_rejected(self) -> None:
        self.quit()

    @Slot()
    def _on_window_lock_requested(self) -> None:
        if self._window is None:
            return
        actor = self._window.actor
        self._window.hide()
        self._show_login(actor.name, locked=True)

    @Slot(str)
    def _on_window_language_requested(self, lang: str) -> None:
        apply_language(self._app, lang)
        self._ui_state.setValue(LANGUAGE_KEY, lang)

    @Slot()
    def _on_window_closed(self) -> None:
        self._window = None
        self.quit()


def _show_startup_error(message: str) -> None:
    QMessageBox.critical(None, _("Sila"), message)


def run_gui(args: argparse.Namespace) -> int:
    """Open the window; returns the exit status (2 when a :class:`UserError` stops the start)."""
    lang = args.lang or current_language()
    app = create_qapplication(lang)
    app.setQuitOnLastWindowClosed(False)  # the controller decides when the session ends
    try:
        location = resolve(args.data_dir, args.db)
    except UserError as exc:
        _show_startup_error(exc.message)
        return EXIT_USER_ERROR
    ui_state = open_ui_state(location.data_dir)
    stored = ui_state.value(LANGUAGE_KEY)
    if args.lang is None and stored in LANGUAGES and stored != current_language():
        apply_language(app, str(stored))
    reporter = CrashReporter(location.data_dir / ERROR_LOG_FILE)
    reporter.install()
    services: AppServices | None = None
    try:
        services = AppServices.open(location)
        if not services.is_initialised:
            services.initialise(args.site)
        controller = ShellController(app, services, ui_state)
        controller.finished.connect(app.exit)
        controller.start(first_run=services.needs_first_admin(),
                         user_name=args.user or os.environ.get("SILA_USER", ""))
        return app.exec()
    except UserError as exc:
        _show_startup_error(exc.message)
        return EXIT_USER_ERROR
    except Exception:
        reporter.write_log(traceback.format_exc())
        _show_startup_error(_("Sila could not start; the details were written to {path}.").format(
            path=isolate_ltr(str(reporter.log_path))))
        return EXIT_BUG
    finally:
        wait_for_idle()
        if services is not None:
            services.close()
        reporter.uninstall()
        ui_state.sync()
