"""Who keeps the client registry: the data steward and the deputy (seed 000 §6.1.4).

Only these two people propose new clients and changes to them; the relations
manager approves. Both are chosen from the users who may work on clients; the
settings service refuses the same person twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from app.errors import UserError
from app.i18n import _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.text.bidi import isolate_ltr
from ui.common.ops import Op
from ui.settings.section import SectionEditor

KEY = "client_stewards"
ROLES = ("steward", "deputy")


class StewardsEditor(SectionEditor):
    """Two lists of users: the data steward and the deputy (or nobody)."""

    keys = (KEY,)

    def __init__(self, services: AppServices, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._users: list[tuple[str, str]] = []  # (user name, full name)
        self._stored: dict[str, str] = {"steward": "", "deputy": ""}
        self._read_only = False
        self.combos: dict[str, QComboBox] = {}
        self._labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for role in ROLES:
            combo = QComboBox(self)
            combo.setMinimumContentsLength(28)
            combo.activated.connect(self._on_combo_activated)
            label = QLabel(self)
            label.setBuddy(combo)
            form.addRow(label, combo)
            self.combos[role] = combo
            self._labels[role] = label
        self.steward_combo = self.combos["steward"]
        self.deputy_combo = self.combos["deputy"]
        self._hint = QLabel(self)
        self._hint.setWordWrap(True)
        form.addRow(self._hint)
        self.retranslate_ui()
        (Op(self, lambda: services.clients.owners(actor))
         .on_success(self._on_users_loaded)
         .on_failure(self._on_users_failed)
         .run())

    def retranslate_ui(self) -> None:
        self._labels["steward"].setText(_("Data steward:"))
        self._labels["deputy"].setText(_("Deputy (when the steward is away):"))
        self._hint.setText(_("Only these two people propose new clients and changes to clients; the "
                             "relations manager approves or rejects each request. While nobody is named, "
                             "every relations officer may propose."))
        self._fill()

    # --- the users -----------------------------------------------------------------
    def _on_users_loaded(self, users: list[tuple[str, str]]) -> None:
        self._users = list(users)
        self._fill()

    def _on_users_failed(self, _error: UserError) -> None:
        """A reader who may not list the users still sees the stored names."""

    def _fill(self, stored: bool = False) -> None:
        """The users in both lists, each showing its chosen person (even one no longer listed).

        ``stored``: show the stored choice, dropping an unsaved one.
        """
        for role, combo in self.combos.items():
            wanted = self._stored.get(role, "")
            if not stored and combo.count():
                wanted = str(combo.currentData() or "")
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("Nobody"), "")
            names = set()
            for name, full in self._users:
                combo.addItem(_("{full_name} ({user})").format(full_name=full, user=isolate_ltr(name)), name)
                names.add(name.casefold())
            if wanted and wanted.casefold() not in names:
                combo.addItem(wanted, wanted)
            combo.setCurrentIndex(max(self._index_of(combo, wanted), 0))
            combo.blockSignals(False)

    @staticmethod
    def _index_of(combo: QComboBox, name: str) -> int:
        for i in range(combo.count()):
            if str(combo.itemData(i)).casefold() == name.casefold():
                return i
        return -1

    # --- SectionEditor -----------------------------------------------------------------
    def load(self, values: Mapping[str, Any]) -> None:
        value = values.get(KEY) or {}
        self._stored = {role: str(value.get(role, "") or "") for role in ROLES}
        self._fill(stored=True)

    def values(self) -> dict[str, Any]:
        return {KEY: {role: str(combo.currentData() or "") for role, combo in self.combos.items()}}

    def select(self, role: str, user: str) -> None:
        """Choose ``user`` ("" for nobody) in the list of ``role`` (tests, keyboard users)."""
        combo = self.combos[role]
        index = self._index_of(combo, user)
        if index >= 0:
            combo.setCurrentIndex(index)
            self.edited.emit()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for combo in self.combos.values():
            combo.setEnabled(not read_only)

    def focus_field(self, field: str | None) -> None:
        if field == KEY:
            self.deputy_combo.setFocus()

    @Slot(int)
    def _on_combo_activated(self, _index: int) -> None:
        self.edited.emit()
