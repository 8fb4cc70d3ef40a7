from django.utils.translation import gettext_lazy as _

from assemblea.core.events import register_verbs

ADOPTED = "accountability.adopted"
DROPPED = "accountability.dropped"
ANSWERED = "accountability.answered"
ANSWER_REVISED = "accountability.answer_revised"
COMMITTED = "accountability.committed"
MILESTONE_ADDED = "accountability.milestone_added"
MILESTONE_DONE = "accountability.milestone_done"
PROGRESS = "accountability.progress"
ESCALATED = "accountability.escalated"
ESCALATION_OUTCOME = "accountability.escalation_outcome"
REVIEWED = "accountability.reviewed"
COMMENTED = "accountability.commented"
COMMENT_ANSWERED = "accountability.comment_answered"
PLAN_SET = "accountability.plan_set"

register_verbs(
    {
        ADOPTED: _("Recommendation %(number)s, “%(title)s”, was adopted."),
        DROPPED: _("Recommendation %(number)s was dropped: %(reason)s"),
        ANSWERED: _("Recommendation %(number)s was answered: %(verdict)s."),
        ANSWER_REVISED: _(
            "The answer to recommendation %(number)s was revised (version %(version)s): "
            "%(verdict)s."
        ),
        COMMITTED: _("A commitment was made on recommendation %(number)s: %(title)s."),
        MILESTONE_ADDED: _("A milestone was set on recommendation %(number)s: %(title)s."),
        MILESTONE_DONE: _("A milestone was reached on recommendation %(number)s: %(title)s."),
        PROGRESS: _("Progress on recommendation %(number)s: %(progress)s%% (%(status)s)."),
        ESCALATED: _(
            "A commitment on recommendation %(number)s was escalated to %(escalated_to)s."
        ),
        ESCALATION_OUTCOME: _("An escalation on recommendation %(number)s had an outcome."),
        REVIEWED: _("%(body)s reviewed the follow-up."),
        COMMENTED: _("Someone commented on recommendation %(number)s."),
        COMMENT_ANSWERED: _("A question on recommendation %(number)s was answered."),
        PLAN_SET: _("The follow-up plan was set."),
    }
)
