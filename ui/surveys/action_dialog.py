"""Turning a weak point into an action (seed 000, procedure steps 6–7), and closing one.

:class:`ActionDialog` asks what to do, who owns it and by when (the Hijri date
shown beside the due date), about which item and programme; the service checks
everything, and a refusal is shown beside its field with nothing saved.
:class:`DoneDialog` records what was done (or that the action was cancelled).

Keyboard: the description has the focus; Tab moves on; Ctrl+Enter saves.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.calendars.formatting import format_hijri
from app.errors import UserError
from app.i18n import N_, _, current_language
from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.records import ActionInfo, ItemStats, ProgrammeInfo
from ui.common.dates import DATE_FORMAT, pydate, qdate
from ui.common.ops import Op
from ui.common.widgets import FieldErrors, error_label
from ui.surveys.analysis_texts import WEAK_MARK, count_text
from ui.theme import Colours

DEFAULT_DAYS = 30
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
ROWS: tuple[tuple[str, str], ...] = (
    ("item", N_("Item")),
    ("programme", N_("Programme")),
    ("description", N_("Action to take")),
    ("owner", N_("Owner")),
    ("due", N_("Due")),
)




def load_owners(services: AppServices, actor: Actor) -> list[tuple[str, str]]:
    """(user name, full name) of the active users an action may be given to. Runs in an Op."""
    return services.survey_actions.owners(actor)


class ActionDialog(QDialog):
    """Signals: loaded (the owners arrived), added(object) (the new :class:`ActionInfo`)."""

    loaded = Signal()
    added = Signal(object)

    def __init__(self, services: AppServices, actor: Actor, *, template_key: str,
                 items: Sequence[ItemStats] = (), weak: Sequence[int] = (), item_id: str = "",
                 programmes: Sequence[ProgrammeInfo] = (), programme: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._template_key = template_key
        self._busy = False
        self.info: ActionInfo | None = None
        self.setObjectName("surveyActionDialog")
        self.setMinimumWidth(620)
        lang = current_language()

        self.title = QLabel(self)
        self.title.setObjectName("sectionTitle")
        self.item_combo = QComboBox(self)
        self.item_combo.addItem("", "")
        for item in items:
            mark = f"{WEAK_MARK} " if item.number in weak else ""
            self.item_combo.addItem(f"{mark}{count_text(item.number)}. {item.text(lang)}", item.item_id)
        self.item_combo.setCurrentIndex(max(self.item_combo.findData(item_id), 0))
        self.programme_combo = QComboBox(self)
        self.programme_combo.addItem("", "")
        for p in programmes:
            self.programme_combo.addItem(p.name, p.number)
        self.programme_combo.setCurrentIndex(max(self.programme_combo.findData(programme), 0)
                                             if programme else 0)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(90)
        self.owner_combo = QComboBox(self)
        self.due_edit = QDateEdit(self)
        self.due_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # before the format (see clients)
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat(DATE_FORMAT)
        self.due_edit.setDate(qdate(date.today() + timedelta(days=DEFAULT_DAYS)))
        self.hijri = QLabel(self)
        self.hijri.setStyleSheet(f"color: {Colours.MUTED};")
        due_row = QWidget(self)
        due_line = QHBoxLayout(due_row)
        due_line.setContentsMargins(0, 0, 0, 0)
        due_line.addWidget(self.due_edit)
        due_line.addWidget(self.hijri, 1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        widgets: dict[str, QWidget] = {"item": self.item_combo, "programme": self.programme_combo,
                                       "description": self.description_edit, "owner": self.owner_combo,
                                       "due": due_row}
        self.labels: dict[str, QLabel] = {}
        self.errors = FieldErrors(self)
        focus = {"description": self.description_edit, "owner": self.owner_combo, "due": self.due_edit}
        for key, _text in ROWS:
            self.labels[key] = self.errors.row(form, key, widgets[key], focus.get(key))
        self.labels["description"].setBuddy(self.description_edit)
        self.labels["owner"].setBuddy(self.owner_combo)
        self.labels["due"].setBuddy(self.due_edit)

        self.save_button = QPushButton(self)
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(False)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addLayout(buttons)

        chain: list[QWidget] = [self.description_edit, self.owner_combo, self.due_edit, self.save_button,
                                self.cancel_button, self.item_combo, self.programme_combo]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.due_edit.dateChanged.connect(self._on_date_changed)
        self.description_edit.textChanged.connect(lambda: self.errors.labels["description"].hide())
        for enter in _ENTER:
            QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | enter), self, self.save)
        self._retranslate()
        self.description_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        actor_, services_ = actor, services
        Op(self, lambda: load_owners(services_, actor_)).on_success(self._on_owners).on_failure(
            self._on_failed).run()

    def _retranslate(self) -> None:
        self.setWindowTitle(_("New action"))
        self.title.setText(_("Turn a weak point into an action"))
        for key, text in ROWS:
            self.labels[key].setText(_(text))
        self.item_combo.setItemText(0, _("No particular item"))
        self.programme_combo.setItemText(0, _("No particular programme"))
        self.description_edit.setPlaceholderText(_("What will be done, and how it will be checked"))
        self.save_button.setText(_("Save"))
        self.save_button.setToolTip("Ctrl+Enter")
        self.cancel_button.setText(_("Cancel"))
        self._on_date_changed(self.due_edit.date())

    def _on_owners(self, owners: list[tuple[str, str]]) -> None:
        self.owner_combo.clear()
        self.owner_combo.addItem(_("Choose…"), "")
        for name, full_name in owners:
            self.owner_combo.addItem(full_name, name)
        self.owner_combo.setCurrentIndex(max(self.owner_combo.findData(self._actor.name), 0))
        self.save_button.setEnabled(True)
        self.loaded.emit()

    @Slot(QDate)
    def _on_date_changed(self, d: QDate) -> None:
        self.hijri.setText(format_hijri(pydate(d)))

    # --- saving --------------------------------------------------------------------------
    @Slot()
    def save(self) -> None:
        if self._busy or not self.save_button.isEnabled():
            return
        self._clear_errors()
        actions, actor = self._services.survey_actions, self._actor
        description = self.description_edit.toPlainText()
        owner = str(self.owner_combo.currentData() or "")
        due = pydate(self.due_edit.date())
        programme = str(self.programme_combo.currentData() or "")
        item_id = str(self.item_combo.currentData() or "")
        key = self._template_key
        self._busy = True
        self.save_button.setEnabled(False)
        (Op(self, lambda: actions.add(actor, description, owner, due, programme=programme,
                                      template_key=key, item_id=item_id), write=True)
         .on_success(self._on_saved)
         .on_failure(self._on_failed)
         .run())

    def _on_saved(self, info: ActionInfo) -> None:
        self._busy = False
        self.info = info
        self.added.emit(info)
        self.accept()

    def _on_failed(self, error: UserError) -> None:
        self._busy = False
        self.save_button.setEnabled(self.owner_combo.count() > 0)
        self.errors.show(error.field, error.message)

    def _clear_errors(self) -> None:
        self.errors.clear()

    def error_text(self, field: str | None = None) -> str:
        return self.errors.text(field)

    @property
    def busy(self) -> bool:
        return self._busy

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()
            return  # Enter in a field saves nothing: Ctrl+Enter saves
        super().keyPressEvent(event)

    def reject(self) -> None:
        if not self._busy:
            super().reject()


class DoneDialog(QDialog):
    """What was done about an action; "Done" or "Cancel the action". Signals: saved(object)."""

    saved = Signal(object)

    def __init__(self, services: AppServices, actor: Actor, action: ActionInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.action = action
        self._busy = False
        self.setMinimumWidth(520)
        self.setWindowTitle(_("Close an action"))
        title = QLabel(action.description, self)
        title.setWordWrap(True)
        title.setObjectName("sectionTitle")
        note_label = QLabel(_("What was done"), self)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(80)
        note_label.setBuddy(self.note_edit)
        self.error = error_label(self)
        self.done_button = QPushButton(_("Mark as done"), self)
        self.done_button.setAutoDefault(False)
        self.cancel_action_button = QPushButton(_("Cancel the action"), self)
        self.cancel_action_button.setAutoDefault(False)
        self.close_button = QPushButton(_("Close"), self)
        self.close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_action_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(note_label)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.done_button.clicked.connect(lambda: self.finish("done"))
        self.cancel_action_button.clicked.connect(lambda: self.finish("cancelled"))
        self.close_button.clicked.connect(self.reject)
        for enter in _ENTER:
            QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | enter), self,
                      lambda: self.finish("done"))
        self.note_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def finish(self, status: str) -> None:
        if self._busy:
            return
        actions, actor, ident = self._services.survey_actions, self._actor, self.action.id
        note = self.note_edit.toPlainText()
        self._busy = True
        (Op(self, lambda: actions.complete(actor, ident, note, status), write=True)
         .on_success(self._on_saved)
         .on_failure(self._on_failed)
         .run())

    def _on_saved(self, info: ActionInfo) -> None:
        self._busy = False
        self.saved.emit(info)
        self.accept()

    def _on_failed(self, error: UserError) -> None:
        self._busy = False
        self.error.setText(error.message)
        self.error.show()
