"""The printed acknowledgement slip (إشعار استلام) handed to the person at the desk.

One A4 page in the usual case; a long description simply runs on to the next
page (the print layer wraps and splits it). The SMS/WhatsApp text is a
different thing: :mod:`app.complaints.messages`.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from app.calendars.formatting import format_dual, format_time
from app.complaints.records import ComplaintDetail
from app.complaints.service import label_of_choice
from app.complaints.sla import rule_for
from app.complaints.vocab import FIELD_LABELS, STATUSES, TYPES, label
from app.i18n import _, ngettext
from app.printing.blocks import FieldRow, SignatureBlock, heading, signature_blocks, spacer
from app.printing.document import DocumentInfo, build_pdf
from app.printing.fonts import font_name
from app.printing.rtl import RTLParagraph
from app.printing.wrap import text_width
from app.text.bidi import first_strong_rtl, isolate_ltr
from app.text.digits import DigitStyle, localize_digits
from app.text.phone import display_mobile, display_phone

if TYPE_CHECKING:
    from app.services.app_services import AppServices

FONT_SIZE = 11.0
NOTE_SIZE = 10.0


def _labelled(text: str) -> str:
    return _("{label}:").format(label=text)


def _received_text(at: datetime, digits: DigitStyle) -> str:
    local = at.astimezone()
    return _("{date}, at {time}").format(date=format_dual(local.date(), digits),
                                         time=format_time(local, digits))


def _answer_days(services: AppServices, detail: ComplaintDetail, due: date) -> int:
    """The working days promised: the SLA rule's, or counted when the rule has gone."""
    row = detail.row
    rule = rule_for(services.settings.get("sla_rules"), row.type, row.priority)
    if rule is not None:
        return int(rule["answer_days"])
    calendar = services.settings.work_calendar()
    return max(0, calendar.working_days_between(row.received_at.astimezone().date(), due))


def _promise(services: AppServices, detail: ComplaintDetail, digits: DigitStyle) -> str | None:
    """What the person is told about the answer: given already, or by when."""
    row = detail.row
    if row.status == "cancelled":
        return _("This request was cancelled: {reason}").format(reason=detail.cancel_reason)
    if row.answered_at is not None and row.status in ("answered", "closed"):
        return _("Answered on {date}.").format(date=format_dual(row.answered_at.astimezone().date(), digits))
    if row.answer_due is None:
        return None
    n = _answer_days(services, detail, row.answer_due)
    days = ngettext("{n} working day", "{n} working days", n).format(n=localize_digits(str(n), digits))
    return _("We will answer you by {date}, within {days} of receiving it.").format(
        date=format_dual(row.answer_due, digits), days=days)


def _fields(services: AppServices, detail: ComplaintDetail, digits: DigitStyle) -> list[tuple[str, str]]:
    row = detail.row
    settings = services.settings
    pairs = [
        (_("Reference"), isolate_ltr(row.reference)),
        (_("Received on"), _received_text(row.received_at, digits)),
        (label(FIELD_LABELS, "type"), label(TYPES, row.type)),
        (label(FIELD_LABELS, "channel"), label_of_choice(settings, "channels", row.channel)),
    ]
    if row.centre:
        pairs.append((label(FIELD_LABELS, "centre"), label_of_choice(settings, "centres", row.centre)))
    if row.category:
        pairs.append((label(FIELD_LABELS, "category"),
                      label_of_choice(settings, "complaint_categories", row.category)))
    pairs.append((label(FIELD_LABELS, "contact_name"), row.name))
    if row.mobile:
        # Isolated: inside Arabic the groups of "055 123 4567" would otherwise be reversed.
        pairs.append((label(FIELD_LABELS, "contact_mobile"), isolate_ltr(display_mobile(row.mobile))))
    if detail.client_number:
        pairs.append((_("Client number"), isolate_ltr(detail.client_number)))
    if row.status not in ("received", "acknowledged"):
        pairs.append((_("Status"), label(STATUSES, row.status)))
    pairs.append((_("Received by"), detail.received_by_name))
    return pairs


def _free_text(text: str, rtl: bool) -> RTLParagraph:
    """What someone typed reads in its own direction: an Arabic description on an
    English slip is still right to left (else its end punctuation jumps sides)."""
    own = first_strong_rtl(text)
    return RTLParagraph(text, font_size=FONT_SIZE, rtl=rtl if own is None else own, space_after=4)


def ack_slip_flowables(services: AppServices, detail: ComplaintDetail, info: DocumentInfo) -> list[Flowable]:
    """The slip's body in reading order."""
    rtl = info.rtl
    digits = info.digit_style
    row = detail.row
    pairs = [(_labelled(k), v) for k, v in _fields(services, detail, digits)]
    # One label column for every row, so the values line up.
    widest = max(text_width(k, font_name(True), FONT_SIZE) for k, _v in pairs)
    label_width = min(widest + FONT_SIZE, 60 * mm)
    body: list[Flowable] = [
        RTLParagraph(_("This slip confirms that the request below was received and registered."),
                     font_size=FONT_SIZE, rtl=rtl, space_after=6),
    ]
    body += [FieldRow(k, v, font_size=FONT_SIZE, label_width=label_width, rtl=rtl) for k, v in pairs]
    body.append(heading(label(FIELD_LABELS, "description"), level=2, rtl=rtl))
    body.append(_free_text(detail.description, rtl))
    if detail.answer and row.status in ("answered", "closed"):
        body.append(heading(_("Our answer"), level=2, rtl=rtl))
        body.append(_free_text(detail.answer, rtl))
    # The promise, the notes and the signatures stay together: signatures alone on a
    # last page would not say what was signed for.
    closing: list[Flowable] = [spacer(2)]
    promise = _promise(services, detail, digits)
    if promise:
        closing.append(RTLParagraph(promise, font_size=FONT_SIZE + 0.5, bold=True, rtl=rtl, space_after=4))
    notes = [_("Keep this slip and give the reference whenever you ask about your request.")]
    phone = services.settings.get("association.phone")
    if phone:
        notes.append(_("For any question, call {phone} and give your reference.").format(
            phone=isolate_ltr(display_phone(phone))))
    closing += [RTLParagraph(n, font_size=NOTE_SIZE, rtl=rtl, space_after=2) for n in notes]
    received_on = format_dual(row.received_at.astimezone().date(), digits)
    closing.append(signature_blocks([
        SignatureBlock(_("Received by"), detail.received_by_name, received_on),
        SignatureBlock(_("Submitted by"), row.name),
    ], rtl=rtl))
    body.append(KeepTogether(closing))
    return body


def build_ack_slip(path: Path, services: AppServices, detail: ComplaintDetail) -> int:
    """Write the acknowledgement slip of ``detail`` to ``path``; returns the page count."""
    info = services.documents.info(_("Acknowledgement of receipt"), detail.reference)
    return build_pdf(path, info, ack_slip_flowables(services, detail, info))
