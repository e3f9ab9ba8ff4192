"""The client form (نموذج إنشاء / تعديل بيانات العملاء): propose a new client or a change.

Every field of :data:`app.clients.fields.FIELDS`, top to bottom in the tab
order, and a note for the approving manager. Nothing is written here: "Send"
checks the values (the same :func:`clean_values` the registry uses), looks for
clients that may be the same one and, if any, shows them first ("Send anyway"
or "Back"); the proposal then goes to :meth:`ClientRequests.propose_create` or
:meth:`~ClientRequests.propose_modify` (a modify sends only the fields that
changed). A refusal shows its sentence beside the field it names and the form
stays open. The last page says the request's number and whether it waits for
the relations manager or was approved at once, and prints the form.

Every service call runs off the UI thread. Ctrl+Enter sends; Enter alone in a
field sends nothing.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.clients.fields import ENTITIES, FIELD_LABELS, STATUSES, changed_fields, clean_values, empty_values
from app.clients.records import ClientDetail, DuplicateMatch, RequestDetail
from app.errors import UserError
from app.i18n import N_, _
from app.services.app_services import AppServices
from app.services.context import Actor
from app.text.bidi import FSI, PDI
from app.text.phone import display_mobile, display_phone
from ui.clients import labels
from ui.clients.labels import (
    ClientVocab,
    entity_label,
    field_label,
    leading,
    ltr,
    reasons_text,
    request_action_label,
    status_label,
)
from ui.common.ops import Op
from ui.common.widgets import error_label, ltr_line_edit
from ui.theme import Colours, ui_font

FORM_PAGE, WARNING_PAGE, DONE_PAGE = 0, 1, 2
FORM_MODULE = "app.clients.form_pdf"
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# A changed field and the duplicate reason it can cause (a modify warns only about those).
_REASON_OF = {"name": "name", "mobile": "mobile", "mobile2": "mobile", "email": "email",
              "national_id": "national_id"}
WARNING_COLUMNS = (N_("Client number"), N_("Name"), N_("Why"))
NOTE_LABEL = N_("Note for the manager")
PRIMARY_STYLE = (f"QPushButton#primaryButton {{ background: {Colours.ACCENT}; color: #ffffff; "
                 f"border-color: {Colours.ACCENT}; font-weight: bold; }}"
                 f"QPushButton#primaryButton:disabled {{ background: #9fc9c4; }}")


def choose_pdf_path(parent: QWidget, default_name: str) -> Path | None:
    """Ask where to save a PDF (tests replace this, or pass the path to ``print_form``)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _filter = QFileDialog.getSaveFileName(parent, _("Save the form"), str(Path(folder) / default_name),
                                                _("PDF document (*.pdf)"))
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def write_request_form(services: AppServices, detail: RequestDetail, path: Path) -> Path:
    """Runs in an Op: the request's form as a PDF at ``path``."""
    from app.clients.form_pdf import form_from_request, write_client_form  # ReportLab loads when printing

    return write_client_form(services, form_from_request(services, detail), path)


class FlowLayout(QLayout):
    """Items in reading order, wrapping onto more lines as the width requires (the kind boxes,
    whose labels are long in English and short in Arabic)."""

    def __init__(self, parent: QWidget | None = None, h_spacing: int = 18, v_spacing: int = 2) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._h, self._v = h_spacing, v_spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        parent = self.parentWidget()
        direction = parent.layoutDirection() if parent is not None else Qt.LayoutDirection.LeftToRight
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if line and x + hint.width() > rect.right() + 1:
                x, y, line = rect.x(), y + line + self._v, 0
            if apply:
                item.setGeometry(QStyle.visualRect(direction, rect, QRect(QPoint(x, y), hint)))
            x += hint.width() + self._h
            line = max(line, hint.height())
        return y + line - rect.y()


class _Field:
    """One labelled input with its error line."""

    def __init__(self, label: QLabel, text: str, widget: QWidget, error: QLabel) -> None:
        self.label = label
        self.text = text
        self.widget = widget
        self.error = error


