"""A donor's funding interests (seed 000 §4.1.12): the kinds of programme the donor likes to fund.

One tick box per programme kind of the settings; "Save" replaces the donor's
interests (``services.donor_interests.set``, audited). Opening a programme then
suggests the donors whose interests match its kind.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from ui.clients.labels import ltr
from ui.common.ops import Op
from ui.common.widgets import error_label
from ui.pipeline.opportunity_dialog import HEADING_STYLE, item_label
from ui.theme import Colours


class InterestsDialog(QDialog):
    """Signals:
        loaded: the kinds and the donor's interests arrived.
        saved(object): the donor's interests as saved (a tuple of programme kind ids).
    """

    loaded = Signal()
    saved = Signal(object)

    def __init__(self, services: AppServices, actor: Actor, donor_number: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.donor_number = donor_number
        self.donor_name = ""
        self._busy = False
        self._kinds: list[dict[str, Any]] = []
        self.boxes: dict[str, QCheckBox] = {}
        self.setMinimumWidth(480)
        self.heading = QLabel(self)
        self.heading.setStyleSheet(HEADING_STYLE)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet(f"color: {Colours.MUTED};")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addLayout(self.grid)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self, self.save)
        self.retranslate_ui()
        self._load()

    @property
    def save_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert button is not None
        return button

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Funding interests"))
        name = f"{self.donor_name} – {ltr(self.donor_number)}" if self.donor_name else ltr(self.donor_number)
        self.heading.setText(_("Funding interests of {donor}").format(donor=name))
        self.explanation.setText(_("The kinds of programme this donor likes to fund. A new opportunity for a "
                                   "programme of these kinds suggests this donor."))
        self.save_button.setText(_("Save"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText(_("Cancel"))
        for item in self._kinds:
            box = self.boxes.get(str(item["id"]))
            if box is not None:
                box.setText(item_label(item))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _load(self) -> None:
        services, actor, number = self._services, self._actor, self.donor_number

        def read() -> tuple[list[dict[str, Any]], tuple[str, ...], str]:
            kinds = list(services.settings.get("programme_kinds"))
            name = services.clients.by_number(actor, number).name
            return kinds, services.donor_interests.of(actor, number), name

        Op(self, read).on_success(self._on_loaded).on_failure(self._on_failed).run()

    def _on_loaded(self, result: tuple[list[dict[str, Any]], tuple[str, ...], str]) -> None:
        kinds, chosen, self.donor_name = result
        self._kinds = [k for k in kinds if k.get("active", True) or k.get("id") in chosen]
        for n, item in enumerate(self._kinds):
            ident = str(item["id"])
            box = QCheckBox(item_label(item), self)
            box.setChecked(ident in chosen)
            self.boxes[ident] = box
            self.grid.addWidget(box, n // 2, n % 2)
        self.save_button.setEnabled(True)
        self.retranslate_ui()
        if self._kinds:
            self.boxes[str(self._kinds[0]["id"])].setFocus(Qt.FocusReason.OtherFocusReason)
        self.loaded.emit()

    def chosen(self) -> list[str]:
        return [ident for ident, box in self.boxes.items() if box.isChecked()]

    @Slot()
    def save(self) -> None:
        if self._busy or not self.save_button.isEnabled():
            return
        self.error.hide()
        interests, actor, number, kinds = (self._services.donor_interests, self._actor, self.donor_number,
                                           self.chosen())
        self._busy = True
        self.save_button.setEnabled(False)
        (Op(self, lambda: interests.set(actor, number, kinds), write=True)
         .on_success(self._on_saved)
         .on_failure(self._on_failed)
         .run())

    def _on_saved(self, kinds: tuple[str, ...]) -> None:
        self._busy = False
        self.saved.emit(kinds)
        self.accept()

    def _on_failed(self, error: UserError) -> None:
        self._busy = False
        self.save_button.setEnabled(bool(self.boxes))
        self.error.setText(error.message)
        self.error.show()

    def error_text(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""

    def reject(self) -> None:
        if not self._busy:
            super().reject()
