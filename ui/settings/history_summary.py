"""One line saying what a settings change did ("Added: …; Deactivated: …",
"Question added: …").

Qt-free on purpose: the history dialog shows these lines, and they are easy to
test without widgets.
"""

from __future__ import annotations

from typing import Any

from app.calendars.workdays import HolidayRule
from app.errors import UserError
from app.i18n import _, ngettext
from app.services.settings import label_of
from ui.settings.labels import (
    COMPLAINT_TYPES,
    DIGIT_STYLES,
    PRIORITIES,
    change_arrow,
    label,
    list_separator,
    weekday_name,
)

CHOICE_LISTS = ("centres", "channels", "client_kinds", "complaint_categories", "departments",
                "programme_kinds",
                "opportunity_factors", "campaign_channels")


def summarize(key: str, old: Any, new: Any) -> str:
    """What changed from ``old`` to ``new`` (``old`` is None for the first value)."""
    if key == "association.logo":
        if not new:
            return _("Logo removed")
        return _("Logo replaced") if old else _("Logo added")
    if key in CHOICE_LISTS:
        return _choices(old or [], new or [])
    if key == "faq":
        return _faq(old or [], new or [])
    if key == "working_week":
        return _arrow(_days(old), _days(new) or "")
    if key == "holidays":
        return _holidays(old or [], new or [])
    if key == "sla_rules":
        return _sla(old or [], new or [])
    if key == "client_stewards":
        return _stewards(old if isinstance(old, dict) else {}, new if isinstance(new, dict) else {})
    if key == "display.digits":
        return _arrow(label(DIGIT_STYLES, str(old)) if old else None, label(DIGIT_STYLES, str(new)))
    return _arrow(None if old is None else str(old), str(new))


def _stewards(old: dict[str, Any], new: dict[str, Any]) -> str:
    parts = []
    for role, text in (("steward", _("Steward: {change}")), ("deputy", _("Deputy: {change}"))):
        before, after = str(old.get(role) or ""), str(new.get(role) or "")
        if before != after:
            parts.append(text.format(change=_arrow(before, after)))
    return _parts(parts)


def _arrow(old: str | None, new: str) -> str:
    empty = _("(empty)")
    return change_arrow().format(old=empty if old is None or old == "" else old, new=new or empty)


def _join(names: list[str]) -> str:
    return list_separator().join(names)


def _parts(parts: list[str]) -> str:
    return _("; ").join(parts) if parts else _("No visible change")


def _days(value: Any) -> str | None:
    if not isinstance(value, list):
        return None
    ordered = sorted(value, key=lambda d: (d + 1) % 7)
    return _join([weekday_name(d) for d in ordered])


