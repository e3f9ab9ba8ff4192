"""Programmes, printed form numbers, keying, template versions and the analysis, on a real SQLite file."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import PermissionDenied, UserError
from app.services.app_services import AppServices
from app.services.context import Actor
from app.surveys.forms import parse_form_entry, qr_payload
from app.surveys.records import SurveyQuery
from tests.surveys_people import survey_desk

ANSWERS = [
    "5,4,4,3,5,5,4,4,3,5,2",
    "4,4,4,4,4,4,4,4,4,4,4",
    "3,0,2,3,4,5,1,2,3,4,5",
]


def test_form_numbers_are_reserved_per_copy_and_typed_as_digits(services: AppServices, admin: Actor) -> None:
    d = survey_desk(services, admin, copies=3)
    assert d.printed.numbers == ("SF-TST-000001", "SF-TST-000002", "SF-TST-000003")
    again = services.survey_forms.reserve(d.quality, d.programme.number, "beneficiary", 2)
    assert again.numbers == ("SF-TST-000004", "SF-TST-000005")
    assert parse_form_entry("٣") == (None, 3)
    assert parse_form_entry("sf-tst-000003") == ("SF-TST-000003", 3)
    assert parse_form_entry(qr_payload("SF-TST-000003", "beneficiary", 1)) == ("SF-TST-000003", 3)
    assert parse_form_entry("abc") == (None, None)
    assert services.programmes.get(d.quality, d.programme.number).printed == 5


def test_keying_then_summary_gives_the_means(services: AppServices, admin: Actor) -> None:
    d = survey_desk(services, admin)
    for n, answers in enumerate(ANSWERS, 1):
        services.survey_entry.add(d.quality, d.programme.number, str(n), answers, age_group="26-35",
                                  first_time="yes" if n % 2 else "no")
    summary = services.survey_analysis.summary(d.quality, SurveyQuery(programmes=(d.programme.number,)))
    assert summary.responses == 3
    first = summary.items[0]
    assert (first.number, first.answered, first.mean) == (1, 3, pytest.approx(4.0))
    second = summary.items[1]
    assert (second.answered, second.unanswered, second.mean) == (2, 1, pytest.approx(4.0))
    assert summary.items[6].distribution == (1, 0, 0, 2, 0)
    assert summary.flagged == 2  # every item 4; a required item unanswered
    assert summary.weakest[0] == 7  # 4, 4, 1 → 3.0, the lowest
    by_first = services.survey_analysis.breakdown(d.quality, SurveyQuery(), "first_time")
    assert {g.key: g.summary.responses for g in by_first} == {"True": 2, "False": 1}


def test_bad_keying_changes_nothing(services: AppServices, admin: Actor) -> None:
    d = survey_desk(services, admin, copies=2)
    other = services.programmes.add(d.quality, "دورة الحاسب")
    services.survey_forms.reserve(d.quality, other.number, "beneficiary", 1)  # form 3: another programme
    entry = services.survey_entry
    with pytest.raises(UserError) as e:
        entry.add(d.quality, d.programme.number, "3", ANSWERS[0])
    assert e.value.code == "form-not-printed"
    with pytest.raises(UserError) as e:
        entry.add(d.quality, d.programme.number, "99", ANSWERS[0])
    assert e.value.code == "form-not-printed"
    with pytest.raises(UserError) as e:
        entry.add(d.quality, d.programme.number, "1", "5,4,4,3,5,6,4,4,3,5,2")
    assert e.value.code == "answer-out-of-scale"
    with pytest.raises(UserError) as e:
        entry.add(d.quality, d.programme.number, "1", "5,4,4")
    assert e.value.code == "answers-count"
    with pytest.raises(PermissionDenied):
        entry.add(d.desk, d.programme.number, "1", ANSWERS[0])
    assert entry.batch(d.quality, d.programme.number).keyed == 0
    entry.add(d.quality, d.programme.number, "١", ANSWERS[0])
    with pytest.raises(UserError) as e:
        entry.add(d.quality, d.programme.number, "SF-TST-000001", ANSWERS[1])
    assert e.value.code == "form-keyed-twice"
    assert entry.batch(d.quality, d.programme.number).keyed == 1
    assert str(e.value)  # one sentence, in the user's language


def test_a_template_edit_after_answers_makes_a_new_version(services: AppServices, admin: Actor) -> None:
    d = survey_desk(services, admin, copies=2)
    templates = services.survey_templates
    v1 = templates.get(d.quality, "beneficiary")
    assert (v1.version, len(v1.likert)) == (1, 11)
    unanswered = templates.save(d.quality, "beneficiary", v1.title, list(v1.items)[1:])
    assert (unanswered.version, unanswered.id) == (1, v1.id)  # nobody answered it: changed in place
    templates.save(d.quality, "beneficiary", v1.title, v1.items)  # back to eleven items
    services.survey_entry.add(d.quality, d.programme.number, "1", ANSWERS[0])
    v2 = templates.save(d.quality, "beneficiary", v1.title, list(v1.items)[1:])
    assert v2.version == 2 and v2.id != v1.id
    assert len(templates.get(d.quality, v1.id).likert) == 11  # the answered version did not change
    # The next printing uses the new version; the analysis matches items across versions.
    run = services.survey_forms.reserve(d.quality, d.programme.number, "beneficiary", 1)
    services.survey_entry.add(d.quality, d.programme.number, run.numbers[0], "1,1,1,1,1,1,1,1,1,2")
    summary = services.survey_analysis.summary(d.quality, SurveyQuery())
    by_id = {i.item_id: i for i in summary.items}
    assert by_id["q1"].answered == 1 and by_id["q2"].answered == 2
    assert by_id["q11"].mean == pytest.approx((2 + 2) / 2)


def test_second_keying_gives_the_error_rate(services: AppServices, admin: Actor) -> None:
    d = survey_desk(services, admin, copies=3)
    entry = services.survey_entry
    for n in (1, 2):
        entry.add(d.quality, d.programme.number, str(n), ANSWERS[0], age_group="26-35")
    entry.add(d.quality, d.programme.number, "1", ANSWERS[0], age_group="26-35", pass_no=2)
    entry.add(d.quality, d.programme.number, "2", "5,4,4,3,5,5,4,4,3,5,3", age_group="26-35", pass_no=2)
    result = entry.verification(d.quality, d.programme.number)
    assert (result.forms, result.items_compared, result.items_differing) == (2, 26, 1)
    assert result.differences == (("SF-TST-000002", "q11", 2, 3),)
    with pytest.raises(UserError) as e:
        entry.add(d.quality, d.programme.number, "3", ANSWERS[0], pass_no=2)
    assert e.value.code == "form-not-keyed"
    summary = services.survey_analysis.summary(d.quality, SurveyQuery())
    assert summary.responses == 2  # the second keying is not counted twice


def test_actions_follow_weak_items(services: AppServices, admin: Actor) -> None:
    d = survey_desk(services, admin)
    action = services.survey_actions.add(d.quality, "تحسين الإعلان عن البرامج عبر الواتساب", "quality",
                                         date(2026, 12, 15), programme=d.programme.number, item_id="q9")
    assert action.item_text.startswith("أعتقد بأن طريقة الإعلان")
    done = services.survey_actions.complete(d.quality, action.id, "أُرسلت رسائل لمراكز الأحياء")
    assert done.status == "done"
    with pytest.raises(UserError):
        services.survey_actions.add(d.quality, "   ", "quality", date(2026, 12, 15))


def test_complaint_ratings_feed_the_same_analysis(services: AppServices, admin: Actor) -> None:
    summary = services.survey_analysis.complaint_rating(admin)
    assert summary.responses == 0 and summary.items[0].mean is None
