"""The client's editable fields: their order, labels, and the one validation
every path goes through (the form, the command line, an import row).

Values travel as plain JSON-able dicts (``kinds`` a list, ``consent`` a bool),
the shape a change request stores and the form prints.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from app.errors import UserError
from app.i18n import N_
from app.text.digits import to_latin_digits
from app.text.phone import canonical_phone, parse_mobile

ENTITIES = ("person", "organisation")
STATUSES = ("active", "inactive")

# In the order the form and the request show them.
FIELDS: tuple[str, ...] = (
    "entity", "name", "name_latin", "kinds", "national_id", "mobile", "mobile2", "phone", "email",
    "city", "neighbourhood", "centre", "channel", "owner", "consent", "status", "notes",
)

FIELD_LABELS: dict[str, str] = {
    "number": N_("Client number"),
    "entity": N_("Person or organisation"),
    "name": N_("Client name"),
    "name_latin": N_("Name in Latin letters"),
    "kinds": N_("Client kind"),
    "national_id": N_("National ID / commercial registration"),
    "mobile": N_("Mobile"),
    "mobile2": N_("Second mobile"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "city": N_("City"),
    "neighbourhood": N_("Neighbourhood"),
    "centre": N_("Centre"),
    "channel": N_("Contact channel"),
    "owner": N_("Relationship owner"),
    "consent": N_("Agrees to be contacted"),
    "status": N_("Status"),
    "notes": N_("Other notes"),
    "merged_into": N_("Merged into"),
}
ENTITY_LABELS = {"person": N_("Person"), "organisation": N_("Organisation")}
STATUS_LABELS = {"active": N_("Active"), "inactive": N_("Inactive")}

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ID = re.compile(r"^\d{10}$")
MAX_NAME = 200


def empty_values() -> dict[str, Any]:
    return {"entity": "person", "name": "", "name_latin": "", "kinds": [], "national_id": "",
            "mobile": "", "mobile2": "", "phone": "", "email": "", "city": "", "neighbourhood": "",
            "centre": "", "channel": "", "owner": "", "consent": False, "status": "active", "notes": ""}


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _mobile(value: Any, field: str) -> str:
    text = _text(value)
    if not text:
        return ""
    try:
        return parse_mobile(text)
    except UserError as error:
        error.field = field
        raise


def clean_values(raw: Mapping[str, Any], kinds: Sequence[str], centres: Sequence[str] = (),
                 channels: Sequence[str] = ()) -> dict[str, Any]:
    """Every field checked and put in canonical form, or one :class:`UserError` naming the field.

    ``kinds``, ``centres`` and ``channels`` are the identifiers the settings allow
    (empty ``centres``/``channels`` skip that check).
    """
    values = empty_values()
    values.update({k: v for k, v in raw.items() if k in values})
    out: dict[str, Any] = {}
    entity = _text(values["entity"]) or "person"
    if entity not in ENTITIES:
        raise UserError("client-entity-unknown", "A client is a person or an organisation.", field="entity")
    out["entity"] = entity
    name = _text(values["name"])
    if not name:
        raise UserError("client-name-required", "Write the client's name.", field="name")
    if len(name) > MAX_NAME:
        raise UserError("client-name-too-long", "The name is longer than {n} characters.", field="name",
                        n=MAX_NAME)
    out["name"] = name
    out["name_latin"] = _text(values["name_latin"])[:MAX_NAME]
    chosen = values["kinds"]
    if isinstance(chosen, str):
        chosen = [k for k in re.split(r"[,\s،]+", chosen) if k]
    chosen = list(dict.fromkeys(str(k).strip() for k in chosen if str(k).strip()))
    if not chosen:
        raise UserError("client-kind-required", "Tick at least one client kind.", field="kinds")
    unknown = [k for k in chosen if k not in kinds]
    if unknown:
        raise UserError("client-kind-unknown", "“{kind}” is not a client kind in the settings.",
                        field="kinds", kind=unknown[0])
    out["kinds"] = chosen
    national_id = to_latin_digits(_text(values["national_id"])).replace(" ", "")
    if national_id and not _ID.match(national_id):
        raise UserError("client-id-invalid",
                        "A national ID or commercial registration is 10 digits; “{value}” is not.",
                        field="national_id", value=values["national_id"])
    out["national_id"] = national_id
    out["mobile"] = _mobile(values["mobile"], "mobile")
    out["mobile2"] = _mobile(values["mobile2"], "mobile2")
    if out["mobile2"] and out["mobile2"] == out["mobile"]:
        out["mobile2"] = ""
    phone = _text(values["phone"])
    if phone:
        canonical = canonical_phone(phone)
        if canonical is None:
            raise UserError("client-phone-invalid", "“{value}” is not a phone number.", field="phone",
                            value=phone)
        phone = canonical
    out["phone"] = phone
    email = _text(values["email"]).lower()
    if email and not _EMAIL.match(email):
        raise UserError("client-email-invalid", "“{value}” is not an email address.", field="email",
                        value=email)
    out["email"] = email
    out["city"] = _text(values["city"])[:64]
    out["neighbourhood"] = _text(values["neighbourhood"])[:64]
    centre = _text(values["centre"])
    if centre and centres and centre not in centres:
        raise UserError("client-centre-unknown", "“{value}” is not a centre in the settings.", field="centre",
                        value=centre)
    out["centre"] = centre
    channel = _text(values["channel"])
    if channel and channels and channel not in channels:
        raise UserError("client-channel-unknown", "“{value}” is not a contact channel in the settings.",
                        field="channel", value=channel)
    out["channel"] = channel
    out["owner"] = _text(values["owner"])
    out["consent"] = bool(values["consent"])
    status = _text(values["status"]) or "active"
    if status not in STATUSES:
        raise UserError("client-status-unknown", "A client is active or inactive.", field="status")
    out["status"] = status
    out["notes"] = str(values["notes"] or "").strip()
    return out


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    return [f for f in FIELDS if old.get(f) != new.get(f)]
