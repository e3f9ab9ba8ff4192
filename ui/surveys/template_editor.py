"""The survey template editor: the quality officer's own questions.

The title (Arabic and English), whom the survey is for, and the questions:
add one (it takes the section of the question selected), choose its kind
(scale 1–5, one choice, several choices, yes/no, number, free text), write
its text in both languages, give the choices of a choice question, mark it
required, move it up or down (Ctrl+Up / Ctrl+Down), remove it. The preview
tab shows the form as the officer will see it on paper.

The service saves: in place while the version has no answers, as the next
version otherwise, and the editor says so plainly. A refusal is one sentence
and nothing is saved.
"""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import _, current_language, is_rtl
from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.records import AUDIENCES, ITEM_KINDS, SCALE, SECTIONS, Item, Option, Template
from app.surveys.templates import new_item_id
from ui.common.ops import Op
from ui.common.texts import digits
from ui.common.widgets import error_label
from ui.surveys.labels import audience_label, kind_label, section_label

CHOICE_KINDS = ("single", "multiple")
OPTION_ID_ROLE = Qt.ItemDataRole.UserRole


def new_option_id(options: list[Option]) -> str:
    taken = {o.id for o in options}
    n = len(options) + 1
    while f"o{n}" in taken:
        n += 1
    return f"o{n}"


