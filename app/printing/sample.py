"""A sample document that exercises every part of the print layer (``sila print sample``).

The body is Arabic on purpose: it is the test card for the right-to-left
traps (wrapping order, brackets, phone numbers, emails, tashkeel, tables,
page breaks), and the one a person looks at after changing this layer.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable

from app.i18n import _
from app.printing.blocks import SignatureBlock, field_row, heading, signature_blocks, spacer
from app.printing.document import DocumentInfo, build_pdf
from app.printing.rtl import RTLParagraph
from app.printing.tables import rtl_table

EMAIL = "info@albir.org.sa"
MOBILE = "055 123 4567"
MOBILE_INTERNATIONAL = "+966 55 123 4567"
REFERENCE = "C-JED-1447-000123"

INTRO = (
    "تسعى جمعية البر الخيرية (جمعية أهلية مسجلة) إلى تقديم خدماتها لجميع المستفيدين "
    "بكفاءة وعدالة، وتحرص على التواصل الدائم مع عملائها وشركائها والجهات الحكومية "
    "والمتبرعين، وتستقبل الشكاوى والاستفسارات والاقتراحات عبر جميع القنوات المتاحة. "
    f"ويمكن التواصل معنا عبر البريد الإلكتروني {EMAIL} أو الجوال {MOBILE} "
    f"أو من خارج المملكة على الرقم {MOBILE_INTERNATIONAL}، مع ذكر رقم المرجع "
    f"{REFERENCE} في جميع المراسلات حتى نتمكن من متابعة طلبكم بسرعة."
)
TASHKEEL = "قَالَ رَسُولُ اللَّهِ ﷺ: «خَيْرُ النَّاسِ أَنْفَعُهُمْ لِلنَّاسِ»."
BRACKETS = "ملاحظة (مهمة): يُرفق [صورة الهوية] و{عقد الإيجار} مع الطلب."
LONG_EMAIL = "albir.customer.relations.department@branch-office.albir.org.sa"
POLICY = (
    "تلتزم الجمعية بالرد على كل شكوى خلال ثلاثة أيام عمل من تاريخ استلامها، "
    "وتحال الشكوى إلى الإدارة المختصة لدراستها واتخاذ الإجراء المناسب، ثم يبلَّغ "
    "صاحبها بالنتيجة كتابيًا أو هاتفيًا على الرقم الذي سجله (مثل {phone}). "
    "وتحفظ جميع الشكاوى في سجل خاص يراجعه مسؤول الجودة شهريًا، ويرفع تقريرًا "
    "بأعدادها وأنواعها ومدد معالجتها إلى مجلس الإدارة، مع التوصيات اللازمة "
    "لتحسين الخدمة ومنع تكرار أسباب الشكاوى. "
)


def sample_flowables(rtl: bool = True) -> list[Flowable]:
    """The sample's body, in logical order; long enough to run over several pages."""
    body: list[Flowable] = [
        heading("التعريف بالجمعية", rtl=rtl),
        RTLParagraph(INTRO, rtl=rtl, space_after=6),
        field_row("البريد الإلكتروني:", EMAIL, rtl=rtl),
        field_row("الجوال:", MOBILE, rtl=rtl),
        field_row("رقم المرجع:", REFERENCE, rtl=rtl),
        field_row("بريد طويل:", LONG_EMAIL, rtl=rtl),
        spacer(),
        RTLParagraph(TASHKEEL, rtl=rtl, font_size=13, space_after=4),
        RTLParagraph(BRACKETS, rtl=rtl, space_after=6),
        heading("قنوات التواصل", level=2, rtl=rtl),
        rtl_table(
            [
                ["القناة", "الرقم أو العنوان", "ساعات العمل", "عدد الطلبات"],
                ["الجوال", MOBILE, "من ٨ صباحًا إلى ٤ مساءً", "1,250"],
                ["الهاتف الدولي", MOBILE_INTERNATIONAL, "على مدار الساعة", "87"],
                ["البريد الإلكتروني", EMAIL, "يُرد خلال يوم عمل", "3,410"],
                ["الموقع", "https://albir.org.sa", "دائمًا", "-12"],
            ],
            col_widths=["22%", "34%", "28%", "16%"],
            zebra=True,
            numeric_columns={3},
            rtl=rtl,
        ),
        heading("سياسة معالجة الشكاوى", level=2, rtl=rtl),
    ]
    for n in range(1, 9):
        body.append(RTLParagraph(f"{n}. " + POLICY.format(phone=MOBILE) * 2, rtl=rtl, space_after=4))
    body.append(heading("سجل المتابعة", level=2, rtl=rtl))
    rows = [["م", "التاريخ", "الإجراء", "المسؤول"]]
    rows += [
        [str(i), f"{(i - 1) % 29 + 1} / 5 / 1447 هـ", "متابعة الشكوى والتواصل مع صاحبها", "علاقات العملاء"]
        for i in range(1, 46)
    ]
    body.append(rtl_table(rows, ["8%", "22%", "45%", "25%"], numeric_columns={0}, rtl=rtl))
    body.append(
        signature_blocks(
            [
                SignatureBlock(_("Prepared by"), "محمد بن عبدالله", "٣ / ٥ / ١٤٤٧ هـ"),
                SignatureBlock(_("Reviewed by"), "سارة العتيبي", "٤ / ٥ / ١٤٤٧ هـ"),
                SignatureBlock(_("Approved by"), "أ. خالد الحربي"),
            ],
            rtl=rtl,
        )
    )
    return body


def build_sample_document(path: Path | str, info: DocumentInfo) -> int:
    """Write the sample document to ``path``; returns its page count."""
    return build_pdf(path, info, sample_flowables(rtl=info.rtl))
