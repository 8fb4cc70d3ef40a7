"""The members' and organizers' questionnaires, as data (after the OECD's Evaluation
Guidelines for Representative Deliberative Processes, 2021, Annexes C and D): Likert
statements from 1 (strongly disagree) to 5 (strongly agree), grouped by the three criteria,
and one free-text question."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Criterion:
    DESIGN = "design"
    EXPERIENCE = "experience"
    IMPACT = "impact"


CRITERIA: dict[str, Promise] = {
    Criterion.DESIGN: _("Process design integrity"),
    Criterion.EXPERIENCE: _("Sound deliberative experience"),
    Criterion.IMPACT: _("Pathways to impact"),
}


class Audience:
    MEMBERS = "members"
    ORGANIZERS = "organizers"


AUDIENCES: dict[str, Promise] = {
    Audience.MEMBERS: _("members' questionnaire"),
    Audience.ORGANIZERS: _("organizers' questionnaire"),
}

SCALE: list[tuple[int, Promise]] = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
]


@dataclass(frozen=True)
class Question:
    key: str
    criterion: str
    text: Promise


QUESTIONS: dict[str, list[Question]] = {
    Audience.MEMBERS: [
        Question("m_question_clear", Criterion.DESIGN, _("The question we were asked was clear.")),
        Question(
            "m_framing_fair",
            Criterion.DESIGN,
            _("The question and materials were framed fairly, without pushing one answer."),
        ),
        Question(
            "m_support_enough",
            Criterion.DESIGN,
            _("I had the support I needed to take part (stipend, care, interpretation, access)."),
        ),
        Question(
            "m_evidence_diverse",
            Criterion.EXPERIENCE,
            _("We heard a wide and balanced range of evidence and views."),
        ),
        Question(
            "m_heard",
            Criterion.EXPERIENCE,
            _("I had enough opportunity to say what I thought."),
        ),
        Question(
            "m_respect",
            Criterion.EXPERIENCE,
            _("Members treated each other with respect, even when they disagreed."),
        ),
        Question(
            "m_facilitation",
            Criterion.EXPERIENCE,
            _("The facilitators were neutral and helped everyone take part."),
        ),
        Question("m_time", Criterion.EXPERIENCE, _("We had enough time to reach good judgements.")),
        Question(
            "m_recommendations_ours",
            Criterion.IMPACT,
            _("The recommendations reflect what the assembly decided."),
        ),
        Question(
            "m_expect_response",
            Criterion.IMPACT,
            _("I expect the commissioning body to respond seriously to our recommendations."),
        ),
    ],
    Audience.ORGANIZERS: [
        Question(
            "o_independent",
            Criterion.DESIGN,
            _("The process was run at arm's length from the commissioning body."),
        ),
        Question(
            "o_representative",
            Criterion.DESIGN,
            _("The members broadly reflected the community."),
        ),
        Question(
            "o_resources",
            Criterion.DESIGN,
            _("The budget and staff were enough to run the process well."),
        ),
        Question(
            "o_deliberation",
            Criterion.EXPERIENCE,
            _("Members deliberated carefully rather than just stating positions."),
        ),
        Question(
            "o_evidence_requests",
            Criterion.EXPERIENCE,
            _("Members' requests for evidence and speakers were met."),
        ),
        Question(
            "o_commitment",
            Criterion.IMPACT,
            _("The commissioning body is committed to acting on the recommendations."),
        ),
        Question(
            "o_public",
            Criterion.IMPACT,
            _("The wider public learned about the assembly and its outcome."),
        ),
    ],
}

FREE_TEXT: dict[str, Promise] = {
    Audience.MEMBERS: _("What would you change about how this assembly was run?"),
    Audience.ORGANIZERS: _("What would you do differently next time?"),
}

# Fewer answers than this could identify people: results stay hidden until then.
MINIMUM_ANSWERS = 5


def question_keys(audience: str) -> list[str]:
    return [question.key for question in QUESTIONS[audience]]
