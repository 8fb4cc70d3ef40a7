"""Demo: the evaluation of the civic assembly and of the standing council, with answers to
the questionnaires and an independent evaluator's notes."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.evaluation import services
from assemblea.evaluation.models import Section, SurveyAnswer
from assemblea.evaluation.questions import Audience, question_keys
from assemblea.site.demo.people import demo_account_create

# Each row: one person's scores, statement by statement (cycled when a questionnaire is longer).
SCORES = [
    [5, 4, 4, 4, 5, 5, 4, 3, 5, 4],
    [4, 4, 3, 5, 4, 5, 5, 4, 4, 3],
    [5, 5, 5, 4, 3, 4, 4, 2, 5, 4],
    [4, 3, 4, 3, 4, 5, 4, 3, 4, 2],
    [5, 4, 5, 4, 5, 4, 5, 4, 5, 5],
    [3, 4, 2, 4, 4, 4, 3, 3, 4, 3],
]
MEMBER_COMMENTS = [
    "More time in small groups before the votes, please.",
    "",
    "The childcare made it possible for me to come every weekend.",
    "Some speakers used too much jargon.",
    "",
    "I would like to know sooner what the council does with our work.",
]
ORGANIZER_COMMENTS = [
    "Start recruiting two weeks earlier.",
    "",
    "Book interpreters for every session, not only the weekends.",
    "",
    "",
]


def _scores(audience: str, row: list[int]) -> dict[str, int]:
    return {key: row[i % len(row)] for i, key in enumerate(question_keys(audience))}


def evaluations_load(people: dict[str, Any]) -> None:
    ana = people["ana"]
    evaluator = demo_account_create(
        username="eva",
        email="eva@example.org",
        display_name="Eva Lindqvist",
    )
    today = timezone.localdate()

    # The civic assembly: members answer in the app (María has not answered yet).
    civic = Assembly.objects.get(slug="riverton-citizens-assembly-on-housing")
    members = services.survey_open(actor=ana, assembly=civic, audience=Audience.MEMBERS)
    services.survey_open(actor=ana, assembly=civic, audience=Audience.ORGANIZERS)
    residents = (
        SeatHolder.objects.filter(
            category__assembly=civic, user__username__startswith="resident", ended_on__isnull=True
        )
        .select_related("user")
        .order_by("user__username")[: len(SCORES)]
    )
    for seat, row, comment in zip(residents, SCORES, MEMBER_COMMENTS, strict=True):
        services.survey_answer(
            actor=seat.user,
            survey=members,
            scores=_scores(Audience.MEMBERS, row),
            comment=comment,
        )
    services.evaluator_grant(actor=ana, assembly=civic, user=evaluator)
    services.annotation_add(
        actor=evaluator,
        assembly=civic,
        section=Section.DESIGN,
        text="The lottery met every quota. Registration was lowest in the eastern "
        "districts: next time, follow the letters up with door-to-door visits there.",
        written_on=today - datetime.timedelta(days=2),
    )

    # The standing council: its first cycle's members answered on paper, at the last session;
    # the answers were typed in as they were (no names were on the forms).
    council = Assembly.objects.get(slug="riverton-standing-citizens-council")
    for audience, comments in (
        (Audience.MEMBERS, MEMBER_COMMENTS),
        (Audience.ORGANIZERS, ORGANIZER_COMMENTS),
    ):
        survey = services.survey_open(actor=ana, assembly=council, audience=audience)
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(survey=survey, scores=_scores(audience, row), comment=comment)
            for row, comment in zip(SCORES, comments, strict=False)
        )
    services.evaluator_grant(actor=ana, assembly=council, user=evaluator)
    services.annotation_add(
        actor=evaluator,
        assembly=council,
        section=Section.IMPACT,
        text="The city answered most recommendations, but late. Members' trust that the "
        "council will respond seriously is the lowest score of their questionnaire.",
        written_on=today - datetime.timedelta(days=1),
    )
