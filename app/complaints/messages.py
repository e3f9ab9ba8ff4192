"""The acknowledgement message (SMS / WhatsApp) the desk copies for the person."""

from __future__ import annotations

from app.calendars.formatting import format_dual
from app.complaints.records import ComplaintDetail
from app.complaints.vocab import TYPES, label
from app.i18n import _


def acknowledgement_message(detail: ComplaintDetail, association: str, phone: str) -> str:
    """Plain text, no bidi controls: it is pasted into other applications."""
    row = detail.row
    lines = [
        _("Dear {name},").format(name=row.name),
        _("{association} has received your {type} under the reference {reference}.").format(
            association=association, type=label(TYPES, row.type), reference=row.reference),
    ]
    if row.status in ("answered", "closed"):
        lines.append(_("Our answer: {answer}").format(answer=detail.answer))
    elif row.answer_due is not None:
        lines.append(_("We will answer you by {date}.").format(date=format_dual(row.answer_due)))
    if phone:
        lines.append(_("For any question, call {phone} and give your reference.").format(phone=phone))
    lines.append(_("Thank you for contacting us."))
    return "\n".join(lines)
