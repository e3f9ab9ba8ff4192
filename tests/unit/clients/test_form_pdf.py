"""The printed client form (نموذج إنشاء / تعديل بيانات العملاء): built from real requests and by hand,
read back with pdfium, rendered to images (saved under artifacts/clients for a person to look at)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from app import i18n
from app.calendars.hijri import to_hijri
from app.clients.fields import FIELD_LABELS
from app.clients.form_pdf import (
    LAYOUT,
    ClientForm,
    TickBoxes,
    blank_form,
    client_form_bytes,
    form_from_client,
    form_from_request,
    write_client_form,
)
from app.i18n import _
from app.printing.fonts import has_glyph
from app.services.app_services import AppServices
from app.text.bidi import BIDI_CONTROLS, strip_bidi_controls, visual_line
from app.text.digits import localize_digits
from tests.clients_people import RegistryPeople
from tests.unit.printing.pdfcheck import (
    FRAME_LEFT,
    FRAME_RIGHT,
    SCALE,
    Glyph,
    body_lines,
    glyphs,
    lines,
    nfkc,
    page_count,
    plain,
    render,
    save_pages,
    visual,
    words_rtl,
)

NAME = "مؤسسة عبدالرحمن بن سعيد الغامدي الخيرية"
VALUES = {
    "entity": "organisation", "name": NAME, "name_latin": "Ghamdi Foundation",
    "kinds": ["donor", "government"],
    "national_id": "7001234567", "mobile": "0551234567", "mobile2": "0501112233", "phone": "0126543210",
    "email": "info@ghamdi.org.sa", "city": "جدة", "neighbourhood": "الصفا", "centre": "JED-SAFA",
    "channel": "walk_in", "owner": "officer", "consent": True, "status": "active",
    "notes": "يفضل التواصل صباحًا عبر الجوال (بعد الساعة التاسعة).",
}
MOBILE_SHOWN = "055 123 4567"
OLD_MOBILE = "0559998877"
OLD_MOBILE_SHOWN = "055 999 8877"


def _save(path: Path, artifacts: Path, stem: str) -> None:
    folder = artifacts / "clients"
    saved = save_pages(path, folder, stem)
    saved[0].replace(folder / f"{stem}.png")
    assert (folder / f"{stem}.png").stat().st_size > 10_000


def _word(text: str) -> str:
    """A word compared without its marks and the punctuation around it."""
    return plain(text).strip(":.,،()")


def _runs(line: list[Glyph]) -> list[list[Glyph]]:
    """A line cut where the glyphs are far apart: the text of different cells."""
    runs: list[list[Glyph]] = []
    for glyph in line:
        if runs and glyph.left - runs[-1][-1].right < 4:
            runs[-1].append(glyph)
        else:
            runs.append([glyph])
    return runs


def _page_runs(path: Path) -> list[list[Glyph]]:
    return [run for page in range(page_count(path)) for line in lines(glyphs(path, page))
            for run in _runs(line)]


def _words(path: Path) -> set[str]:
    """Every word on the page, plain letters, read both ways (Arabic right to left, the rest left to
    right)."""
    found: set[str] = set()
    for run in _page_runs(path):
        found.update(_word(w) for w in words_rtl(run))
        found.update(_word(w) for w in visual(run).split())
    return found


def _has(words: set[str], text: str) -> bool:
    """Whether every word of ``text`` (as drawn: isolates and marks left out) is on the page."""
    return all(_word(w) in words for w in strip_bidi_controls(text).split() if _word(w))


def _reading(path: Path) -> str:
    """The page's Arabic in reading order, line after line."""
    return "\n".join(" ".join(words_rtl(line)) for line in lines(glyphs(path)))


def _visual_text(path: Path) -> str:
    return "\n".join(visual(line) for line in lines(glyphs(path)))


def _label(name: str) -> str:
    return _(FIELD_LABELS[name])


def _needle(text: str, rtl: bool) -> str:
    """``text`` as pdfium reads it back left to right."""
    return "".join(nfkc(c) for c in strip_bidi_controls(visual_line(text, rtl)))


