"""The pipeline's rules, in one place for the board, the form and the command line.

Open stages (identified, follow-up, closed) move freely among themselves;
"successful" needs a written commitment first (closed) and the amount and
date received; "cancelled" needs a reason; successful and cancelled are final.
"""

from __future__ import annotations

from datetime import date

from app.errors import UserError
from app.i18n import N_
from app.pipeline.records import OPEN_STAGES, STAGES

STAGE_LABELS = {
    "identified": N_("Identified"),
    "follow_up": N_("Follow-up"),
    "closed": N_("Closed (committed)"),
    "successful": N_("Successful"),
    "cancelled": N_("Cancelled"),
}
CONTACT_LABELS = {
    "call": N_("Call"),
    "meeting": N_("Meeting"),
    "letter": N_("Letter"),
    "visit": N_("Visit"),
    "email": N_("Email"),
    "whatsapp": N_("WhatsApp"),
}
MAX_AMOUNT = 10**13  # halalas


def check_stage(stage: str) -> str:
    if stage not in STAGES:
        raise UserError(
            "unknown-stage", "“{value}” is not a stage of the pipeline.", field="stage", value=stage
        )
    return stage


def check_move(
    current: str,
    target: str,
    *,
    reason: str = "",
    received_halalas: int | None = None,
    received_on: date | None = None,
) -> None:
    """Refuse, with one sentence, a move the rules forbid."""
    check_stage(target)
    if current == target:
        raise UserError("stage-unchanged", "The opportunity is already at this stage.", field="stage")
    if current not in OPEN_STAGES:
        raise UserError(
            "stage-final", "A successful or cancelled opportunity does not move any more.", field="stage"
        )
    if target == "cancelled" and not reason.strip():
        raise UserError("cancel-reason", "Write why the opportunity is cancelled.", field="reason")
    if target == "successful":
        if current != "closed":
            raise UserError(
                "successful-needs-commitment",
                "Only a closed opportunity (a written commitment) can become successful.",
                field="stage",
            )
        if received_halalas is None or not 0 < received_halalas <= MAX_AMOUNT:
            raise UserError("received-amount", "Write the amount received, in riyals.", field="amount")
        if received_on is None:
            raise UserError("received-date", "Write the date the funds were received.", field="received_on")


def check_probability(value: int) -> int:
    if not 0 <= value <= 100:
        raise UserError("probability", "The probability is a percentage from 0 to 100.", field="probability")
    return value


def check_amount(halalas: int) -> int:
    if not 0 <= halalas <= MAX_AMOUNT:
        raise UserError("expected-amount", "Write the expected amount in riyals.", field="amount")
    return halalas
