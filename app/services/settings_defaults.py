"""Settings: every key, its default (the seeds' values) and how it is validated.

Nothing association-specific is hard-coded elsewhere: screens and documents
read these. Lists of choices (centres, channels, kinds, categories) are items
``{"id", "ar", "en", "active"}``: the id is stable, the labels are the
association's own words in both languages.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.errors import UserError
from app.i18n import N_, _
from app.text.digits import to_latin_digits


def _item(id_: str, ar: str, en: str, **extra: Any) -> dict[str, Any]:
    return {"id": id_, "ar": ar, "en": en, "active": True, **extra}


DEFAULT_CENTRES = [
    _item("HQ", "المقر الرئيسي", "Head office", city="jeddah"),
    _item("JED-SAFA", "مركز حي الصفا", "Al-Safa neighbourhood centre", city="jeddah"),
    _item("MAK-AZIZIYAH", "مركز حي العزيزية", "Al-Aziziyah neighbourhood centre", city="makkah"),
    _item("TAIF-SHAFA", "مركز حي الشفا", "Al-Shafa neighbourhood centre", city="taif"),
]

# Seeds 000 §5, 001, 004: the channels complaints and inquiries arrive through.
DEFAULT_CHANNELS = [
    _item("walk_in", "حضوري (المقر أو المركز)", "Walk-in (head office or centre)"),
    _item("phone", "اتصال هاتفي", "Phone"),
    _item("toll_free", "الرقم المجاني 800", "Toll-free 800 line"),
    _item("whatsapp", "واتساب", "WhatsApp"),
    _item("email", "البريد الإلكتروني", "Email"),
    _item("social", "وسائل التواصل الاجتماعي", "Social media"),
    _item("letter", "خطاب", "Letter"),
    _item("website", "الموقع الإلكتروني", "Website"),
    _item("branch_office", "موظفو المكاتب الفرعية", "Branch office staff"),
]

# Seed 000 §6 and the other seeds' kinds.
DEFAULT_CLIENT_KINDS = [
    _item("donor", "مانح / داعم", "Donor / supporter"),
    _item("government", "جهة حكومية", "Government body"),
    _item("council_member", "عضو مجلس حي", "Neighbourhood council member"),
    _item("beneficiary", "مستفيد", "Beneficiary"),
    _item("volunteer", "متطوع", "Volunteer"),
    _item("provider", "مزود خدمة", "Service provider"),
    _item("member", "عضو الجمعية العمومية", "General-assembly member"),
    _item("other", "أخرى", "Other"),
]

DEFAULT_COMPLAINT_CATEGORIES = [
    _item("service_quality", "جودة الخدمة", "Service quality"),
    _item("service_delay", "تأخر تقديم الخدمة", "Delay in service"),
    _item("staff_conduct", "تعامل الموظفين", "Staff conduct"),
    _item("eligibility", "الأهلية والتسجيل", "Eligibility and registration"),
    _item("aid_distribution", "توزيع المساعدات", "Aid distribution"),
    _item("facilities", "المرافق والمكان", "Facilities and premises"),
    _item("donations", "التبرعات والإيصالات", "Donations and receipts"),
    _item("other", "أخرى", "Other"),
]

# DOMAIN.md §1: beneficiary complaints go to centre affairs, donor complaints to client relations.
DEFAULT_DEPARTMENTS = [
    _item("centre_affairs", "شؤون المراكز", "Centre affairs"),
    _item("client_relations", "علاقات العملاء", "Client relations"),
    _item("quality", "إدارة الجودة", "Quality"),
    _item("programmes", "البرامج والأنشطة", "Programmes and activities"),
    _item("finance", "الإدارة المالية", "Finance"),
]

# Frequent questions with approved answers (DOMAIN.md §1): the question in "ar"/"en",
# the answer in "answer_ar"/"answer_en".
DEFAULT_FAQ = [
    _item("opening_hours", "ما أوقات الدوام الرسمي؟", "What are the opening hours?",
          answer_ar="من الأحد إلى الخميس، من الساعة الثامنة صباحًا حتى الرابعة عصرًا.",
          answer_en="Sunday to Thursday, from 8 a.m. to 4 p.m."),
    _item("register_beneficiary", "كيف أسجل مستفيدًا جديدًا؟", "How do I register as a beneficiary?",
          answer_ar="بزيارة أقرب مركز مع الهوية الوطنية وصك الإعالة وتعبئة نموذج التسجيل، "
                    "ويُبلَّغ المتقدم بالنتيجة خلال خمسة أيام عمل.",
          answer_en="Visit the nearest centre with your national ID and proof of dependants and fill in the "
                    "registration form; you will hear back within five working days."),
    _item("donation_receipt", "كيف أحصل على إيصال التبرع؟", "How do I get a donation receipt?",
          answer_ar="يُرسل الإيصال برسالة نصية بعد التبرع مباشرة، ويمكن طلب نسخة من الإدارة المالية.",
          answer_en="The receipt is sent by text message right after the donation; finance can send a copy."),
    _item("aid_dates", "متى تُصرف المساعدات الشهرية؟", "When is the monthly aid paid?",
          answer_ar="تُصرف المساعدات في الأسبوع الأول من كل شهر هجري.",
          answer_en="Monthly aid is paid in the first week of each Hijri month."),
    _item("volunteer", "كيف أتطوع في الجمعية؟", "How can I volunteer?",
          answer_ar="بالتسجيل في منصة العمل التطوعي أو بزيارة المقر الرئيسي.",
          answer_en="Register on the national volunteering platform or visit the head office."),
]

# Seed 002: answered within 3 working days at most; seed 000: studied within 1 day.
DEFAULT_SLA_RULES = [
    {"type": "complaint", "priority": "*", "study_days": 1, "answer_days": 3},
    {"type": "complaint", "priority": "urgent", "study_days": 0, "answer_days": 1},
    {"type": "inquiry", "priority": "*", "study_days": 1, "answer_days": 2},
    {"type": "suggestion", "priority": "*", "study_days": 2, "answer_days": 5},
    {"type": "compliment", "priority": "*", "study_days": 2, "answer_days": 5},
]

# Kinds of programme and activity: what donors like to fund (seed 000 §4.1.12).
DEFAULT_PROGRAMME_KINDS = [
    _item("food", "السلال الغذائية والإطعام", "Food baskets and meals"),
    _item("orphans", "كفالة الأيتام", "Orphan sponsorship"),
    _item("housing", "الإسكان والترميم", "Housing and repairs"),
    _item("health", "الرعاية الصحية", "Health care"),
    _item("education", "التعليم والتدريب", "Education and training"),
    _item("seasonal", "البرامج الموسمية (رمضان والعيد)", "Seasonal (Ramadan and Eid)"),
    _item("community", "الأنشطة المجتمعية والتوعوية", "Community and awareness activities"),
    _item("water", "سقيا الماء", "Drinking water"),
]

# The success factors an opportunity is checked against (seed 000 §4.1.11–4.1.14).
DEFAULT_OPPORTUNITY_FACTORS = [
    _item("interest", "اهتمام المانح بنوع البرنامج", "The donor is interested in this kind of programme"),
    _item("history", "دعم سابق من المانح للجمعية", "The donor has funded the association before"),
    _item("budget", "ميزانية البرنامج واضحة ومعتمدة", "The programme's budget is clear and approved"),
    _item("impact", "تقارير أثر ونجاح سابقة للبرنامج", "Earlier impact and success reports of the programme"),
    _item("contact", "علاقة مباشرة مع صاحب القرار لدى المانح",
          "A direct relationship with the donor's decision maker"),
    _item("timing", "توافق التوقيت مع دورة ميزانية المانح", "The timing matches the donor's budget cycle"),
]

# Campaign channels of the annual marketing plan (seed 000 §4.1.8).
DEFAULT_CAMPAIGN_CHANNELS = [
    _item("website", "الموقع الإلكتروني والحملات الإلكترونية", "Website and online campaigns"),
    _item("sms", "الرسائل النصية", "SMS"),
    _item("brochures", "المطويات في المجمعات التجارية والفنادق", "Brochures in malls and hotels"),
    _item("billboards", "اللوحات الإعلانية", "Billboards"),
    _item("social", "وسائل التواصل الاجتماعي", "Social media"),
]

# Python weekday numbers (Monday=0): Sunday to Thursday.
DEFAULT_WORKING_WEEK = [6, 0, 1, 2, 3]


def _default_holidays() -> list[dict[str, Any]]:
    from app.calendars.workdays import default_holidays

    return [rule.to_dict() for rule in default_holidays()]


# --- validation -------------------------------------------------------------

def _label(key: str) -> str:
    """The setting's name as the user knows it, for messages."""
    spec = SPECS.get(key)
    return _(spec.label) if spec else key