class TemplateEditor(QDialog):
    """Edit ``template`` (its newest version) or write a new one (``template`` None).

    Signals:
        saved(object): the version as stored (a :class:`Template`); :attr:`notice` says which.
    """

    saved = Signal(object)

    def __init__(self, services: AppServices, actor: Actor, template: Template | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.template = template
        self.items: list[Item] = list(template.items) if template else []
        self._loading = False
        self._saving = False
        self.last_message = ""
        self._saved_as: tuple[bool, int] | None = None  # (a new version?, its number) of the last save

        self.title_label = QLabel(self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # the Arabic title
        self.title_en_label = QLabel(self)
        self.title_en_edit = QLineEdit(self)
        self.title_en_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.audience_label = QLabel(self)
        self.audience_combo = QComboBox(self)
        for audience in AUDIENCES:
            self.audience_combo.addItem(audience_label(audience), audience)
        self.title_label.setBuddy(self.title_edit)
        self.title_en_label.setBuddy(self.title_en_edit)
        self.audience_label.setBuddy(self.audience_combo)

        self.tabs = QTabWidget(self)
        self.questions_page = self._build_questions_page()
        self.preview = QTextBrowser(self)
        self.preview.setOpenLinks(False)
        self.tabs.addTab(self.questions_page, "")
        self.tabs.addTab(self.preview, "")

        self.notice = QLabel(self)
        self.notice.setObjectName("templateNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.error = error_label(self)
        self.save_button = QPushButton(self)
        self.save_button.setAutoDefault(False)
        self.close_button = QPushButton(self)
        self.close_button.setAutoDefault(False)

        head = QFormLayout()
        head.addRow(self.title_label, self.title_edit)
        head.addRow(self.title_en_label, self.title_en_edit)
        head.addRow(self.audience_label, self.audience_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self._up_shortcut = QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Up), self)
        self._down_shortcut = QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Down), self)
        self._save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self._up_shortcut.activated.connect(self.move_up)
        self._down_shortcut.activated.connect(self.move_down)
        self._save_shortcut.activated.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.accept)
        self.tabs.currentChanged.connect(self._on_tab_changed)

        if template is not None:
            self.title_edit.setText(template.title)
            self.title_en_edit.setText(template.title_en)
            self.audience_combo.setCurrentIndex(max(0, self.audience_combo.findData(template.audience)))
        self.retranslate_ui()
        self._fill_list()
        if self.items:
            self.questions_list.setCurrentRow(0)
        self._load_current()
        self.resize(1100, 700)
        self.title_edit.setFocus()

    # --- building ------------------------------------------------------------------------
    def _build_questions_page(self) -> QWidget:
        page = QWidget(self)
        self.questions_list = QListWidget(page)
        self.questions_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.questions_list.setWordWrap(True)
        self.add_button = QPushButton(page)
        self.remove_button = QPushButton(page)
        self.up_button = QPushButton(page)
        self.down_button = QPushButton(page)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setAutoDefault(False)
        list_buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            list_buttons.addWidget(button)
        list_buttons.addStretch(1)
        left = QWidget(page)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.questions_list, 1)
        left_layout.addLayout(list_buttons)

        self.item_box = QGroupBox(page)
        self.kind_label = QLabel(self.item_box)
        self.kind_combo = QComboBox(self.item_box)
        for kind in ITEM_KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.section_label = QLabel(self.item_box)
        self.section_combo = QComboBox(self.item_box)
        for section in SECTIONS:
            self.section_combo.addItem(section_label(section), section)
        self.required_check = QCheckBox(self.item_box)
        self.text_label = QLabel(self.item_box)
        self.text_edit = QLineEdit(self.item_box)
        self.text_edit.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # the Arabic text
        self.text_en_label = QLabel(self.item_box)
        self.text_en_edit = QLineEdit(self.item_box)
        self.text_en_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        for label, widget in ((self.kind_label, self.kind_combo), (self.section_label, self.section_combo),
                              (self.text_label, self.text_edit), (self.text_en_label, self.text_en_edit)):
            label.setBuddy(widget)

        self.options_box = QGroupBox(self.item_box)
        self.options_table = QTableWidget(0, 2, self.options_box)
        self.options_table.verticalHeader().setVisible(False)
        self.options_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.options_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.options_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.add_option_button = QPushButton(self.options_box)
        self.remove_option_button = QPushButton(self.options_box)
        for button in (self.add_option_button, self.remove_option_button):
            button.setAutoDefault(False)
        option_buttons = QHBoxLayout()
        option_buttons.addWidget(self.add_option_button)
        option_buttons.addWidget(self.remove_option_button)
        option_buttons.addStretch(1)
        options_layout = QVBoxLayout(self.options_box)
        options_layout.addWidget(self.options_table)
        options_layout.addLayout(option_buttons)

        form = QFormLayout()
        form.addRow(self.text_label, self.text_edit)
        form.addRow(self.text_en_label, self.text_en_edit)
        form.addRow(self.kind_label, self.kind_combo)
        form.addRow(self.section_label, self.section_combo)
        form.addRow("", self.required_check)
        item_layout = QVBoxLayout(self.item_box)
        item_layout.addLayout(form)
        item_layout.addWidget(self.options_box, 1)
        item_layout.addStretch(0)

        splitter = QSplitter(Qt.Orientation.Horizontal, page)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.item_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([600, 460])
        self.item_box.setMinimumWidth(420)
        self.splitter = splitter
        outer = QVBoxLayout(page)
        outer.addWidget(splitter)

        self.questions_list.currentRowChanged.connect(self._on_current_row_changed)
        self.add_button.clicked.connect(self.add_question)
        self.remove_button.clicked.connect(self.remove_question)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.kind_combo.currentIndexChanged.connect(self._on_item_edited)
        self.section_combo.currentIndexChanged.connect(self._on_item_edited)
        self.required_check.toggled.connect(self._on_item_edited)
        self.text_edit.textEdited.connect(self._on_item_edited)
        self.text_en_edit.textEdited.connect(self._on_item_edited)
        self.options_table.itemChanged.connect(self._on_item_edited)
        self.add_option_button.clicked.connect(self.add_option)
        self.remove_option_button.clicked.connect(self.remove_option)
        return page

    def retranslate_ui(self) -> None:
        if self.template is None:
            self.setWindowTitle(_("New survey"))
        else:
            title = self.template.display_title(current_language())
            self.setWindowTitle(_("Survey: {title}").format(title=title))
        self.title_label.setText(_("&Title:"))
        self.title_en_label.setText(_("Title in &English:"))
        self.audience_label.setText(_("&For:"))
        for i in range(self.audience_combo.count()):
            self.audience_combo.setItemText(i, audience_label(str(self.audience_combo.itemData(i))))
        self.tabs.setTabText(0, _("Questions"))
        self.tabs.setTabText(1, _("Preview"))
        self.add_button.setText(_("&Add question"))
        self.remove_button.setText(_("&Remove"))
        self.up_button.setText(_("Move &up"))
        self.up_button.setToolTip(_("Move the question up (Ctrl+Up)"))
        self.down_button.setText(_("Move do&wn"))
        self.down_button.setToolTip(_("Move the question down (Ctrl+Down)"))
        self.item_box.setTitle(_("Question"))
        self.kind_label.setText(_("&Answer:"))
        for i in range(self.kind_combo.count()):
            self.kind_combo.setItemText(i, kind_label(str(self.kind_combo.itemData(i))))
        self.section_label.setText(_("&Section:"))
        for i in range(self.section_combo.count()):
            self.section_combo.setItemText(i, section_label(str(self.section_combo.itemData(i))))
        self.required_check.setText(_("Re&quired"))
        self.text_label.setText(_("&Text:"))
        self.text_en_label.setText(_("Text in Eng&lish:"))
        self.options_box.setTitle(_("Choices"))
        self.options_table.setHorizontalHeaderLabels([_("Arabic"), _("English")])
        self.add_option_button.setText(_("Add choice"))
        self.remove_option_button.setText(_("Remove choice"))
        self.save_button.setText(_("Save"))
        self.save_button.setToolTip(_("Save the survey (Ctrl+S)"))
        self.close_button.setText(_("Close"))
        self._refresh_list_texts()
        self._show_notice()
        if self.tabs.currentIndex() == 1:
            self.show_preview()

    def _show_notice(self) -> None:
        if self._saved_as is None:
            return
        new_version, n = self._saved_as
        if new_version:
            text = _("This version has answers recorded, so the change was saved as a new version "
                     "(version {n}).").format(n=digits(str(n)))
        else:
            text = _("Saved (version {n}).").format(n=digits(str(n)))
        self.last_message = text
        self.notice.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # --- the questions ---------------------------------------------------------------------
    def current_row(self) -> int:
        row = self.questions_list.currentRow()
        return row if 0 <= row < len(self.items) else -1

    def current_item(self) -> Item | None:
        row = self.current_row()
        return self.items[row] if row >= 0 else None

    @Slot()
    def add_question(self) -> None:
        """A new scale question after the one selected, in its section; the text field gets the focus."""
        row = self.current_row()
        section = self.items[row].section if row >= 0 else "items"
        kind = "likert" if section == "items" else "text"
        item = Item(new_item_id(self.items), kind, "", "", required=False, section=section)
        at = row + 1 if row >= 0 else len(self.items)
        self.items.insert(at, item)
        self._fill_list()
        self.questions_list.setCurrentRow(at)
        self.tabs.setCurrentIndex(0)
        self.text_edit.setFocus()

    @Slot()
    def remove_question(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        del self.items[row]
        self._fill_list()
        if self.items:
            self.questions_list.setCurrentRow(min(row, len(self.items) - 1))
        self._load_current()

    @Slot()
    def move_up(self) -> None:
        self._move(-1)

    @Slot()
    def move_down(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        row = self.current_row()
        target = row + step
        if row < 0 or not 0 <= target < len(self.items):
            return
        self.items[row], self.items[target] = self.items[target], self.items[row]
        self._fill_list()
        self.questions_list.setCurrentRow(target)

    @Slot()
    def add_option(self) -> None:
        row = self.options_table.rowCount()
        self.options_table.insertRow(row)
        self._loading = True
        ident = new_option_id(self._options())
        first = QTableWidgetItem("")
        first.setData(OPTION_ID_ROLE, ident)
        self.options_table.setItem(row, 0, first)
        self.options_table.setItem(row, 1, QTableWidgetItem(""))
        self._loading = False
        self.options_table.setCurrentCell(row, 0)
        self.options_table.editItem(first)

    @Slot()
    def remove_option(self) -> None:
        row = self.options_table.currentRow()
        if row >= 0:
            self.options_table.removeRow(row)
            self._on_item_edited()

    def set_options(self, options: list[tuple[str, str]]) -> None:
        """Give the selected choice question these (Arabic, English) choices."""
        self._loading = True
        self.options_table.setRowCount(0)
        for ar, en in options:
            row = self.options_table.rowCount()
            self.options_table.insertRow(row)
            first = QTableWidgetItem(ar)
            first.setData(OPTION_ID_ROLE, f"o{row + 1}")
            self.options_table.setItem(row, 0, first)
            self.options_table.setItem(row, 1, QTableWidgetItem(en))
        self._loading = False
        self._on_item_edited()

    def _options(self) -> list[Option]:
        options: list[Option] = []
        table = self.options_table
        for row in range(table.rowCount()):
            first, second = table.item(row, 0), table.item(row, 1)
            if first is None:
                continue
            ident = str(first.data(OPTION_ID_ROLE) or "") or new_option_id(options)
            options.append(Option(ident, first.text().strip(), second.text().strip() if second else ""))
        return options

    def _fill_list(self) -> None:
        self._loading = True
        self.questions_list.clear()
        for _item in self.items:
            self.questions_list.addItem(QListWidgetItem(""))
        self._loading = False
        self._refresh_list_texts()

    def _refresh_list_texts(self) -> None:
        lang = current_language()
        for row, item in enumerate(self.items):
            widget_item = self.questions_list.item(row)
            if widget_item is None:
                continue
            text = item.text(lang) or _("(no text yet)")
            marks = [kind_label(item.kind), section_label(item.section)]
            if item.required:
                marks.append(_("required"))
            widget_item.setText(f"{digits(str(row + 1))}. {text}\n    {' · '.join(marks)}")

    def _load_current(self) -> None:
        item = self.current_item()
        self._loading = True
        self.item_box.setEnabled(item is not None)
        for button in (self.remove_button, self.up_button, self.down_button):
            button.setEnabled(item is not None)
        if item is None:
            self.text_edit.clear()
            self.text_en_edit.clear()
            self.options_table.setRowCount(0)
            self.options_box.hide()
            self._loading = False
            return
        self.text_edit.setText(item.ar)
        self.text_en_edit.setText(item.en)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(item.kind)))
        self.section_combo.setCurrentIndex(max(0, self.section_combo.findData(item.section)))
        self.required_check.setChecked(item.required)
        self.options_table.setRowCount(0)
        for o in item.options:
            row = self.options_table.rowCount()
            self.options_table.insertRow(row)
            first = QTableWidgetItem(o.ar)
            first.setData(OPTION_ID_ROLE, o.id)
            self.options_table.setItem(row, 0, first)
            self.options_table.setItem(row, 1, QTableWidgetItem(o.en))
        self.options_box.setVisible(item.kind in CHOICE_KINDS)
        self.up_button.setEnabled(self.current_row() > 0)
        self.down_button.setEnabled(self.current_row() < len(self.items) - 1)
        self._loading = False

    @Slot()
    def _on_item_edited(self) -> None:
        if self._loading:
            return
        row = self.current_row()
        if row < 0:
            return
        kind = str(self.kind_combo.currentData())
        self.items[row] = replace(
            self.items[row],
            kind=kind,
            ar=self.text_edit.text(),
            en=self.text_en_edit.text(),
            required=self.required_check.isChecked(),
            section=str(self.section_combo.currentData()),
            options=tuple(self._options()) if kind in CHOICE_KINDS else (),
        )
        self.options_box.setVisible(kind in CHOICE_KINDS)
        self._refresh_list_texts()

    @Slot(int)
    def _on_current_row_changed(self, _row: int) -> None:
        if not self._loading:
            self._load_current()

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        if index == 1:
            self.show_preview()

    # --- preview -------------------------------------------------------------------------
    def preview_html(self) -> str:
        """The form as the officer will see it: the scale table, then the other sections."""
        lang = current_language()
        direction = "rtl" if is_rtl() else "ltr"
        align = "right" if is_rtl() else "left"
        esc = html.escape
        no_text = esc(_("(no text yet)"))
        title = self.title_edit.text()
        if lang == "en" and self.title_en_edit.text():
            title = self.title_en_edit.text()
        heading = esc(title) if title.strip() else esc(_("(no title yet)"))
        parts = [f'<div dir="{direction}" align="{align}">', f'<h2 align="center">{heading}</h2>']
        scale = [i for i in self.items if i.kind == "likert" and i.section == "items"]
        if scale:
            legend = "&nbsp;&nbsp; ".join(
                f"{digits(str(n))} = {esc(SCALE[n][1] if lang == 'en' else SCALE[n][0])}"
                for n in range(5, 0, -1))
            scale_word, question_word = esc(_("Scale")), esc(_("Question"))
            parts.append(f"<p><b>{scale_word}:</b> {legend}</p>")
            head = "".join(f'<th width="9%">{digits(str(n))}</th>' for n in range(5, 0, -1))
            parts.append('<table border="1" cellspacing="0" cellpadding="4" width="100%">'
                         f'<tr><th width="5%">#</th><th>{question_word}</th>{head}</tr>')
            for n, item in enumerate(scale, 1):
                boxes = "".join('<td align="center">☐</td>' for _i in range(5))
                mark = " *" if item.required else ""
                text = esc(item.text(lang)) or no_text
                parts.append(f'<tr><td align="center">{digits(str(n))}</td>'
                             f"<td>{text}{mark}</td>{boxes}</tr>")
            parts.append("</table>")
        others = [i for i in self.items if i not in scale]
        for section in SECTIONS:
            in_section = [i for i in others if i.section == section]
            if not in_section:
                continue
            parts.append(f"<h3>{esc(section_label(section))}</h3>")
            for item in in_section:
                text = esc(item.text(lang)) or no_text
                mark = " *" if item.required else ""
                parts.append(f"<p><b>{text}</b>{mark}<br/>{self._answer_html(item, lang)}</p>")
        if any(i.required for i in self.items):
            required = esc(_("required"))
            parts.append(f"<p><small>* {required}</small></p>")
        parts.append("</div>")
        return "".join(parts)

    @staticmethod
    def _answer_html(item: Item, lang: str) -> str:
        esc = html.escape
        if item.kind in CHOICE_KINDS:
            box = "☐" if item.kind == "multiple" else "◯"
            return "&nbsp;&nbsp;&nbsp;".join(f"{box} {esc(o.text(lang))}" for o in item.options)
        if item.kind == "yesno":
            yes, no = esc(_("Yes")), esc(_("No"))
            return f"◯ {yes}&nbsp;&nbsp;&nbsp;◯ {no}"
        if item.kind == "likert":
            return "&nbsp;&nbsp;".join(f"☐ {digits(str(n))}" for n in range(5, 0, -1))
        if item.kind == "number":
            return "[&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;]"
        return "<br/>".join("_" * 60 for _i in range(max(1, item.lines)))

    @Slot()
    def show_preview(self) -> None:
        self.preview.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_rtl()
                                        else Qt.LayoutDirection.LeftToRight)
        self.preview.setHtml(self.preview_html())

    # --- saving ---------------------------------------------------------------------------
    @Slot()
    def save(self) -> None:
        if self._saving:
            return
        self.error.hide()
        self.notice.hide()
        services, actor = self._services, self._actor
        key = self.template.key if self.template else None
        title, title_en = self.title_edit.text(), self.title_en_edit.text()
        audience = str(self.audience_combo.currentData())
        items = list(self.items)
        self._saving = True
        self.save_button.setEnabled(False)
        Op(self, lambda: services.survey_templates.save(actor, key, title, items, title_en=title_en,
                                                        audience=audience), write=True) \
            .on_success(self._on_saved).on_failure(self._on_failed).run()

    def _on_saved(self, saved: Template) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        before = self.template
        self._saved_as = (before is not None and saved.version > before.version, saved.version)
        self.template = saved
        row = self.current_row()
        self.items = list(saved.items)
        self._fill_list()
        if self.items:
            self.questions_list.setCurrentRow(max(0, min(row, len(self.items) - 1)))
        self._load_current()
        self.notice.show()
        self.retranslate_ui()
        self.saved.emit(saved)

    def _on_failed(self, error: UserError) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.error.setText(error.message)
        self.error.show()
        if error.field == "title":
            self.title_edit.setFocus()
        n = error.params.get("n")
        if isinstance(n, int) and 1 <= n <= len(self.items):  # "Question 3 has no text."
            self.questions_list.setCurrentRow(n - 1)
            self.tabs.setCurrentIndex(0)
            self.text_edit.setFocus()