def _span(line: list[Glyph], needle: str) -> tuple[float, float]:
    index = visual(line).index(needle)
    position, left, right = 0, None, 0.0
    for glyph in line:
        size = len(nfkc(glyph.char))
        if position >= index and left is None:
            left = glyph.left
        if left is not None:
            right = max(right, glyph.right)
        position += size
        if position >= index + len(needle):
            break
    assert left is not None
    return left, right


def _ticked(path: Path, image: Image.Image, label: str, rtl: bool) -> bool:
    """Whether the box beside ``label`` holds a tick: ink inside the box, between its top and bottom edges."""
    needle = _needle(label, rtl)
    line = next(run for line in body_lines(path) for run in _runs(line) if visual(run).strip() == needle)
    left, right = _span(line, needle)
    probe = TickBoxes([(label, False)], rtl=rtl)
    box, gap = probe.box, probe.LABEL_GAP
    x0 = right + gap if rtl else left - gap - box
    bottom, top = min(g.bottom for g in line), max(g.top for g in line)
    height = image.height / SCALE
    crop = image.crop((int((x0 + 2.5) * SCALE), int((height - top) * SCALE),
                       int((x0 + box - 2.5) * SCALE), int((height - bottom) * SCALE)))
    rows = [crop.crop((0, y, crop.width, y + 1)).tobytes() for y in range(crop.height)]
    edges = [y for y, row in enumerate(rows) if sum(v < 128 for v in row) >= 0.8 * len(row)]
    assert len(edges) >= 2, f"no box beside {label!r}"
    inside = rows[edges[0] + 2 : edges[-1] - 1]
    assert len(inside) >= 8, f"no box beside {label!r}"
    return sum(v < 128 for row in inside for v in row) > 4


def _nothing_outside_the_frame(path: Path) -> None:
    for page in range(page_count(path)):
        drawn = glyphs(path, page)
        assert not BIDI_CONTROLS & {g.char for g in drawn}
        assert {g.char for g in drawn if not g.char.isspace() and not has_glyph(g.char)} == set()
        for line in body_lines(path, page):
            # A letter's ink may overhang its advance by a fraction of a point, as on the slip.
            left, right = min(g.ink[0] for g in line), max(g.ink[2] for g in line)
            assert left >= FRAME_LEFT - 1 and right <= FRAME_RIGHT + 1, visual(line)


@pytest.fixture
def modify_request(services: AppServices, people: RegistryPeople) -> str:
    """An approved modify of an existing client: new mobile, city and kinds; the number of the request."""
    requests = services.client_requests
    created = requests.propose_create(people.manager, {**VALUES, "mobile": OLD_MOBILE, "city": "مكة المكرمة",
                                                       "kinds": ["donor"]})
    number = created.summary.client_number
    change = requests.propose_modify(people.steward, number, {"mobile": VALUES["mobile"], "city": "جدة",
                                                              "kinds": ["donor", "government"]})
    requests.approve(people.manager2, change.number)
    return change.number


