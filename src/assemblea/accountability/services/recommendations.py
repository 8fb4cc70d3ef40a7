"""Recommendations: adopted by the assembly, or taken from a poll's adopted proposal."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.accountability import events
from assemblea.accountability.models import (
    Recommendation,
)
from assemblea.accountability.permissions import AccountabilityAction, require
from assemblea.accountability.services.recording import _about, _followers_tell, _required
from assemblea.assemblies.models import Assembly
from assemblea.core.events import assembly_event_record

# --- Recommendations ---------------------------------------------------------------------


@transaction.atomic
def recommendation_adopt(
    *,
    actor: Any,
    assembly: Assembly,
    title: str,
    text: str,
    addressed_to: str,
    adopted_on: datetime.date | None = None,
    answer_due_on: datetime.date | None = None,
    topic: str = "",
    support: str = "",
    support_share: Decimal | None = None,
    minority_report: str = "",
    source_poll: Any = None,
) -> Recommendation:
    """Record a text the assembly adopted as a recommendation to its addressee."""
    require(actor, AccountabilityAction.ADOPT, assembly)
    errors: dict[str, list[Any]] = {}
    _required(errors, "title", title, _("Give the recommendation a title."))
    _required(errors, "text", text, _("Give the adopted text."))
    _required(errors, "addressed_to", addressed_to, _("Say who must answer it."))
    if adopted_on is not None and adopted_on > timezone.localdate():
        errors.setdefault("adopted_on", []).append(
            ValidationError(_("The adoption date is in the future."), code="adoption_date_future")
        )
    adopted_on = adopted_on or timezone.localdate()
    mandate = getattr(assembly, "mandate", None)
    if answer_due_on is None and mandate is not None and mandate.commits_to_respond:
        answer_due_on = mandate.response_deadline
    if answer_due_on is not None and answer_due_on < adopted_on:
        errors.setdefault("answer_due_on", []).append(
            ValidationError(
                _("The answer cannot be due before the recommendation is adopted."),
                code="answer_cannot_due_before",
            )
        )
    if support_share is not None and not 0 <= support_share <= 100:
        errors.setdefault("support_share", []).append(
            ValidationError(_("A share is between 0 and 100."), code="share_between")
        )
    if errors:
        raise ValidationError(errors)
    locked = Assembly.objects.select_for_update().get(pk=assembly.pk)
    numbers = Recommendation.objects.filter(assembly=locked)
    number = (numbers.aggregate(top=Max("number"))["top"] or 0) + 1
    recommendation = Recommendation.objects.create(
        assembly=assembly,
        number=number,
        title=title.strip(),
        text=text.strip(),
        topic=topic.strip(),
        addressed_to=addressed_to.strip(),
        support=support.strip(),
        support_share=support_share,
        minority_report=minority_report.strip(),
        source_poll=source_poll,
        adopted_on=adopted_on,
        answer_due_on=answer_due_on,
        cycle=assembly.cycle,
    )
    event = assembly_event_record(
        assembly=recommendation.assembly,
        verb=events.ADOPTED,
        actor=actor,
        data=_about(recommendation),
    )
    _followers_tell(recommendation.assembly, event)
    return recommendation


def _support_share(poll: Any) -> Decimal | None:
    result = poll.result
    if "yes" in result and "no" in result:
        cast = Decimal(str(result["yes"])) + Decimal(str(result["no"]))
        return round(100 * Decimal(str(result["yes"])) / cast, 2) if cast else None
    if "share" in result:
        return round(100 * Decimal(str(result["share"])), 2)
    return None


@transaction.atomic
def recommendation_from_poll(
    *, actor: Any, poll: Any, addressed_to: str = "", topic: str = ""
) -> Recommendation:
    """Put a text the assembly adopted by vote on the record, with the vote as its support:
    the version voted, the rule, the figures, the quorum and the minority reports."""
    from assemblea.decisions.models import PollStatus
    from assemblea.decisions.selectors import poll_result_view

    require(actor, AccountabilityAction.ADOPT, poll.assembly)
    if poll.status != PollStatus.CLOSED or not poll.passed or poll.proposal_id is None:
        raise ValidationError(
            _("Only a proposal adopted by a closed vote becomes a recommendation."),
            code="only_proposal_adopted_closed",
        )
    if Recommendation.objects.filter(source_poll=poll).exists():
        raise ValidationError(_("This vote is already on the record."), code="vote_already_record")
    proposal = poll.proposal
    version = poll.version or proposal.versions.order_by("-number").first()
    view = poll_result_view(poll)
    figures = "; ".join(f"{label}: {value}" for label, value in view.figures) if view else ""
    mandate = getattr(poll.assembly, "mandate", None)
    return recommendation_adopt(
        actor=actor,
        assembly=poll.assembly,
        title=proposal.title,
        text=version.text if version else poll.title,
        addressed_to=addressed_to or (mandate.commissioning_body if mandate else ""),
        adopted_on=timezone.localtime(poll.closed_at).date() if poll.closed_at else None,
        topic=topic,
        support=f"{poll.get_method_display()} · {view.outcome if view else ''} {figures}"[:2000],
        support_share=_support_share(poll),
        minority_report="\n\n".join(proposal.minority_reports.values_list("text", flat=True)),
        source_poll=poll,
    )
