from django.utils.translation import gettext_lazy as _

from assemblea.core.events import register_verbs

SURVEY_OPENED = "evaluation.survey_opened"
SURVEY_CLOSED = "evaluation.survey_closed"
EVALUATOR_GRANTED = "evaluation.evaluator_granted"
ANNOTATED = "evaluation.annotated"

register_verbs(
    {
        SURVEY_OPENED: _("The %(survey)s was opened."),
        SURVEY_CLOSED: _("The %(survey)s was closed."),
        EVALUATOR_GRANTED: _("%(name)s was named an independent evaluator."),
        ANNOTATED: _("The evaluator annotated the section “%(section)s” of the evaluation."),
    }
)