def test_an_approved_modify_shows_new_values_old_ones_and_both_signatures(
        tmp_path: Path, services: AppServices, people: RegistryPeople, modify_request: str,
        artifacts: Path) -> None:
    detail = services.client_requests.detail(people.manager, modify_request)
    form = form_from_request(services, detail)
    assert form.action == "modify" and form.status == "approved"
    assert form.prepared_by == "سارة الزهراني" and form.approved_by == "ماجد القرني"
    path = write_client_form(services, form, tmp_path / "modify.pdf")
    _save(path, artifacts, "client_form_modify_ar")
    assert page_count(path) == 1

    words = _words(path)
    for name in LAYOUT:
        assert _has(words, _label(name)), name
    for text in (_("Prepared by"), _("Approved by"), "سارة الزهراني", "ماجد القرني", NAME, "الصفا",
                 "مركز حي الصفا", "مانح / داعم", "جهة حكومية", "عضو مجلس حي", "أخرى"):
        assert _has(words, text), text
    if _("Prepared by") != "Prepared by":  # once the catalog has the form's Arabic
        assert plain(_("Prepared by")) == "أعده" and _("Approved by") == "اعتمده"
    reading = plain(_reading(path))
    assert plain(NAME) in reading  # the name reads right to left, whole, in one line
    shown = _visual_text(path)
    for text in (modify_request, detail.summary.client_number, MOBILE_SHOWN, "050 111 2233", "012 654 3210",
                 "info@ghamdi.org.sa", "7001234567", "Ghamdi Foundation"):
        assert text in shown, text  # left to right, groups in order
    # The old values, each beside its field.
    previously = _("Previously: {value}")
    assert _has(words, previously.format(value="مكة المكرمة"))
    assert OLD_MOBILE_SHOWN in shown
    assert _has(words, previously.format(value="مانح / داعم"))
    # Two dates, Hijri beside Gregorian.
    year = localize_digits(str(to_hijri(date.today()).year), "arabic")
    assert shown.count(year) >= 2

    image = render(path)
    assert _ticked(path, image, "مانح / داعم", rtl=True)
    assert _ticked(path, image, "جهة حكومية", rtl=True)
    assert not _ticked(path, image, "عضو مجلس حي", rtl=True)
    assert not _ticked(path, image, "أخرى", rtl=True)
    assert _ticked(path, image, _("Modify"), rtl=True)
    assert not _ticked(path, image, _("Create"), rtl=True)
    _nothing_outside_the_frame(path)


def test_labels_sit_on_the_right_in_arabic_and_on_the_left_in_english(
        tmp_path: Path, services: AppServices, artifacts: Path) -> None:
    ar = write_client_form(services, _hand_made(services), tmp_path / "ar.pdf")
    i18n.set_language("en")  # the autouse fixture puts Arabic back
    en = write_client_form(services, _hand_made(services), tmp_path / "en.pdf")
    _save(en, artifacts, "client_form_create_en")
    assert page_count(en) == 1

    def x(path: Path, text: str, rtl: bool) -> float:
        needle = _needle(text, rtl)
        line = next(line for line in body_lines(path) if needle in visual(line))
        return _span(line, needle)[0]

    i18n.set_language("ar")
    assert x(ar, _label("email"), True) > x(ar, "info@ghamdi.org.sa", True)
    i18n.set_language("en")
    assert x(en, _label("email"), False) < x(en, "info@ghamdi.org.sa", False)
    words = _words(en)
    for name in LAYOUT:
        assert _has(words, _label(name)), name
    for text in ("Prepared by", "Approved by", "Donor / supporter", "Government body", "Walk-in", "Create"):
        assert _has(words, text), text
    image = render(en)
    assert _ticked(en, image, "Create", rtl=False)
    assert not _ticked(en, image, "Modify", rtl=False)
    assert _ticked(en, image, "Donor / supporter", rtl=False)
    assert not _ticked(en, image, "Volunteer", rtl=False)
    assert _ticked(en, image, "Organisation", rtl=False)
    assert not _ticked(en, image, "Person", rtl=False)
    _nothing_outside_the_frame(en)


def _hand_made(services: AppServices) -> ClientForm:
    """A pending create, labels resolved in the current language."""
    choices = services.settings.choices
    return ClientForm(
        action="create", request_number="RQ-TST-1447-000007", values=dict(VALUES), prepared_by="خالد العتيبي",
        prepared_on=date(2025, 10, 20), status="pending",
        kinds=[(c.id, c.label) for c in choices("client_kinds")],
        channel_label=next(c.label for c in choices("channels") if c.id == "walk_in"),
        centre_label=next(c.label for c in choices("centres") if c.id == "JED-SAFA"),
        owner_label="خالد العتيبي")


