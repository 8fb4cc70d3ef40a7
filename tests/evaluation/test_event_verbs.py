"""Every verb of the evaluation, recorded through its service and read in English and Spanish."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from assemblea.core.events import assembly_event_record, event_describe, registered_verbs
from assemblea.core.models import Event
from assemblea.evaluation import events, services
from assemblea.evaluation.models import Section
from assemblea.evaluation.questions import Audience

pytestmark = pytest.mark.django_db


def test_every_verb_is_recorded_by_its_service_and_reads_in_both_languages(
    convened: Any, organizer: Any, make_user: Any
) -> None:
    evaluator = make_user("evaluator")
    survey = services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    services.survey_close(actor=organizer, survey=survey)
    services.evaluator_grant(actor=organizer, assembly=convened, user=evaluator)
    services.annotation_add(
        actor=evaluator, assembly=convened, section=Section.DESIGN, text="Well designed."
    )
    stored = list(Event.objects.filter(verb__startswith="evaluation."))
    mine = {code for code in registered_verbs() if code.startswith("evaluation.")}
    assert {event.verb for event in stored} == mine
    for event in stored:
        english = event_describe(event, strict=True)
        with translation.override("es"):
            spanish = event_describe(event, strict=True)
        assert english != event.verb and spanish != event.verb
        assert spanish != english, event.verb


def test_a_verb_recorded_with_a_wrong_key_fails(convened: Any) -> None:
    with pytest.raises(ValueError, match="undeclared keys"):
        assembly_event_record(
            assembly=convened, verb=events.ANNOTATED, data={"section": "design", "text": "x"}
        )
    with pytest.raises(ValueError, match="missing keys"):
        assembly_event_record(assembly=convened, verb=events.SURVEY_OPENED, data={})
