"""The words the survey screens, reports and history use for stored identifiers."""

from __future__ import annotations

from app.i18n import N_
from app.services.audit import register_labels
from app.services.roles import Permission

PROGRAMME_STATUS_LABELS = {
    "planned": N_("Planned"),
    "running": N_("Running"),
    "closed": N_("Closed"),
    "cancelled": N_("Cancelled"),
}
ITEM_KIND_LABELS = {
    "likert": N_("Scale 1–5"),
    "single": N_("One choice"),
    "multiple": N_("Several choices"),
    "yesno": N_("Yes / no"),
    "number": N_("Number"),
    "text": N_("Free text"),
}
SECTION_LABELS = {
    "items": N_("Scale items"),
    "suggestions": N_("Suggestions"),
    "demographics": N_("Personal information"),
}
AUDIENCE_LABELS = {"beneficiary": N_("Beneficiaries"), "donor": N_("Donors")}
FLAG_LABELS = {
    "identical": N_("Every item has the same answer"),
    "missing-required": N_("A required item is unanswered"),
}
ACTION_STATUS_LABELS = {"open": N_("Not done yet"), "done": N_("Done"), "cancelled": N_("Cancelled")}

register_labels(
    "programmes",
    N_("Programme"),
    {
        "number": N_("Programme number"),
        "name": N_("Name"),
        "kind": N_("Kind"),
        "centre": N_("Centre"),
        "city": N_("City"),
        "starts_on": N_("Starts"),
        "ends_on": N_("Ends"),
        "status": N_("Status"),
        "description": N_("Description"),
        "name_key": N_("Name"),
    },
)
register_labels(
    "survey_templates",
    N_("Survey template"),
    {
        "key": N_("Template"),
        "version": N_("Version"),
        "audience": N_("For"),
        "title": N_("Title"),
        "title_en": N_("Title in English"),
        "items": N_("Questions"),
        "retired": N_("Retired"),
    },
    viewers=Permission.SURVEYS_ANALYSE,
)
register_labels(
    "survey_forms",
    N_("Printed survey form"),
    {
        "number": N_("Form number"),
        "serial": N_("Form number"),
        "programme_id": N_("Programme"),
        "template_id": N_("Template"),
        "client_id": N_("Client"),
        "print_run": N_("Printing"),
        "printed_at": N_("Printed at"),
        "printed_by": N_("Printed by"),
    },
    viewers=Permission.SURVEYS_ENTER,
)
register_labels(
    "survey_responses",
    N_("Survey response"),
    {
        "form_id": N_("Form"),
        "programme_id": N_("Programme"),
        "template_id": N_("Template"),
        "client_id": N_("Client"),
        "pass_no": N_("Keying"),
        "scores": N_("Answers"),
        "answers": N_("Answers"),
        "age_group": N_("Age group"),
        "first_time": N_("First time"),
        "flags": N_("Flags"),
        "note": N_("Note"),
        "keyed_at": N_("Keyed at"),
        "keyed_by": N_("Keyed by"),
    },
    viewers=Permission.SURVEYS_ENTER,
)
register_labels(
    "survey_actions",
    N_("Survey action"),
    {
        "programme_id": N_("Programme"),
        "template_key": N_("Template"),
        "item_id": N_("Item"),
        "description": N_("Action"),
        "owner": N_("Owner"),
        "due": N_("Due"),
        "status": N_("Status"),
        "done_at": N_("Done at"),
        "done_note": N_("What was done"),
        "created_by": N_("Created by"),
    },
    viewers=Permission.SURVEYS_ANALYSE,
)