def test_the_blank_form_has_every_label_and_no_value(tmp_path: Path, services: AppServices,
                                                     artifacts: Path) -> None:
    form = blank_form(services)
    path = write_client_form(services, form, tmp_path / "blank.pdf")
    _save(path, artifacts, "client_form_blank_ar")
    assert page_count(path) == 1
    words = _words(path)
    for name in LAYOUT:
        assert _has(words, _label(name)), name
    for text in (_("Prepared by"), _("Approved by"), _("Create"), _("Modify"), "عضو مجلس حي", "مانح / داعم",
                 "جهة حكومية", "أخرى"):
        assert _has(words, text), text
    # Nothing but the printed words: labels, options, the signature fields.
    allowed: set[str] = set()
    texts = [_label(n) for n in LAYOUT] + [c.label for c in services.settings.choices("client_kinds")]
    texts += [_(t) for t in ("Request type", "Request number", "Client data", "Create", "Modify", "Person",
                             "Organisation", "Yes", "No", "Active", "Inactive", "Prepared by", "Approved by",
                             "Name", "Signature", "Date")]
    for text in texts:
        for line in (visual_line(text, True), text):
            allowed.update(plain(nfkc(w)) for w in strip_bidi_controls(line).split())
            allowed.update(plain(nfkc(w))[::-1] for w in strip_bidi_controls(line).split())
    body = {plain(w) for line in body_lines(path) for run in _runs(line)
            for w in [*words_rtl(run), *visual(run).split()]}
    assert body - allowed - {"/"} == set()
    image = render(path)
    for label in ("مانح / داعم", "جهة حكومية", "عضو مجلس حي", "أخرى", _("Create"), _("Modify")):
        assert not _ticked(path, image, label, rtl=True), label
    _nothing_outside_the_frame(path)


def test_a_client_prints_with_its_current_data_and_the_bytes_are_a_pdf(
        services: AppServices, people: RegistryPeople, tmp_path: Path) -> None:
    created = services.client_requests.propose_create(people.manager, dict(VALUES))
    client = services.clients.detail(people.manager, created.summary.client_number)
    form = form_from_client(services, client)
    assert form.action == "modify" and form.previous is None and form.prepared_by == ""
    assert form.channel_label == "حضوري (المقر أو المركز)" and form.centre_label == "مركز حي الصفا"
    data = client_form_bytes(services, form)
    assert data.startswith(b"%PDF")
    path = tmp_path / "client.pdf"
    path.write_bytes(data)
    assert page_count(path) == 1
    assert client.number in _visual_text(path)
    assert _has(_words(path), NAME)


def test_a_rejected_request_says_so_and_leaves_approval_unsigned(
        services: AppServices, people: RegistryPeople, tmp_path: Path) -> None:
    created = services.client_requests.propose_create(people.manager, dict(VALUES))
    change = services.client_requests.propose_modify(people.steward, created.summary.client_number,
                                                     {"neighbourhood": "الروضة"})
    rejected = services.client_requests.reject(people.manager, change.number, "الحي غير صحيح")
    form = form_from_request(services, rejected)
    assert form.status == "rejected" and form.approved_by == "" and form.reason == "الحي غير صحيح"
    path = write_client_form(services, form, tmp_path / "rejected.pdf")
    words = _words(path)
    assert _has(words, "الحي غير صحيح") and _has(words, "الروضة") and _has(words, "سارة الزهراني")
    assert not _has(words, "سعد الدوسري")


def test_long_notes_follow_the_grid_over_pages_and_every_word_prints(services: AppServices,
                                                                     tmp_path: Path) -> None:
    # A table row cannot break across pages: notes this long go below the grid, as a paragraph.
    notes = " ".join(["يرغب العميل في التواصل بشأن برامج الأسر المنتجة وفرص التطوع في المركز."] * 80)
    form = ClientForm(action="create", values={**VALUES, "notes": notes},
                      kinds=[(c.id, c.label) for c in services.settings.choices("client_kinds")])
    path = write_client_form(services, form, tmp_path / "long.pdf")
    assert page_count(path) == 2
    read = [w for page in range(2) for line in body_lines(path, page) for w in words_rtl(line)]
    assert " ".join(read).count("المنتجة") == 80
    last = {_word(w) for line in body_lines(path, 1) for run in _runs(line) for w in words_rtl(run)}
    assert _has(last, _("Approved by"))
    _nothing_outside_the_frame(path)
