"""The audit screens' texts: English sources with a built-in Arabic wording.

As with the date layouts (:func:`app.calendars.hijri.tr_with_arabic_default`),
the Arabic here is shown only while ``i18n/ar.po`` lacks a translation of the
English source; once the catalog has one, the catalog wins. The sources are
marked with ``N_`` so ``make catalogs-update`` collects them.
"""

from __future__ import annotations

from app.calendars.hijri import tr_with_arabic_default
from app.i18n import N_

Pair = tuple[str, str]


def tr(pair: Pair) -> str:
    """``pair``'s source translated into the current language."""
    return tr_with_arabic_default(*pair)


COLUMN_TITLES: tuple[Pair, ...] = (
    (N_("When"), "الوقت"),
    (N_("Who"), "المستخدم"),
    (N_("Action"), "الإجراء"),
    (N_("Record"), "السجل"),
    (N_("Field"), "الحقل"),
    (N_("Change"), "التغيير"),
)
AUDIT_LOG: Pair = (N_("Audit log"), "سجل التدقيق")
INTRO: Pair = (N_("Every change and every login, newest first. Double-click a line to see the "
                  "history of its record."),
               "كل تغيير وكل تسجيل دخول، الأحدث أولًا. انقر مرتين على سطر لعرض تاريخ سجله.")
NO_ACCESS: Pair = (N_("Only an administrator or the relations manager can read the audit log."),
                   "لا يطّلع على سجل التدقيق إلا مدير النظام أو مدير العلاقات.")
USER: Pair = (N_("User:"), "المستخدم:")
ALL_USERS: Pair = (N_("All users"), "كل المستخدمين")
ACTION: Pair = (N_("Action:"), "الإجراء:")
ALL_ACTIONS: Pair = (N_("All actions"), "كل الإجراءات")
SINCE: Pair = (N_("From:"), "من:")
UNTIL: Pair = (N_("To:"), "إلى:")
SEARCH: Pair = (N_("Search:"), "بحث:")
SEARCH_HINT: Pair = (N_("A record, a field or a value"), "سجل أو حقل أو قيمة")
COUNTING: Pair = (N_("Counting…"), "جارٍ العدّ…")
LOADING: Pair = (N_("Loading…"), "جارٍ التحميل…")
NO_HISTORY: Pair = (N_("This record has no history yet."), "لا يوجد لهذا السجل تاريخ بعد.")
LATEST_ONLY: Pair = (N_("Only the latest {n} lines are shown."), "تُعرض آخر الأسطر فقط: {n}.")
HISTORY_TITLE: Pair = (N_("History: {record}"), "التاريخ: {record}")
META: Pair = (N_("{when} · {user}"), "{when} · {user}")
