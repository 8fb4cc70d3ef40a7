"""Who may do what in the evaluation, rule by rule: every role × every write view and every
private read (× phase where it matters), with the status and, on a refusal, proof that
nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from assemblea.assemblies.phases import Phase
from assemblea.evaluation import services
from assemblea.evaluation.models import Survey
from assemblea.evaluation.questions import Audience, question_keys
from tests.view_matrix import ORGANIZER, ROLES, WITH_A_ROLE, ViewRule, assembly_put_in, rule_check

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Rule(ViewRule):
    phase: str = Phase.IN_SESSION


def _url(name: str, *more: str) -> Callable[[Any], str]:
    return lambda c: reverse(name, args=[c.assembly.slug, *more])


def _answers(audience: str) -> Callable[[Any], dict[str, Any]]:
    return lambda c: {key: "4" for key in question_keys(audience)} | {"comment": "Fine."}


ANNOTATION = {"section": "design", "text": "Careful.", "written_on": "2026-11-30"}

RULES = [
    Rule("manage page", "get", _url("evaluation:manage"), ORGANIZER),
    Rule("annotate page", "get", _url("evaluation:annotate"), frozenset({"evaluator"})),
    Rule(
        "members' questionnaire",
        "get",
        _url("evaluation:survey", Audience.MEMBERS),
        frozenset({"member"}),
    ),
    Rule(
        "organizers' questionnaire",
        "get",
        _url("evaluation:survey", Audience.ORGANIZERS),
        frozenset({"organizer", "facilitator"}),
    ),
    Rule(
        "private assembly's report",
        "get",
        _url("evaluation:report"),
        WITH_A_ROLE | {"delegating"},
        private=True,
    ),
    Rule(
        "private assembly's report (PDF)",
        "get",
        _url("evaluation:report_pdf"),
        WITH_A_ROLE | {"delegating"},
        private=True,
    ),
    Rule(
        "open a questionnaire",
        "post",
        _url("evaluation:manage"),
        ORGANIZER,
        lambda c: {"open": Audience.ORGANIZERS},
        refused=(403, 404),
    ),
    Rule(
        "close a questionnaire",
        "post",
        _url("evaluation:manage"),
        ORGANIZER,
        lambda c: {"close": c.survey.pk},
    ),
    Rule(
        "name an evaluator",
        "post",
        _url("evaluation:manage"),
        ORGANIZER,
        lambda c: {"grant": "1", "username": "stranger"},
    ),
    Rule(
        "answer the members' questionnaire",
        "post",
        _url("evaluation:survey", Audience.MEMBERS),
        frozenset({"member"}),
        _answers(Audience.MEMBERS),
    ),
    Rule(
        "answer the organizers' questionnaire",
        "post",
        _url("evaluation:survey", Audience.ORGANIZERS),
        frozenset({"organizer", "facilitator"}),
        _answers(Audience.ORGANIZERS),
    ),
    Rule(
        "annotate the report",
        "post",
        _url("evaluation:annotate"),
        frozenset({"evaluator"}),
        lambda c: ANNOTATION,
    ),
    Rule(
        "annotate a private assembly's report",
        "post",
        _url("evaluation:annotate"),
        frozenset(),
        lambda c: ANNOTATION,
        private=True,
    ),
    Rule(
        "annotate in draft",
        "post",
        _url("evaluation:annotate"),
        frozenset(),
        lambda c: ANNOTATION,
        phase=Phase.DRAFT,
    ),
    Rule(
        "name an evaluator in draft",
        "post",
        _url("evaluation:manage"),
        frozenset(),
        lambda c: {"grant": "1", "username": "stranger"},
        phase=Phase.DRAFT,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_matrix(cast: Any, matrix_check: Any, rule: Rule, role: str) -> None:
    c = cast(phase=Phase.IN_SESSION)
    c.survey = services.survey_open(
        actor=c.users["organizer"], assembly=c.assembly, audience=Audience.MEMBERS
    )
    if rule.name != "open a questionnaire":
        services.survey_open(
            actor=c.users["organizer"], assembly=c.assembly, audience=Audience.ORGANIZERS
        )
    assembly_put_in(c, rule)
    rule_check(c, matrix_check, rule, role)


@pytest.mark.parametrize("bad", ["abc", "1e9", "-1", "", "99999999999999999999999"])
def test_a_bad_survey_id_is_a_400_or_404_not_a_500(cast: Any, client: Any, bad: str) -> None:
    c = cast(phase=Phase.IN_SESSION)
    client.force_login(c.users["organizer"])
    url = reverse("evaluation:manage", args=[c.assembly.slug])
    assert client.post(url, {"close": bad}).status_code in (400, 404)
    assert not Survey.objects.exists()


def test_another_assemblys_survey_cannot_be_closed_from_here(cast: Any, client: Any) -> None:
    c = cast(phase=Phase.IN_SESSION)
    theirs = services.survey_open(
        actor=c.users["other_organizer"], assembly=c.other, audience=Audience.MEMBERS
    )
    client.force_login(c.users["organizer"])
    url = reverse("evaluation:manage", args=[c.assembly.slug])
    assert client.post(url, {"close": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_open
