"""Questionnaires answered anonymously, once each; evaluators and their annotations."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.models import AssemblyRoleName
from assemblea.core.models import Event
from assemblea.evaluation import selectors, services
from assemblea.evaluation.models import (
    Annotation,
    Section,
    SurveyAnswer,
    SurveyRespondent,
)
from assemblea.evaluation.questions import MINIMUM_ANSWERS, Audience, question_keys

pytestmark = pytest.mark.django_db


def all_fours(audience: str = Audience.MEMBERS) -> dict[str, int]:
    return dict.fromkeys(question_keys(audience), 4)


def test_answers_are_stored_without_the_person(
    convened: Any, organizer: Any, make_user: Any, seat: Any
) -> None:
    member = make_user("member")
    seat(member)
    survey = services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    answer = services.survey_answer(
        actor=member, survey=survey, scores=all_fours(), comment="  More breaks.  "
    )
    # No field of the answer points to a person or holds a time.
    fields = {field.name for field in SurveyAnswer._meta.get_fields()}
    assert fields == {"id", "survey", "scores", "comment"}
    assert answer.comment == "More breaks."
    # What is kept of the person is a keyed hash, not their id or name.
    (respondent,) = SurveyRespondent.objects.filter(survey=survey)
    assert respondent.key == services.respondent_key(survey, member)
    plain = hashlib.sha256(f"evaluation:{survey.pk}:{member.pk}".encode()).hexdigest()
    assert len(respondent.key) == 64 and respondent.key != plain
    assert services.has_answered(survey, member)
    # And answering leaves no event on the assembly's log.
    assert not Event.objects.filter(actor=member).exists()


def test_nobody_answers_twice(convened: Any, organizer: Any, make_user: Any, seat: Any) -> None:
    member = make_user("member")
    seat(member)
    survey = services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    services.survey_answer(actor=member, survey=survey, scores=all_fours())
    with pytest.raises(ValidationError, match="already answered"):
        services.survey_answer(actor=member, survey=survey, scores=all_fours())
    assert SurveyAnswer.objects.filter(survey=survey).count() == 1


def test_every_statement_needs_an_answer_from_1_to_5(
    convened: Any, organizer: Any, make_user: Any, seat: Any
) -> None:
    member = make_user("member")
    seat(member)
    survey = services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    partial = all_fours()
    partial.popitem()
    with pytest.raises(ValidationError, match="every statement"):
        services.survey_answer(actor=member, survey=survey, scores=partial)
    with pytest.raises(ValidationError, match="from 1 to 5"):
        services.survey_answer(actor=member, survey=survey, scores=all_fours() | {"m_time": 6})
    assert not SurveyRespondent.objects.exists()


def test_only_members_answer_the_members_questionnaire(
    convened: Any, organizer: Any, make_user: Any, seat: Any
) -> None:
    survey = services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    outsider = make_user("outsider")
    with pytest.raises(PermissionDenied):
        services.survey_answer(actor=outsider, survey=survey, scores=all_fours())
    # Organizers answer their own questionnaire, not the members'.
    with pytest.raises(PermissionDenied):
        services.survey_answer(actor=organizer, survey=survey, scores=all_fours())
    theirs = services.survey_open(actor=organizer, assembly=convened, audience=Audience.ORGANIZERS)
    services.survey_answer(actor=organizer, survey=theirs, scores=all_fours(Audience.ORGANIZERS))
    # An alternate or a past member is not a member.
    former = make_user("former")
    seat(former, ended_on=datetime.date(2026, 2, 1))
    with pytest.raises(PermissionDenied):
        services.survey_answer(actor=former, survey=survey, scores=all_fours())


def test_only_organizers_open_and_close_and_a_closed_survey_takes_no_answers(
    convened: Any, organizer: Any, make_user: Any, seat: Any
) -> None:
    member = make_user("member")
    seat(member)
    with pytest.raises(PermissionDenied):
        services.survey_open(actor=member, assembly=convened, audience=Audience.MEMBERS)
    survey = services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    with pytest.raises(ValidationError, match="already open"):
        services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    services.survey_close(actor=organizer, survey=survey)
    with pytest.raises(ValidationError, match="closed"):
        services.survey_answer(actor=member, survey=survey, scores=all_fours())


def test_no_questionnaire_on_a_draft(make_assembly: Any, organizer: Any) -> None:
    draft = make_assembly()
    with pytest.raises(ValidationError, match="phase"):
        services.survey_open(actor=organizer, assembly=draft, audience=Audience.MEMBERS)


def test_results_show_from_five_answers(
    convened: Any, organizer: Any, make_user: Any, seat: Any
) -> None:
    survey = services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    scores_of = [1, 2, 4, 5, 5]
    for number, score in enumerate(scores_of):
        member = make_user(f"member{number}")
        seat(member, name=f"Member {number}")
        services.survey_answer(
            actor=member,
            survey=survey,
            scores=dict.fromkeys(question_keys(Audience.MEMBERS), score),
            comment=f"comment {number}",
        )
        results = selectors.survey_results(convened, Audience.MEMBERS)
        assert results.count == number + 1
        if number + 1 < MINIMUM_ANSWERS:
            assert not results.shown and not results.questions and not results.comments
    assert results.shown
    first = results.questions[0]
    assert first.mean == pytest.approx(17 / 5)
    assert [row.cells[0] for row in first.chart.rows] == ["1", "1", "0", "1", "2"]
    assert [row.bars[0] for row in first.chart.rows] == [50.0, 50.0, 0.0, 50.0, 100.0]
    assert len(results.comments) == 5
    # Every statement has the same scores here: each criterion's mean is 17 / 5.
    assert results.criteria is not None
    assert [row.cells for row in results.criteria.rows] == [["3.4"], ["3.4"], ["3.4"]]


def test_evaluators_are_named_by_organizers_and_annotate(
    convened: Any, organizer: Any, make_user: Any
) -> None:
    evaluator = make_user("evaluator")
    facilitator = make_user("facilitator")
    assembly_services.assembly_role_grant(
        actor=organizer, assembly=convened, user=facilitator, role=AssemblyRoleName.FACILITATOR
    )
    # Not even the organizer may annotate: only an independent evaluator.
    with pytest.raises(PermissionDenied):
        services.annotation_add(
            actor=organizer, assembly=convened, section=Section.DESIGN, text="Fine."
        )
    with pytest.raises(PermissionDenied):
        services.evaluator_grant(actor=facilitator, assembly=convened, user=evaluator)
    # Nobody with a role or a seat in the assembly can be its independent evaluator.
    for insider in (organizer, facilitator):
        with pytest.raises(ValidationError, match="independent"):
            services.evaluator_grant(actor=organizer, assembly=convened, user=insider)
    services.evaluator_grant(actor=organizer, assembly=convened, user=evaluator)
    with pytest.raises(ValidationError):
        services.evaluator_grant(actor=organizer, assembly=convened, user=evaluator)
    with pytest.raises(ValidationError) as refused:
        services.annotation_add(
            actor=evaluator,
            assembly=convened,
            section=Section.DESIGN,
            text="Too soon.",
            written_on=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert "written_on" in refused.value.message_dict
    note = services.annotation_add(
        actor=evaluator,
        assembly=convened,
        section=Section.IMPACT,
        text="The answers came late.",
        written_on=datetime.date(2026, 11, 1),
    )
    assert Annotation.objects.get() == note
    (section,) = [
        s
        for s in selectors.figure_sections(convened, datetime.date(2026, 11, 2))
        if s.key == Section.IMPACT
    ]
    assert section.annotations == [note]
    assert Event.objects.filter(verb="evaluation.annotated", actor=evaluator).exists()


def test_a_private_assembly_is_a_404_to_outsiders(
    make_assembly: Any, organizer: Any, make_user: Any
) -> None:
    private = make_assembly(visibility="private")
    with pytest.raises(Http404):
        services.evaluator_grant(actor=make_user("outsider"), assembly=private, user=organizer)


def test_events_name_the_questionnaire_in_the_readers_language(
    convened: Any, organizer: Any
) -> None:
    from django.utils import translation

    from assemblea.core.events import event_describe

    services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    event = Event.objects.get(verb="evaluation.survey_opened")
    assert event.data == {"audience": "members"}
    assert event_describe(event) == "The members' questionnaire was opened."
    with translation.override("es"):
        assert event_describe(event) == "Se abrió el cuestionario de los miembros."


def test_the_pdf_holds_results_charts_and_notes(
    convened: Any, organizer: Any, make_user: Any, seat: Any
) -> None:
    from assemblea.evaluation.report import evaluation_report_pdf

    survey = services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    for number in range(MINIMUM_ANSWERS):
        member = make_user(f"member{number}")
        seat(member, name=f"Member {number}")
        services.survey_answer(actor=member, survey=survey, scores=all_fours(), comment="Só.")
    evaluator = make_user("evaluator")
    services.evaluator_grant(actor=organizer, assembly=convened, user=evaluator)
    services.annotation_add(
        actor=evaluator, assembly=convened, section=Section.MEMBERS, text="Ñandú — fine."
    )
    full = evaluation_report_pdf(convened)
    assert full.startswith(b"%PDF")
    # The same report without the answers and the note is shorter: they were drawn in.
    SurveyAnswer.objects.filter(survey__assembly=convened).delete()
    Annotation.objects.filter(assembly=convened).delete()
    assert len(evaluation_report_pdf(convened)) < len(full)