class ClientEditorDialog(QDialog):
    """Create (``number`` None) or modify a client through a change request.

    Signals:
        loaded: the lists (and the client, for a modify) arrived; the form is ready.
        sent(object): the request was made (its :class:`RequestDetail`).
        form_written(str): the request's form was saved to this PDF.
    """

    loaded = Signal()
    sent = Signal(object)
    form_written = Signal(str)

    def __init__(self, services: AppServices, actor: Actor, number: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.number = number
        self.vocab = ClientVocab()
        self.detail: ClientDetail | None = None  # the client as it is (a modify)
        self.result_detail: RequestDetail | None = None
        self.matches: list[DuplicateMatch] = []
        self._values: dict[str, Any] = {}  # checked values waiting behind the duplicate warning
        self._changed: list[str] = []
        self._busy = False
        self._ready = False
        self.fields: dict[str, _Field] = {}
        self.kind_checks: dict[str, QCheckBox] = {}
        self.setObjectName("clientEditor")
        self.setMinimumSize(860, 640)
        self.resize(900, 760)

        header = QFrame(self)
        header.setObjectName("dialogHeader")
        self.header_title = QLabel(header)
        self.header_title.setObjectName("dialogTitle")
        self.header_hint = QLabel(header)
        self.header_hint.setObjectName("dialogSubtitle")
        self.header_hint.setWordWrap(True)
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(18, 12, 18, 12)
        header_layout.addWidget(self.header_title)
        header_layout.addWidget(self.header_hint)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_form_page())
        self.stack.addWidget(self._build_warning_page())
        self.stack.addWidget(self._build_done_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.stack, 1)

        for key in _ENTER:
            QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self, self._on_send_shortcut)

        self._set_enabled(False)
        self.retranslate_ui()
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._load()

    # --- building ---------------------------------------------------------------------------
    def _build_form_page(self) -> QWidget:
        page = QWidget(self)
        form = QWidget(page)
        self.grid = QGridLayout(form)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(2)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)

        self.entity_combo = self._combo(form)
        for ident in ENTITIES:
            self.entity_combo.addItem("", ident)
        self.name_edit = QLineEdit(form)
        self.name_latin_edit = ltr_line_edit(form)
        self.kinds_box = QWidget(form)
        self.kinds_flow = FlowLayout(self.kinds_box)
        self.national_id_edit = ltr_line_edit(form)
        self.email_edit = ltr_line_edit(form)
        self.mobile_edit = ltr_line_edit(form)
        self.mobile2_edit = ltr_line_edit(form)
        self.phone_edit = ltr_line_edit(form)
        self.channel_combo = self._combo(form)
        self.city_edit = QLineEdit(form)
        self.neighbourhood_edit = QLineEdit(form)
        self.centre_combo = self._combo(form)
        self.owner_combo = self._combo(form)
        self.consent_check = QCheckBox(form)
        self.status_combo = self._combo(form)
        for ident in STATUSES:
            self.status_combo.addItem("", ident)
        self.notes_edit = QPlainTextEdit(form)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(58)
        self.note_edit = QLineEdit(form)

        row = itertools.count()
        r = next(row)
        self._add(r, "name", self.name_edit)
        self._add(r, "name_latin", self.name_latin_edit, second=True)
        r = next(row)
        self._add(r, "entity", self.entity_combo)
        self._add(r, "status", self.status_combo, second=True)
        self._add(next(row), "kinds", self.kinds_box, span=True)
        r = next(row)
        self._add(r, "national_id", self.national_id_edit)
        self._add(r, "email", self.email_edit, second=True)
        r = next(row)
        self._add(r, "mobile", self.mobile_edit)
        self._add(r, "mobile2", self.mobile2_edit, second=True)
        r = next(row)
        self._add(r, "phone", self.phone_edit)
        self._add(r, "channel", self.channel_combo, second=True)
        r = next(row)
        self._add(r, "city", self.city_edit)
        self._add(r, "neighbourhood", self.neighbourhood_edit, second=True)
        r = next(row)
        self._add(r, "centre", self.centre_combo)
        self._add(r, "owner", self.owner_combo, second=True)
        self._add(next(row), "consent", self.consent_check, span=True, label_text="")
        self._add(next(row), "notes", self.notes_edit, span=True)
        self._add(next(row), "note", self.note_edit, span=True, label_text=NOTE_LABEL)
        self.grid.setRowStretch(next(row), 1)

        self.form_scroll = scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form)

        self.notice = QLabel(page)  # a change already waiting, a merged client
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #b45309;")
        self.notice.hide()
        self.general_error = error_label(page)
        self.send_button = self._button(page, self._on_send_clicked)
        self.send_button.setObjectName("primaryButton")
        self.send_button.setStyleSheet(PRIMARY_STYLE)
        self.cancel_button = self._button(page, self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.addWidget(self.notice)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        return page

    def _build_warning_page(self) -> QWidget:
        page = QWidget(self)
        self.warning_title = QLabel(page)
        self.warning_title.setFont(ui_font(13, bold=True))
        self.warning_title.setStyleSheet("color: #b45309;")
        self.warning_text = QLabel(page)
        self.warning_text.setWordWrap(True)
        self.warning_table = QTableWidget(0, len(WARNING_COLUMNS), page)
        self.warning_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.warning_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.warning_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.warning_table.verticalHeader().hide()
        header = self.warning_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.back_button = self._button(page, self._on_back_clicked)
        self.send_anyway_button = self._button(page, self._on_send_anyway_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.send_anyway_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.addWidget(self.warning_title)
        layout.addWidget(self.warning_text)
        layout.addWidget(self.warning_table, 1)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.warning_table, self.back_button)
        QWidget.setTabOrder(self.back_button, self.send_anyway_button)
        return page

    def _build_done_page(self) -> QWidget:
        page = QWidget(self)
        self.done_title = QLabel(page)
        self.done_title.setFont(ui_font(13, bold=True))
        self.done_number = QLabel(page)
        self.done_number.setFont(ui_font(22, bold=True))
        self.done_number.setStyleSheet(f"color: {Colours.ACCENT_DARK};")
        self.done_number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_client = QLabel(page)
        self.done_client.setWordWrap(True)
        self.done_status = QLabel(page)
        self.done_status.setWordWrap(True)
        self.done_notice = QLabel(page)
        self.done_notice.setWordWrap(True)
        self.done_notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_error = error_label(page)
        self.print_button = self._button(page, self._on_print_clicked)
        self.print_button.setEnabled(labels.module_available(FORM_MODULE))
        self.close_button = self._button(page, self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.done_title)
        layout.addWidget(self.done_number)
        layout.addWidget(self.done_client)
        layout.addWidget(self.done_status)
        layout.addWidget(self.done_notice)
        layout.addWidget(self.done_error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _combo(self, parent: QWidget) -> QComboBox:
        combo = QComboBox(parent)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(14)
        return combo

    def _button(self, parent: QWidget, slot: object) -> QPushButton:
        button = QPushButton(parent)
        button.setAutoDefault(False)  # Enter in a field never presses a button (Ctrl+Enter sends)
        button.clicked.connect(slot)
        return button

    def _add(self, row: int, key: str, widget: QWidget, *, span: bool = False, second: bool = False,
             label_text: str | None = None) -> None:
        """``widget`` with its label at ``row`` (the leading pair, the second pair, or across)."""
        label = QLabel(self)
        label.setBuddy(widget)
        error = error_label(self)
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 2)
        column.setSpacing(1)
        column.addWidget(widget)
        column.addWidget(error)
        first_column = 2 if second else 0
        self.grid.addWidget(label, row, first_column, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(box, row, first_column + 1, 1, 3 if span else 1)
        if key not in ("kinds", "notes"):  # a label beside its field's first line
            label.setMinimumHeight(widget.sizeHint().height())
        label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        text = label_text if label_text is not None else _label_source(key)
        self.fields[key] = _Field(label, text, widget, error)

    def _fill_kinds(self, keep: list[str]) -> None:
        for check in self.kind_checks.values():
            self.kinds_flow.removeWidget(check)
            check.deleteLater()
        self.kind_checks = {}
        for ident, text in self.vocab.choices("client_kinds", keep):
            check = QCheckBox(text, self.kinds_box)
            self.kind_checks[ident] = check
            self.kinds_flow.addWidget(check)
            check.show()  # added to a shown form: not shown by itself until the event loop runs
        self._set_tab_order()

    def _fill_combo(self, combo: QComboBox, choices: list[tuple[str, str]], current: str) -> None:
        combo.clear()
        combo.addItem(labels.NO_VALUE, "")
        for ident, text in choices:
            combo.addItem(text, ident)
        combo.setCurrentIndex(max(combo.findData(current), 0))

    def _set_tab_order(self) -> None:
        """Tab walks the form top to bottom, each line in reading order, then the buttons."""
        chain: list[QWidget] = [self.name_edit, self.name_latin_edit, self.entity_combo, self.status_combo,
                                *self.kind_checks.values(), self.national_id_edit, self.email_edit,
                                self.mobile_edit, self.mobile2_edit, self.phone_edit, self.channel_combo,
                                self.city_edit, self.neighbourhood_edit, self.centre_combo, self.owner_combo,
                                self.consent_check, self.notes_edit, self.note_edit, self.send_button,
                                self.cancel_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- texts ------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        if self.number is None:
            self.setWindowTitle(_("New client"))
            self.header_title.setText(_("Propose a new client"))
        else:
            self.setWindowTitle(_("Change client data"))
            name = self.detail.name if self.detail else ""
            self.header_title.setText(_("Propose a change: {name} ({number})").format(
                name=f"{FSI}{name}{PDI}", number=ltr(self.number)))
        self.header_hint.setText(_("Nothing changes until the relations manager approves the request. "
                                   "Send: {key}").format(key=ltr("Ctrl+Enter")))
        for f in self.fields.values():
            f.label.setText(_(f.text) if f.text else "")
        self.consent_check.setText(field_label("consent"))
        for row in range(self.entity_combo.count()):
            self.entity_combo.setItemText(row, entity_label(str(self.entity_combo.itemData(row))))
        for row in range(self.status_combo.count()):
            self.status_combo.setItemText(row, status_label(str(self.status_combo.itemData(row))))
        for ident, check in self.kind_checks.items():
            check.setText(self.vocab.kind(ident))
        for combo, key in ((self.centre_combo, "centres"), (self.channel_combo, "channels")):
            for row in range(1, combo.count()):
                combo.setItemText(row, self.vocab.label(key, str(combo.itemData(row))))
        for edit in (self.mobile_edit, self.mobile2_edit):
            edit.setPlaceholderText("05XXXXXXXX")
        self.national_id_edit.setPlaceholderText(_("10 digits"))
        self.email_edit.setPlaceholderText("name@example.com")
        self.note_edit.setPlaceholderText(_("Why this client is added or changed (optional)"))
        self.send_button.setText(_("Send for approval"))
        self.send_button.setToolTip(ltr("Ctrl+Enter"))
        self.cancel_button.setText(_("Cancel"))
        self.warning_title.setText(_("This client may already be registered"))
        self.warning_text.setText(_("These clients share details with the one you are sending. Check them: "
                                    "if one is the same client, go back and change it instead."))
        self.warning_table.setHorizontalHeaderLabels([_(t) for t in WARNING_COLUMNS])
        self._fill_matches()
        self.back_button.setText(_("Back"))
        self.send_anyway_button.setText(_("Send anyway"))
        self.print_button.setText(_("Print form…"))
        self.close_button.setText(_("Close"))
        self._show_result()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- loading ------------------------------------------------------------------------------
    def _load(self) -> None:
        services, actor, number = self._services, self._actor, self.number

        def read() -> tuple[ClientVocab, ClientDetail | None]:
            detail = services.clients.detail(actor, number) if number else None
            return labels.load_vocab(services, actor), detail

        Op(self, read).on_success(self._on_loaded).on_failure(self._on_load_failed).run()

    def _on_loaded(self, result: tuple[ClientVocab, ClientDetail | None]) -> None:
        self.vocab, self.detail = result
        values = self.detail.values if self.detail else empty_values()
        self._fill_kinds(list(values.get("kinds") or []))
        self._fill_combo(self.centre_combo, self.vocab.choices("centres", [values["centre"]]),
                         values["centre"])
        self._fill_combo(self.channel_combo, self.vocab.choices("channels", [values["channel"]]),
                         values["channel"])
        owners = list(self.vocab.owners.items())
        if values["owner"] and values["owner"] not in self.vocab.owners:
            owners.append((values["owner"], values["owner"]))
        self._fill_combo(self.owner_combo, owners, values["owner"])
        self.set_values(values)
        self._ready = True
        self._set_enabled(True)
        if self.detail is not None and self.detail.merged_into:
            self._show_notice(_("This client was merged into {number}; change that one instead.").format(
                number=ltr(self.detail.merged_into)))
            self.send_button.setEnabled(False)
        elif self.detail is not None and self.detail.pending_request:
            self._show_notice(_("A change to this client is already waiting for approval: {number}.").format(
                number=ltr(self.detail.pending_request)))
        self.retranslate_ui()
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.loaded.emit()

    def _on_load_failed(self, error: UserError) -> None:
        self.general_error.setText(error.message)
        self.general_error.show()
        self.cancel_button.setEnabled(True)

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def _set_enabled(self, enabled: bool) -> None:
        for f in self.fields.values():
            f.widget.setEnabled(enabled)
        self.send_button.setEnabled(enabled)

    # --- values -------------------------------------------------------------------------------
    def set_values(self, values: dict[str, Any]) -> None:
        self.entity_combo.setCurrentIndex(max(self.entity_combo.findData(values["entity"]), 0))
        self.name_edit.setText(values["name"])
        self.name_latin_edit.setText(values["name_latin"])
        for ident, check in self.kind_checks.items():
            check.setChecked(ident in (values["kinds"] or []))
        self.national_id_edit.setText(values["national_id"])
        self.email_edit.setText(values["email"])
        self.mobile_edit.setText(display_mobile(values["mobile"]) if values["mobile"] else "")
        self.mobile2_edit.setText(display_mobile(values["mobile2"]) if values["mobile2"] else "")
        self.phone_edit.setText(display_phone(values["phone"]) if values["phone"] else "")
        self.city_edit.setText(values["city"])
        self.neighbourhood_edit.setText(values["neighbourhood"])
        for combo, key in ((self.centre_combo, "centre"), (self.channel_combo, "channel"),
                           (self.owner_combo, "owner")):
            combo.setCurrentIndex(max(combo.findData(values[key]), 0))
        self.consent_check.setChecked(bool(values["consent"]))
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(values["status"]), 0))
        self.notes_edit.setPlainText(values["notes"])

    def values(self) -> dict[str, Any]:
        """What the form says now, as typed (the registry checks and normalises it)."""
        return {
            "entity": self.entity_combo.currentData() or "person",
            "name": self.name_edit.text(),
            "name_latin": self.name_latin_edit.text(),
            "kinds": [ident for ident, check in self.kind_checks.items() if check.isChecked()],
            "national_id": self.national_id_edit.text(),
            "mobile": self.mobile_edit.text(),
            "mobile2": self.mobile2_edit.text(),
            "phone": self.phone_edit.text(),
            "email": self.email_edit.text(),
            "city": self.city_edit.text(),
            "neighbourhood": self.neighbourhood_edit.text(),
            "centre": self.centre_combo.currentData() or "",
            "channel": self.channel_combo.currentData() or "",
            "owner": self.owner_combo.currentData() or "",
            "consent": self.consent_check.isChecked(),
            "status": self.status_combo.currentData() or "active",
            "notes": self.notes_edit.toPlainText(),
        }

    # --- sending ------------------------------------------------------------------------------
    @Slot()
    def send(self) -> None:
        """Check the values, look for duplicates, then propose (or warn first)."""
        if self._busy or not self._ready or self.stack.currentIndex() != FORM_PAGE \
                or not self.send_button.isEnabled():
            return
        self._clear_errors()
        raw = self.values()
        services, actor, vocab, number = self._services, self._actor, self.vocab, self.number
        current = self.detail.values if self.detail else None

        def check() -> tuple[dict[str, Any], list[str], list[DuplicateMatch]]:
            clean = clean_values(raw, vocab.ids("client_kinds"), vocab.ids("centres"), vocab.ids("channels"))
            changed = changed_fields(current, clean) if current is not None else []
            if current is not None and not changed:
                return clean, changed, []
            matches = services.client_requests.duplicates_of(actor, clean, exclude_number=number)
            if current is not None:
                reasons = {_REASON_OF[f] for f in changed if f in _REASON_OF}
                matches = [m for m in matches if reasons.intersection(m.reasons)]
            return clean, changed, matches

        self._set_busy(True)
        Op(self, check).on_success(self._on_checked).on_failure(self._on_failed).run()

    def _on_checked(self, result: tuple[dict[str, Any], list[str], list[DuplicateMatch]]) -> None:
        self._set_busy(False)
        clean, changed, matches = result
        if self.detail is not None and not changed:
            self._show_error(None, _("Nothing was changed: there is nothing to send."))
            return
        self._values, self._changed, self.matches = clean, changed, matches
        if matches:
            self._fill_matches()
            self.stack.setCurrentIndex(WARNING_PAGE)
            self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._propose()

    def _propose(self) -> None:
        services, actor, number = self._services, self._actor, self.number
        values, note = dict(self._values), self.note_edit.text().strip()
        requests = services.client_requests
        if number is None:
            call = lambda: requests.propose_create(actor, values, note)  # noqa: E731
        else:
            changes = {f: values[f] for f in self._changed}
            call = lambda: requests.propose_modify(actor, number, changes, note)  # noqa: E731
        self._set_busy(True)
        Op(self, call, write=True).on_success(self._on_sent).on_failure(self._on_failed).run()

    def _on_sent(self, detail: RequestDetail) -> None:
        self._set_busy(False)
        self.result_detail = detail
        self._show_result()
        self.stack.setCurrentIndex(DONE_PAGE)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.sent.emit(detail)

    def _on_failed(self, error: UserError) -> None:
        self._set_busy(False)
        self.stack.setCurrentIndex(FORM_PAGE)
        self._show_error(error.field, error.message)

    def _show_result(self) -> None:
        detail = self.result_detail
        if detail is None:
            return
        summary = detail.summary
        self.done_title.setText(_("The request was sent"))
        self.done_number.setText(leading(ltr(summary.number)))
        self.done_client.setText(_("{action}: {name}").format(action=request_action_label(summary.action),
                                                             name=f"{FSI}{summary.client_name}{PDI}"))
        self.header_hint.hide()  # its keys are the form's
        if summary.status == "approved" and summary.action == "create":
            text = _("Approved at once: the client is registered under the number {number}.").format(
                number=ltr(summary.client_number))
        elif summary.status == "approved":
            text = _("Approved at once: the client's data is changed.")
        else:
            text = _("Pending approval: the relations manager reviews the request; the registry does not "
                     "change until it is approved.")
        self.done_status.setText(text)
        self.done_status.setStyleSheet(f"color: {'#0f766e' if summary.status == 'approved' else '#b45309'};")

    def _fill_matches(self) -> None:
        table = self.warning_table
        table.setRowCount(len(self.matches))
        for row, match in enumerate(self.matches):
            number = QTableWidgetItem(match.number)
            number.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, 0, number)
            table.setItem(row, 1, QTableWidgetItem(match.name))
            table.setItem(row, 2, QTableWidgetItem(reasons_text(match.reasons)))

    # --- printing --------------------------------------------------------------------------------
    def print_form(self, path: Path | None = None) -> bool:
        """Save the request's form as a PDF (asking where when ``path`` is None) and open it."""
        detail = self.result_detail
        if detail is None or not self.print_button.isEnabled():
            return False
        if path is None:
            path = choose_pdf_path(self, f"{labels.safe_file_part(detail.number)}.pdf")
            if path is None:
                return False
        services, target = self._services, path
        self.print_button.setEnabled(False)
        self.done_error.hide()
        self.done_notice.setText(_("Preparing the form…"))
        (Op(self, lambda: write_request_form(services, detail, target))
         .on_success(self._on_form_written)
         .on_failure(self._on_form_failed)
         .run())
        return True

    def _on_form_written(self, path: Path) -> None:
        self.print_button.setEnabled(True)
        self.done_notice.setText(_("The form was saved: {path}").format(path=ltr(str(path))))
        labels.open_document(path)
        self.form_written.emit(str(path))

    def _on_form_failed(self, error: UserError) -> None:
        self.print_button.setEnabled(True)
        self.done_notice.clear()
        self.done_error.setText(error.message)
        self.done_error.show()

    # --- errors --------------------------------------------------------------------------------
    def _show_error(self, field: str | None, text: str) -> None:
        f = self.fields.get(field or "")
        if f is None:
            self.general_error.setText(text)
            self.general_error.show()
            return
        f.error.setText(text)
        f.error.show()
        target = next(iter(self.kind_checks.values()), None) if field == "kinds" else f.widget
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.form_scroll.ensureWidgetVisible(f.error)

    def _clear_errors(self) -> None:
        for f in self.fields.values():
            f.error.clear()
            f.error.hide()
        self.general_error.clear()
        self.general_error.hide()

    def error_text(self, field: str | None = None) -> str:
        """The sentence shown beside ``field`` (under the form for None); "" when none."""
        label = self.general_error if field is None else self.fields[field].error
        return label.text() if not label.isHidden() else ""

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.send_button.setEnabled(not busy and self._ready)
        self.send_anyway_button.setEnabled(not busy)

    # --- keys and slots ---------------------------------------------------------------------------
    @Slot()
    def _on_send_shortcut(self) -> None:
        if self.stack.currentIndex() == FORM_PAGE:
            self.send()

    @Slot()
    def _on_send_clicked(self) -> None:
        self.send()

    @Slot()
    def _on_send_anyway_clicked(self) -> None:
        if not self._busy:
            self._propose()

    @Slot()
    def _on_back_clicked(self) -> None:
        self.stack.setCurrentIndex(FORM_PAGE)
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_print_clicked(self) -> None:
        self.print_form()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()
            return  # Enter in a field sends nothing: Ctrl+Enter sends
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self._busy:
            return
        super().reject()


def _label_source(key: str) -> str:
    return FIELD_LABELS.get(key, key)
