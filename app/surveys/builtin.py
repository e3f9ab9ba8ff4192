"""The templates every association starts with.

The beneficiary form is seed 000's «نموذج قياس رضا العملاء», item for item;
the donor form asks the donors of a closed programme (DOMAIN.md §3, last step).
"""

from __future__ import annotations

from app.surveys.records import Item, Option

BENEFICIARY_KEY = "beneficiary"
DONOR_KEY = "donor"

_BENEFICIARY_ITEMS = [
    ("بشكل عام أشعر بالرضا عن الخدمة التي قدمت لي", "Overall, I am satisfied with the service I received"),
    (
        "أشعر بأنه تم تحقيق الفائدة المرجوة من حصولي على الخدمة",
        "I feel the service gave me the benefit I hoped for",
    ),
    ("أعتقد بأن مكان تقديم الخدمة ذو جودة عالية", "The place where the service was given is of high quality"),
    ("تم تنفيذ وتنظيم الخدمة بكفاءة عالية", "The service was carried out and organised efficiently"),
    ("أعتقد بأنه تم الالتزام والتقيد بالمواعيد المحددة", "The set times were kept"),
    ("يتميز مقدم البرنامج بالكفاءة العالية", "The presenter of the programme is highly competent"),
    ("أتطلع إلى الحصول على مزيد من الخدمات في المستقبل", "I look forward to more services in the future"),
    (
        "سأقوم بتوصية معارفي من سكان الحي على الاستفادة من خدمات الجمعية",
        "I will recommend the association's services to people I know in the neighbourhood",
    ),
    ("أعتقد بأن طريقة الإعلان عن الخدمة كانت فعالة", "The way the service was announced was effective"),
    ("أشعر بأن الخدمة المقدمة تتوافق مع توقعاتي وتطلعاتي", "The service met my expectations"),
    (
        "أعتقد بأن رسوم الاشتراك (إن وجدت) رمزية وفي متناول الجميع",
        "The fees (if any) are nominal and affordable for everyone",
    ),
]

_DONOR_ITEMS = [
    ("بشكل عام أنا راضٍ عن البرنامج الذي دعمته", "Overall, I am satisfied with the programme I funded"),
    ("نُفِّذ البرنامج وفق ما اتُّفق عليه", "The programme was carried out as agreed"),
    (
        "وصلتني تقارير كافية عن سير البرنامج ونتائجه",
        "I received enough reports on the programme and its results",
    ),
    ("أثر البرنامج على المستفيدين واضح", "The programme's effect on its beneficiaries is clear"),
    ("كان تعامل فريق علاقات العملاء مهنياً", "The client relations team dealt with me professionally"),
    ("أنوي دعم برامج أخرى للجمعية", "I intend to fund other programmes of the association"),
    ("سأوصي غيري بدعم الجمعية", "I will recommend supporting the association to others"),
]

AGE_GROUPS = (
    Option("10-25", "10-25", "10-25"),
    Option("26-35", "26-35", "26-35"),
    Option("36-50", "36-50", "36-50"),
    Option("51+", "51 فما فوق", "51 and over"),
)


def _likert(rows: list[tuple[str, str]]) -> list[Item]:
    return [Item(f"q{n}", "likert", ar, en, required=True) for n, (ar, en) in enumerate(rows, 1)]


def _suggestions(ar: str, en: str) -> Item:
    return Item("suggestions", "text", ar, en, section="suggestions", lines=5)


def beneficiary_items() -> list[Item]:
    demographics = "demographics"
    return [
        *_likert(_BENEFICIARY_ITEMS),
        _suggestions("الاقتراحات للبرامج / الفعاليات القادمة", "Suggestions for coming programmes / events"),
        Item(
            "age",
            "single",
            "الفئة العمرية",
            "Age group",
            section=demographics,
            role="age_group",
            options=AGE_GROUPS,
        ),
        Item(
            "first_time",
            "yesno",
            "هل هذه المرة الأولى التي تحضر / تستفيد بها من خدمات الجمعية؟",
            "Is this the first time you attend / benefit from the association's services?",
            section=demographics,
            role="first_time",
        ),
        Item("name", "text", "الاسم", "Name", section=demographics, role="name"),
        Item("mobile", "text", "رقم الجوال", "Mobile", section=demographics, role="mobile"),
        Item("email", "text", "البريد الإلكتروني", "Email", section=demographics, role="email"),
        Item("neighbourhood", "text", "الحي", "Neighbourhood", section=demographics, role="neighbourhood"),
        Item("profession", "text", "المهنة", "Profession", section=demographics, role="profession"),
    ]


def donor_items() -> list[Item]:
    return [
        *_likert(_DONOR_ITEMS),
        _suggestions(
            "ملاحظاتكم ومقترحاتكم لتطوير البرامج", "Your remarks and suggestions for our programmes"
        ),
        Item(
            "name", "text", "اسم المانح / الجهة", "Donor / organisation", section="demographics", role="name"
        ),
        Item("mobile", "text", "رقم الجوال", "Mobile", section="demographics", role="mobile"),
    ]


# key → (audience, Arabic title, English title, items)
BUILTIN: dict[str, tuple[str, str, str, list[Item]]] = {
    BENEFICIARY_KEY: (
        "beneficiary",
        "نموذج قياس رضا العملاء",
        "Client satisfaction form",
        beneficiary_items(),
    ),
    DONOR_KEY: ("donor", "استبيان رضا المانحين", "Donor satisfaction survey", donor_items()),
}
