"""The main window: the navigation on the leading side (the right in Arabic), the
areas' pages, the menus and their shortcuts, and the status bar.

Pages are built the first time their area is opened (see
:mod:`ui.shell.navigation`). The window's size, position and last area are
kept in the UI-state file the caller passes (``<data folder>/ui-state.ini``).
Switching the language is the application's job (:func:`ui.application.apply_language`):
the window only asks for it, then retranslates on ``QEvent.Type.LanguageChange``
like every other widget.

Areas that count what waits in them (``Area.badge``) are counted again when the
window is shown, every minute, and whenever a page that has a ``changed``
signal emits it (a request approved, a proposal made).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.calendars.formatting import set_digit_style
from app.errors import UserError
from app.i18n import _, current_language
from app.services.app_services import AppServices
from app.services.context import Actor
from app.services.site import SiteInfo
from app.text.bidi import isolate_ltr
from app.text.digits import DigitStyle
from ui.common.ops import Op
from ui.shell.navigation import Area, BadgeFunction, NavigationList, visible_areas
from ui.shell.status_bar import ShellStatusBar
from ui.theme import Colours, app_icon, icon

GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
AREA_KEY = "main_window/area"
BADGE_INTERVAL_MS = 60_000
LANGUAGE_NAMES = {"ar": "العربية", "en": "English"}  # each in its own language, never translated


@dataclass(frozen=True)
class ShellContext:
    """What the window shows about the installation, read once at start."""

    site: SiteInfo | None
    association: str
    association_en: str
    digits: DigitStyle

    def association_name(self) -> str:
        if current_language() == "en":
            return self.association_en or self.association
        return self.association


def read_context(services: AppServices) -> ShellContext:
    """Runs in an Op: the site and the settings the shell needs."""
    settings = services.settings
    digits: DigitStyle = "latin" if settings.get("display.digits") == "latin" else "arabic"
    return ShellContext(services.site.current(), str(settings.get("association.name") or ""),
                        str(settings.get("association.name_en") or ""), digits)


class MainWindow(QMainWindow):
    """The window a logged-in user works in.

    Signals:
        lock_requested: the user asked to lock Sila (Ctrl+L); the window is already saved.
        language_requested(str): the user chose a language ("ar" or "en").
        context_loaded: the site, the association's name and the digit style arrived.
        area_changed(str): the area with this key is now shown.
        closed: the window was closed (Ctrl+Q or its close button); its state is saved.
    """

    lock_requested = Signal()
    language_requested = Signal(str)
    context_loaded = Signal()
    area_changed = Signal(str)
    closed = Signal()

    def __init__(self, services: AppServices, actor: Actor, ui_state: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self._services = services
        self._actor = actor
        self._ui_state = ui_state
        self._context: ShellContext | None = None
        self._areas: list[Area] = visible_areas(actor)
        self._pages: dict[str, QWidget] = {}
        self._about: QMessageBox | None = None
        self._badge_timer = QTimer(self)
        self._badge_timer.setInterval(BADGE_INTERVAL_MS)

        self._brand = QLabel(self)
        self._brand.setObjectName("brandLabel")
        self._brand_subtitle = QLabel(self)
        self._brand_subtitle.setObjectName("brandSubtitle")
        self._brand_subtitle.setWordWrap(True)
        self._navigation = NavigationList(self)
        panel = QFrame(self)
        panel.setObjectName("navigationPanel")
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(0, 0, 0, 8)
        panel_layout.setSpacing(0)
        panel_layout.addWidget(self._brand)
        panel_layout.addWidget(self._brand_subtitle)
        panel_layout.addWidget(self._navigation, 1)
        self._stack = QStackedWidget(self)
        self._stack.setObjectName("pages")
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(panel)
        layout.addWidget(self._stack, 1)
        self.setCentralWidget(central)
        self._status = ShellStatusBar(actor, self)
        self.setStatusBar(self._status)
        self.setMinimumSize(760, 520)

        self._create_actions()
        self._create_menus()
        self._connect_signals()
        self._navigation.set_areas(self._areas)
        self.retranslate_ui()
        self._restore_ui_state()
        self.refresh_context()

    def _create_actions(self) -> None:
        self._password_action = QAction(self)
        self._lock_action = QAction(icon("lock"), "", self)
        self._lock_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L))
        self._quit_action = QAction(self)
        self._quit_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))
        self._quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self._about_action = QAction(app_icon(), "", self)
        self._about_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self._about_action.setMenuRole(QAction.MenuRole.AboutRole)

        self._area_group = QActionGroup(self)
        self._area_group.setExclusive(True)
        digit_keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5,
                      Qt.Key.Key_6, Qt.Key.Key_7, Qt.Key.Key_8, Qt.Key.Key_9]
        self._area_actions: dict[str, QAction] = {}
        for index, area in enumerate(self._areas):
            action = QAction(icon(area.icon, Colours.TEXT), "", self._area_group)
            action.setCheckable(True)
            action.setData(area.key)
            if index < len(digit_keys):  # Ctrl+1 … Ctrl+9 for the first nine
                action.setShortcut(QKeySequence(Qt.Modifier.CTRL | digit_keys[index]))
            self._area_actions[area.key] = action

        self._language_group = QActionGroup(self)
        self._language_group.setExclusive(True)
        self._language_actions: dict[str, QAction] = {}
        for lang, name in LANGUAGE_NAMES.items():
            action = QAction(name, self._language_group)
            action.setCheckable(True)
            action.setData(lang)
            self._language_actions[lang] = action

        for action in (self._lock_action, self._quit_action, self._about_action,
                       *self._area_actions.values()):
            self.addAction(action)  # shortcuts work even while the menu bar is hidden

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self._file_menu = bar.addMenu("")
        self._file_menu.addAction(self._password_action)
        self._file_menu.addAction(self._lock_action)
        self._file_menu.addSeparator()
        self._file_menu.addAction(self._quit_action)
        self._view_menu = bar.addMenu("")
        for action in self._area_actions.values():
            self._view_menu.addAction(action)
        self._view_menu.addSeparator()
        self._language_menu = self._view_menu.addMenu("")
        for action in self._language_actions.values():
            self._language_menu.addAction(action)
        self._help_menu = bar.addMenu("")
        self._help_menu.addAction(self._about_action)

    def _connect_signals(self) -> None:
        self._navigation.area_selected.connect(self._on_navigation_area_selected)
        self._area_group.triggered.connect(self._on_area_group_triggered)
        self._language_group.triggered.connect(self._on_language_group_triggered)
        self._password_action.triggered.connect(self._on_password_action_triggered)
        self._lock_action.triggered.connect(self._on_lock_action_triggered)
        self._quit_action.triggered.connect(self._on_quit_action_triggered)
        self._about_action.triggered.connect(self._on_about_action_triggered)
        self._badge_timer.timeout.connect(self.refresh_badges)

    # --- public --------------------------------------------------------------
    @property
    def actor(self) -> Actor:
        return self._actor

    @property
    def navigation(self) -> NavigationList:
        return self._navigation

    @property
    def status(self) -> ShellStatusBar:
        return self._status

    def area_keys(self) -> list[str]:
        """The areas this user sees, in order (Ctrl+1 opens the first)."""
        return [a.key for a in self._areas]

    def current_area(self) -> str | None:
        return self._navigation.current_key()

    def current_page(self) -> QWidget | None:
        return self._stack.currentWidget()

    def page(self, key: str) -> QWidget | None:
        """The page of area ``key`` if it was built already."""
        return self._pages.get(key)

    def show_area(self, key: str) -> bool:
        """Open the area ``key``; False if this user does not see it."""
        return self._navigation.select(key)

    def about_box(self) -> QMessageBox | None:
        return self._about

    def context(self) -> ShellContext | None:
        """The site and settings the window shows; None until they have been read."""
        return self._context

    def refresh_context(self) -> None:
        """Read the association's name, the site and the digit style again (after settings change)."""
        services = self._services
        Op(self, lambda: read_context(services)).on_success(self._on_context_read).run()

    def refresh_badges(self) -> None:
        """Count again what waits in the areas that count (each on a worker thread)."""
        for area in self._areas:
            if area.badge is not None:
                self._count_badge(area.key, area.badge)

    def _count_badge(self, key: str, badge: BadgeFunction) -> None:
        services, actor, navigation = self._services, self._actor, self._navigation

        def show(count: int) -> None:
            navigation.set_badge(key, int(count))

        def ignore(_error: UserError) -> None:
            """A count this user may not read: no badge."""

        Op(self, lambda: badge(services, actor)).on_success(show).on_failure(ignore).run()

    def save_ui_state(self) -> None:
        self._ui_state.setValue(GEOMETRY_KEY, self.saveGeometry())
        self._ui_state.setValue(STATE_KEY, self.saveState())
        current = self.current_area()
        if current is not None:
            self._ui_state.setValue(AREA_KEY, current)
        self._ui_state.sync()

    def retranslate_ui(self) -> None:
        association = self._context.association_name() if self._context else ""
        self.setWindowTitle(_("{association} — Sila").format(association=association)
                            if association else _("Sila"))
        self._brand.setText(_("Sila"))
        self._brand_subtitle.setText(association)
        self._brand_subtitle.setVisible(bool(association))
        self._file_menu.setTitle(_("&File"))
        self._view_menu.setTitle(_("&View"))
        self._help_menu.setTitle(_("&Help"))
        self._language_menu.setTitle(_("&Language"))
        self._password_action.setText(_("Change &password…"))
        self._lock_action.setText(_("&Lock"))
        self._lock_action.setStatusTip(_("Lock Sila until the password is typed again"))
        self._quit_action.setText(_("&Quit"))
        self._about_action.setText(_("&About Sila"))
        for area in self._areas:
            if area.key in self._area_actions:
                self._area_actions[area.key].setText(_(area.title))
        language_action = self._language_actions.get(current_language())
        if language_action is not None:
            language_action.setChecked(True)

    # --- Qt ------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            # Before the children retranslate (Qt sends the event to them after this).
            self._apply_digit_style()
            self.retranslate_ui()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh_badges()
            self._badge_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._badge_timer.stop()
        self.save_ui_state()
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()

    # --- private -------------------------------------------------------------
    def _restore_ui_state(self) -> None:
        geometry = self._ui_state.value(GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1180, 740)
        state = self._ui_state.value(STATE_KEY)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        area = self._ui_state.value(AREA_KEY)
        if not (isinstance(area, str) and self._navigation.select(area)) and self._areas:
            self._navigation.select(self._areas[0].key)

    def _apply_digit_style(self) -> None:
        # The "display.digits" setting applies to Arabic; English always shows 0-9.
        if self._context is not None:
            set_digit_style(self._context.digits if current_language() == "ar" else None)

    def _on_context_read(self, context: ShellContext) -> None:
        self._context = context
        self._apply_digit_style()
        self._status.set_site(context.site)
        self.retranslate_ui()
        self.context_loaded.emit()

    @Slot(str)
    def _on_navigation_area_selected(self, key: str) -> None:
        page = self._pages.get(key)
        if page is None:
            area = next(a for a in self._areas if a.key == key)
            page = area.build(self._services, self._actor, self._stack)
            self._pages[key] = page
            self._stack.addWidget(page)
            # A page that changes settings (name, digits…) tells the shell to read them again.
            settings_changed = getattr(page, "settings_changed", None)
            if settings_changed is not None:
                settings_changed.connect(self._on_page_settings_changed)
            # A page whose work changes what the badges count (approvals, proposals) says so.
            changed = getattr(page, "changed", None)
            if changed is not None and hasattr(changed, "connect"):
                changed.connect(self._on_page_changed)
        self._stack.setCurrentWidget(page)
        action = self._area_actions.get(key)
        if action is not None:
            action.setChecked(True)
        self.area_changed.emit(key)

    @Slot()
    def _on_password_action_triggered(self) -> None:
        from ui.login.change_password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self._services, self._actor, self)
        dialog.password_changed.connect(self._on_password_changed)
        dialog.finished.connect(dialog.deleteLater)
        self._password_dialog = dialog
        dialog.open()

    @Slot()
    def _on_password_changed(self) -> None:
        self.statusBar().showMessage(_("Your password was changed."), 8000)

    def password_dialog(self) -> QWidget | None:
        """The open change-password dialog, if any (tests)."""
        return getattr(self, "_password_dialog", None)

    @Slot(list)
    def _on_page_settings_changed(self, _keys: list[str]) -> None:
        self.refresh_context()

    @Slot()
    def _on_page_changed(self) -> None:
        self.refresh_badges()

    @Slot(QAction)
    def _on_area_group_triggered(self, action: QAction) -> None:
        self._navigation.select(str(action.data()))

    @Slot(QAction)
    def _on_language_group_triggered(self, action: QAction) -> None:
        lang = str(action.data())
        if lang != current_language():
            self.language_requested.emit(lang)

    @Slot()
    def _on_lock_action_triggered(self) -> None:
        self.save_ui_state()
        self.lock_requested.emit()

    @Slot()
    def _on_quit_action_triggered(self) -> None:
        self.close()

    @Slot()
    def _on_about_action_triggered(self) -> None:
        if self._about is not None and self._about.isVisible():
            self._about.activateWindow()
            return
        box = QMessageBox(self)
        box.setObjectName("aboutBox")
        box.setWindowTitle(_("About Sila"))
        box.setIconPixmap(app_icon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText("<h3>{}</h3><p>{}</p><p>{}</p>".format(
            _("Sila {version}").format(version=isolate_ltr(__version__)),
            _("Relations management for associations: complaints, clients, "
              "opportunities, campaigns and surveys."),
            _("It works without the Internet; the data stays on this computer "
              "or in your office's database.")))
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._on_about_finished)
        self._about = box
        box.open()

    @Slot(int)
    def _on_about_finished(self, _result: int) -> None:
        self._about = None