def _choices(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> str:
    old_by = {i["id"]: i for i in old}
    new_by = {i["id"]: i for i in new}
    added = [label_of(i) for k, i in new_by.items() if k not in old_by]
    removed = [label_of(i) for k, i in old_by.items() if k not in new_by]
    deactivated, reactivated, edited = [], [], []
    for k, item in new_by.items():
        before = old_by.get(k)
        if before is None:
            continue
        was, now = bool(before.get("active", True)), bool(item.get("active", True))
        if was and not now:
            deactivated.append(label_of(item))
        elif now and not was:
            reactivated.append(label_of(item))
        if {f: v for f, v in before.items() if f != "active"} != {f: v for f, v in item.items()
                                                                   if f != "active"}:
            edited.append(label_of(item))
    parts = []
    if added:
        parts.append(_("Added: {names}").format(names=_join(added)))
    if deactivated:
        parts.append(_("Deactivated: {names}").format(names=_join(deactivated)))
    if reactivated:
        parts.append(_("Reactivated: {names}").format(names=_join(reactivated)))
    if edited:
        parts.append(_("Edited: {names}").format(names=_join(edited)))
    if removed:
        parts.append(_("Removed: {names}").format(names=_join(removed)))
    common = [k for k in old_by if k in new_by]
    if not parts and common != [k for k in new_by if k in old_by]:
        parts.append(_("Order changed"))
    return _parts(parts)


def _holiday_name(item: Any) -> str:
    try:
        return HolidayRule.from_dict(item).display_name
    except UserError:
        return str(item.get("name", "?")) if isinstance(item, dict) else "?"


def _holidays(old: list[Any], new: list[Any]) -> str:
    old_by = {_holiday_name(i): i for i in old}
    new_by = {_holiday_name(i): i for i in new}
    parts = []
    added = [n for n in new_by if n not in old_by]
    removed = [n for n in old_by if n not in new_by]
    edited = [n for n in new_by if n in old_by and new_by[n] != old_by[n]]
    if added:
        parts.append(_("Added: {names}").format(names=_join(added)))
    if edited:
        parts.append(_("Edited: {names}").format(names=_join(edited)))
    if removed:
        parts.append(_("Removed: {names}").format(names=_join(removed)))
    return _parts(parts)


def _rule_name(rule: dict[str, Any]) -> str:
    return _("{type} ({priority})").format(type=label(COMPLAINT_TYPES, str(rule.get("type"))),
                                        priority=label(PRIORITIES, str(rule.get("priority", "*"))))


def _sla(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> str:
    old_by = {_rule_name(r): r for r in old}
    new_by = {_rule_name(r): r for r in new}
    parts = []
    for name, rule in new_by.items():
        before = old_by.get(name)
        days = _("study {study}, answer {answer} days").format(study=rule.get("study_days"),
                                                               answer=rule.get("answer_days"))
        line = _("{rule}: {days}").format(rule=name, days=days)
        if before is None:
            parts.append(_("Added: {names}").format(names=line))
        elif before != rule:
            parts.append(line)
    removed = [n for n in old_by if n not in new_by]
    if removed:
        parts.append(_("Removed: {names}").format(names=_join(removed)))
    return _parts(parts)


def _faq(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> str:
    """Which questions were added, (de)activated, reworded or given a new answer."""
    old_by = {i["id"]: i for i in old}
    new_by = {i["id"]: i for i in new}
    added = [label_of(i) for k, i in new_by.items() if k not in old_by]
    removed = [label_of(i) for k, i in old_by.items() if k not in new_by]
    deactivated, reactivated, reworded, answered = [], [], [], []
    for k, item in new_by.items():
        before = old_by.get(k)
        if before is None:
            continue
        was, now = bool(before.get("active", True)), bool(item.get("active", True))
        if was and not now:
            deactivated.append(label_of(item))
        elif now and not was:
            reactivated.append(label_of(item))
        if (before.get("ar"), before.get("en")) != (item.get("ar"), item.get("en")):
            shown_before, shown = label_of(before), label_of(item)
            # When only the other language's wording changed, the question shown is the same.
            reworded.append(shown if shown == shown_before
                            else change_arrow().format(old=shown_before, new=shown))
        if (before.get("answer_ar"), before.get("answer_en")) != (item.get("answer_ar"),
                                                                  item.get("answer_en")):
            answered.append(label_of(item))
    # Plural-aware: Arabic says "a question", "two questions" and "questions" differently.
    parts = []
    if added:
        parts.append(_named(ngettext("Question added: {names}", "Questions added: {names}",
                                     len(added)), added))
    if deactivated:
        parts.append(_named(ngettext("Question deactivated: {names}", "Questions deactivated: {names}",
                                     len(deactivated)), deactivated))
    if reactivated:
        parts.append(_named(ngettext("Question reactivated: {names}", "Questions reactivated: {names}",
                                     len(reactivated)), reactivated))
    if reworded:
        parts.append(_named(ngettext("Question reworded: {names}", "Questions reworded: {names}",
                                     len(reworded)), reworded))
    if answered:
        parts.append(_named(ngettext("Answer changed: {names}", "Answers changed: {names}",
                                     len(answered)), answered))
    if removed:
        parts.append(_named(ngettext("Question removed: {names}", "Questions removed: {names}",
                                     len(removed)), removed))
    common = [k for k in old_by if k in new_by]
    if not parts and common != [k for k in new_by if k in old_by]:
        parts.append(_("Order changed"))
    return _parts(parts)


def _named(template: str, names: list[str]) -> str:
    return template.format(names=_join(names))