def _fail(key: str) -> UserError:
    return UserError("invalid-setting", "The value given for “{key}” is not valid.", field=key,
                     key=_label(key))


def _text(max_len: int, required: bool = True) -> Callable[[str, Any], Any]:
    def check(key: str, value: Any) -> Any:
        if not isinstance(value, str) or len(value) > max_len:
            raise _fail(key)
        value = value.strip()
        if required and not value:
            raise UserError("setting-required", "“{key}” cannot be empty.", field=key, key=_label(key))
        return value
    return check


def _int_range(low: int, high: int) -> Callable[[str, Any], Any]:
    def check(key: str, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _fail(key)
        return value
    return check


def _choice(*options: str) -> Callable[[str, Any], Any]:
    def check(key: str, value: Any) -> Any:
        if value not in options:
            raise _fail(key)
        return value
    return check


def _items(key: str, value: Any) -> Any:
    if not isinstance(value, list) or not value:
        raise UserError("setting-list-empty", "“{key}” needs at least one entry.", field=key,
                        key=_label(key))
    seen: set[str] = set()
    cleaned = []
    for item in value:
        if not isinstance(item, dict):
            raise _fail(key)
        ident = str(item.get("id", "")).strip()
        ar = str(item.get("ar", "")).strip()
        en = str(item.get("en", "")).strip() or ar
        if not ident or not ar:
            raise UserError("setting-item-incomplete",
                            "Every entry of “{key}” needs an identifier and an Arabic name.",
                            field=key, key=_label(key))
        if ident in seen:
            raise UserError("setting-item-duplicate", "The identifier “{ident}” appears twice in “{key}”.",
                            field=key, key=_label(key), ident=ident)
        seen.add(ident)
        cleaned.append({**item, "id": ident, "ar": ar, "en": en, "active": bool(item.get("active", True))})
    return cleaned


def _faq(key: str, value: Any) -> Any:
    items = _items(key, value)
    for item in items:
        item["answer_ar"] = str(item.get("answer_ar", "")).strip()
        item["answer_en"] = str(item.get("answer_en", "")).strip() or item["answer_ar"]
        if not item["answer_ar"]:
            raise UserError("faq-answer-required", "Every question needs its approved answer in Arabic.",
                            field=key)
    return items


def _stewards(key: str, value: Any) -> Any:
    """The client data steward and the deputy: user names ("" while none is named)."""
    if not isinstance(value, dict):
        raise _fail(key)
    steward, deputy = (" ".join(str(value.get(k, "")).split()) for k in ("steward", "deputy"))
    if steward and steward.casefold() == deputy.casefold():
        raise UserError("stewards-same", "The steward and the deputy must be two different people.",
                        field=key)
    return {"steward": steward, "deputy": deputy}


def _sla_rules(key: str, value: Any) -> Any:
    if not isinstance(value, list):
        raise _fail(key)
    for rule in value:
        if not isinstance(rule, dict) or not isinstance(rule.get("type"), str):
            raise _fail(key)
        for days in ("study_days", "answer_days"):
            n = rule.get(days)
            if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 365:
                raise _fail(key)
    return value


def _working_week(key: str, value: Any) -> Any:
    if (not isinstance(value, list) or not value
            or any(isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in value)):
        raise UserError("working-week-empty", "The working week needs at least one working day.",
                        field=key)
    return sorted(set(value), key=lambda d: (d + 1) % 7)  # Sunday first


def _holidays(key: str, value: Any) -> Any:
    from app.calendars.workdays import HolidayRule

    if not isinstance(value, list):
        raise _fail(key)
    try:
        return [HolidayRule.from_dict(item).to_dict() for item in value]
    except (KeyError, TypeError, ValueError) as exc:
        raise _fail(key) from exc


def _phone(key: str, value: Any) -> Any:
    # Stored with Latin digits: Arabic-Indic groups with spaces reorder in mixed text.
    return to_latin_digits(_text(40, required=False)(key, value))


_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def _logo(key: str, value: Any) -> Any:
    # A PNG or JPEG as base64 text; "" for none. Kept small: it is printed on every page.
    if not isinstance(value, str) or len(value) > 700_000:
        raise UserError("logo-too-large", "The logo must be an image smaller than 500 KB.", field=key)
    if value:
        try:
            head = base64.b64decode(value[:64], validate=True)
        except (binascii.Error, ValueError):
            head = b""
        if not head.startswith(_IMAGE_MAGIC):
            raise UserError("logo-not-image", "The logo must be a PNG or JPEG image.", field=key)
    return value


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str  # English source, translated where shown
    default: Callable[[], Any]
    validate: Callable[[str, Any], Any]


SPECS: dict[str, SettingSpec] = {s.key: s for s in [
    SettingSpec("association.name", N_("Association name"),
                lambda: "جمعية البر الخيرية", _text(200)),
    SettingSpec("association.name_en", N_("Association name in English"),
                lambda: "Al-Birr Charitable Association", _text(200, required=False)),
    SettingSpec("association.logo", N_("Association logo"), lambda: "", _logo),
    SettingSpec("association.phone", N_("Association phone"), lambda: "8002450245", _phone),
    SettingSpec("association.email", N_("Association email"), lambda: "info@albir.org.sa",
                _text(120, required=False)),
    SettingSpec("centres", N_("Centres and branches"), lambda: DEFAULT_CENTRES, _items),
    SettingSpec("channels", N_("Contact channels"), lambda: DEFAULT_CHANNELS, _items),
    SettingSpec("client_kinds", N_("Client kinds"), lambda: DEFAULT_CLIENT_KINDS, _items),
    SettingSpec("complaint_categories", N_("Complaint categories"),
                lambda: DEFAULT_COMPLAINT_CATEGORIES, _items),
    SettingSpec("departments", N_("Departments"), lambda: DEFAULT_DEPARTMENTS, _items),
    SettingSpec("programme_kinds", N_("Programme kinds"), lambda: DEFAULT_PROGRAMME_KINDS, _items),
    SettingSpec("opportunity_factors", N_("Opportunity success factors"),
                lambda: DEFAULT_OPPORTUNITY_FACTORS, _items),
    SettingSpec("campaign_channels", N_("Campaign channels"), lambda: DEFAULT_CAMPAIGN_CHANNELS, _items),
    SettingSpec("pipeline.stale_days", N_("Days without contact before an opportunity is stale"),
                lambda: 14, _int_range(1, 365)),
    SettingSpec("client_stewards", N_("Client data steward and deputy"),
                lambda: {"steward": "", "deputy": ""}, _stewards),
    SettingSpec("faq", N_("Frequent questions and answers"), lambda: DEFAULT_FAQ, _faq),
    SettingSpec("sla_rules", N_("Response deadlines (working days)"),
                lambda: DEFAULT_SLA_RULES, _sla_rules),
    SettingSpec("working_week", N_("Working week"), lambda: DEFAULT_WORKING_WEEK, _working_week),
    SettingSpec("holidays", N_("Holidays"), _default_holidays, _holidays),
    SettingSpec("display.digits", N_("Digits"), lambda: "arabic", _choice("arabic", "latin")),
    SettingSpec("security.max_failed_logins", N_("Failed logins before lock-out"),
                lambda: 5, _int_range(1, 20)),
    SettingSpec("security.lockout_minutes", N_("Lock-out duration (minutes)"),
                lambda: 15, _int_range(1, 24 * 60)),
]}
