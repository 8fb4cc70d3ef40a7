"""The evaluation's events. Questionnaires and sections are stored by key and named in the
reader's language. Answers are never events: an event would tell who answered when."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assemblea.core.events import register_verbs, verb

SURVEY_OPENED = "evaluation.survey_opened"
SURVEY_CLOSED = "evaluation.survey_closed"
EVALUATOR_GRANTED = "evaluation.evaluator_granted"
ANNOTATED = "evaluation.annotated"


def _survey(data: Mapping[str, Any]) -> str:
    from assemblea.evaluation.questions import AUDIENCES

    return str(AUDIENCES[data["audience"]])


def _section(data: Mapping[str, Any]) -> str:
    from assemblea.evaluation.models import Section

    return str(Section(data["section"]).label)


register_verbs(
    {
        SURVEY_OPENED: verb(
            lambda data: _("The %(survey)s was opened.") % {"survey": _survey(data)},
            keys=["audience"],
        ),
        SURVEY_CLOSED: verb(
            lambda data: _("The %(survey)s was closed.") % {"survey": _survey(data)},
            keys=["audience"],
        ),
        EVALUATOR_GRANTED: verb(gettext_lazy("%(name)s was named an independent evaluator.")),
        ANNOTATED: verb(
            lambda data: (
                _("The evaluator annotated the section “%(section)s” of the evaluation.")
                % {"section": _section(data)}
            ),
            keys=["section"],
        ),
    }
)
