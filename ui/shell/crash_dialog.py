"""What a user sees when Sila hits a bug: one calm sentence, the details on request,
and the traceback written to ``<data folder>/sila-errors.log`` for whoever fixes it.

:class:`CrashReporter` is installed as ``sys.excepthook`` by ``run_gui``; an
exception that escapes a slot (an :class:`~ui.common.ops.Op` re-raises bugs
on the UI thread) arrives there. A :class:`~app.errors.UserError` that no
screen caught is not a crash: it is shown as its own sentence.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.errors import UserError
from app.i18n import _
from app.text.bidi import isolate_ltr

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


class CrashDialog(QDialog):
    """One sentence, a "Show details" button and the traceback (hidden until asked for)."""

    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self._log_path = log_path
        self.setWindowModality(Qt.WindowModality.ApplicationModal)

        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._sentence = QLabel(self)
        self._sentence.setObjectName("crashSentence")
        self._sentence.setWordWrap(True)
        self._sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._details = QPlainTextEdit(self)
        self._details.setReadOnly(True)
        self._details.setPlainText(details)
        self._details.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # tracebacks read left to right
        self._details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._details.setVisible(False)

        self._buttons = QDialogButtonBox(self)
        self._toggle = QPushButton(self)
        self._toggle.setCheckable(True)
        self._toggle.setAutoDefault(False)
        self._copy = QPushButton(self)
        self._copy.setAutoDefault(False)
        self._buttons.addButton(self._toggle, QDialogButtonBox.ButtonRole.ActionRole)
        self._buttons.addButton(self._copy, QDialogButtonBox.ButtonRole.ActionRole)
        self._close = self._buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self._close.setDefault(True)

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(icon)
        top.addWidget(self._sentence, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.addLayout(top)
        layout.addWidget(self._details, 1)
        layout.addWidget(self._buttons)
        self._connect_signals()
        self.retranslate_ui()
        hint = self.minimumSizeHint()  # fixed before showing: see ui.login.login_dialog
        self.setMinimumSize(max(520, hint.width()), hint.height())

    def _connect_signals(self) -> None:
        self._toggle.toggled.connect(self._on_toggle_toggled)
        self._copy.clicked.connect(self._on_copy_clicked)
        self._buttons.rejected.connect(self.reject)

    def details(self) -> str:
        return self._details.toPlainText()

    def sentence(self) -> str:
        return self._sentence.text()

    def details_visible(self) -> bool:
        return self._details.isVisibleTo(self)

    def add_details(self, details: str) -> None:
        """Another error arrived while the dialog is open: append it instead of stacking dialogs."""
        self._details.appendPlainText("\n" + details)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Sila — unexpected error"))
        sentence = _("Something went wrong and Sila could not finish what it was doing. "
                     "What was already saved is safe.")
        if self._log_path is not None:
            sentence += " " + _("The details were written to {path}.").format(
                path=isolate_ltr(str(self._log_path)))
        self._sentence.setText(sentence)
        self._toggle.setText(_("Hide details") if self._toggle.isChecked() else _("Show details"))
        self._copy.setText(_("Copy details"))
        self._close.setText(_("Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot(bool)
    def _on_toggle_toggled(self, checked: bool) -> None:
        self._details.setVisible(checked)
        self.retranslate_ui()
        hint = self.sizeHint()
        self.resize(max(self.width(), hint.width()), hint.height() if checked else self.minimumHeight())

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details())


class CrashReporter(QObject):
    """The ``sys.excepthook`` of the window: log the traceback, then tell the user."""

    def __init__(self, log_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self._previous: ExceptHook | None = None
        self._dialog: CrashDialog | None = None
        self._message: QMessageBox | None = None

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        if self._previous is not None and sys.excepthook == self.handle:
            sys.excepthook = self._previous
        self._previous = None

    def dialog(self) -> CrashDialog | None:
        return self._dialog

    def handle(self, exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            (self._previous or sys.__excepthook__)(exc_type, exc, tb)
            return
        if isinstance(exc, UserError):
            self._show_user_error(exc)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        self.write_log(details)
        if threading.current_thread() is threading.main_thread():
            self._show(details)

    def write_log(self, details: str) -> None:
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with self.log_path.open("a", encoding="utf-8") as f:
                f.write(f"==== {stamp} Sila {__version__} ====\n{details}\n")
        except OSError:
            sys.stderr.write(details)

    def _show(self, details: str) -> None:
        if self._dialog is not None and self._dialog.isVisible():
            self._dialog.add_details(details)
            return
        self._dialog = CrashDialog(details, self.log_path)
        self._dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialog.finished.connect(self._on_dialog_finished)
        self._dialog.show()

    def _show_user_error(self, error: UserError) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Sila"), error.message,
                          QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        self._message = box

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        self._dialog = None
