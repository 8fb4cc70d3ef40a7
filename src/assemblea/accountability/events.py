"""The accountability app's verbs: what the public record says happened.

Events carry codes (a verdict, a commitment's status), never labels: the description
translates them when the event is shown. Events stored before that rule carry the label in
the language of the person who recorded it (English, mostly); `legacy` maps those back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assemblea.accountability.models import CommitmentStatus, Verdict
from assemblea.core.events import register_verbs, verb

ADOPTED = "accountability.adopted"
ANSWERED = "accountability.answered"
ANSWER_REVISED = "accountability.answer_revised"
COMMITTED = "accountability.committed"
PROGRESS = "accountability.progress"
ESCALATED = "accountability.escalated"
REVIEWED = "accountability.reviewed"
COMMENTED = "accountability.commented"
COMMENT_ANSWERED = "accountability.comment_answered"
PLAN_SET = "accountability.plan_set"

# Every recommendation's event names it.
RECOMMENDATION = ("number", "title")

# The labels stored before events carried codes: English, and Spanish for whoever recorded
# in Spanish.
LEGACY_VERDICTS = {
    "Accepted": Verdict.ACCEPTED,
    "Accepted in part": Verdict.PARTIAL,
    "Needs further study": Verdict.STUDY,
    "Rejected": Verdict.REJECTED,
    "Aceptada": Verdict.ACCEPTED,
    "Aceptada en parte": Verdict.PARTIAL,
    "Requiere más estudio": Verdict.STUDY,
    "Rechazada": Verdict.REJECTED,
}
LEGACY_STATUSES = {
    "Planned": CommitmentStatus.PLANNED,
    "Under way": CommitmentStatus.UNDER_WAY,
    "Done": CommitmentStatus.DONE,
    "Stalled": CommitmentStatus.STALLED,
    "Dropped": CommitmentStatus.DROPPED,
    "Previsto": CommitmentStatus.PLANNED,
    "En curso": CommitmentStatus.UNDER_WAY,
    "Cumplido": CommitmentStatus.DONE,
    "Estancado": CommitmentStatus.STALLED,
    "Abandonado": CommitmentStatus.DROPPED,
}


def _choice(choices: Any, value: str) -> str:
    """A code's label in the reader's language (a value that is no code is shown as stored)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _answered(data: Mapping[str, Any]) -> str:
    return _("Recommendation %(number)s was answered: %(verdict)s.") % {
        "number": data["number"],
        "verdict": _choice(Verdict, data["verdict"]),
    }


def _answer_revised(data: Mapping[str, Any]) -> str:
    return _(
        "The answer to recommendation %(number)s was revised (version %(version)s): %(verdict)s."
    ) % {
        "number": data["number"],
        "version": data["version"],
        "verdict": _choice(Verdict, data["verdict"]),
    }


def _progress(data: Mapping[str, Any]) -> str:
    return _("Progress on recommendation %(number)s: %(progress)s%% (%(status)s).") % {
        "number": data["number"],
        "progress": data["progress"],
        "status": _choice(CommitmentStatus, data["status"]),
    }


register_verbs(
    {
        ADOPTED: verb(gettext_lazy("Recommendation %(number)s, “%(title)s”, was adopted.")),
        ANSWERED: verb(
            _answered, keys=(*RECOMMENDATION, "verdict"), legacy={"verdict": LEGACY_VERDICTS}
        ),
        ANSWER_REVISED: verb(
            _answer_revised,
            keys=(*RECOMMENDATION, "verdict", "version"),
            legacy={"verdict": LEGACY_VERDICTS},
        ),
        COMMITTED: verb(
            gettext_lazy("A commitment was made on recommendation %(number)s: %(title)s.")
        ),
        PROGRESS: verb(
            _progress,
            keys=(*RECOMMENDATION, "progress", "status"),
            legacy={"status": LEGACY_STATUSES},
        ),
        ESCALATED: verb(
            gettext_lazy(
                "A commitment on recommendation %(number)s was escalated to %(escalated_to)s."
            ),
            keys=RECOMMENDATION,
        ),
        REVIEWED: verb(gettext_lazy("%(body)s reviewed the follow-up.")),
        COMMENTED: verb(
            gettext_lazy("Someone commented on recommendation %(number)s."), keys=RECOMMENDATION
        ),
        COMMENT_ANSWERED: verb(
            gettext_lazy("A question on recommendation %(number)s was answered."),
            keys=RECOMMENDATION,
        ),
        PLAN_SET: verb(gettext_lazy("The follow-up plan was set.")),
    }
)
