"""Answers: the addressee's published, versioned response to a recommendation."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.accountability import events
from assemblea.accountability.models import (
    Recommendation,
    Response,
    Verdict,
)
from assemblea.accountability.permissions import AccountabilityAction, require
from assemblea.accountability.services.recording import _about, _followers_tell, _required
from assemblea.core.events import assembly_event_record

# --- Answers -----------------------------------------------------------------------------


@transaction.atomic
def response_publish(
    *,
    actor: Any,
    recommendation: Recommendation,
    verdict: str,
    reasons: str = "",
    actions: str = "",
    responsible: str = "",
    due_on: datetime.date | None = None,
) -> Response:
    """Publish the addressee's answer. A later answer is a new version; earlier ones stay."""
    require(actor, AccountabilityAction.RESPOND, recommendation.assembly)
    errors: dict[str, list[Any]] = {}
    if verdict not in Verdict.values:
        errors.setdefault("verdict", []).append(
            ValidationError(_("Choose an answer from the list."), code="choose_answer_list")
        )
    if verdict != Verdict.ACCEPTED:
        _required(
            errors,
            "reasons",
            reasons,
            _("Give the reasons: they are required for anything short of acceptance."),
        )
    if verdict in (Verdict.ACCEPTED, Verdict.PARTIAL, Verdict.STUDY):
        _required(errors, "actions", actions, _("Say what will be done."))
        _required(errors, "responsible", responsible, _("Say who will do it."))
        if due_on is None:
            errors.setdefault("due_on", []).append(
                ValidationError(_("Say by when."), code="say_when")
            )
    if due_on is not None and due_on < recommendation.adopted_on:
        errors.setdefault("due_on", []).append(
            ValidationError(
                _("The date is before the recommendation was adopted."),
                code="date_before_recommendation_adopted",
            )
        )
    if errors:
        raise ValidationError(errors)
    Recommendation.objects.select_for_update().filter(pk=recommendation.pk).get()
    latest = recommendation.responses.order_by("-version").first()
    response = Response.objects.create(
        recommendation=recommendation,
        version=(latest.version + 1) if latest else 1,
        verdict=verdict,
        reasons=reasons.strip(),
        actions=actions.strip(),
        responsible=responsible.strip(),
        due_on=due_on,
        author=actor,
        published_at=timezone.now(),
    )
    if latest:
        event = assembly_event_record(
            assembly=recommendation.assembly,
            verb=events.ANSWER_REVISED,
            actor=actor,
            data=_about(recommendation, verdict=str(verdict), version=response.version),
        )
        _followers_tell(recommendation.assembly, event)
    else:
        event = assembly_event_record(
            assembly=recommendation.assembly,
            verb=events.ANSWERED,
            actor=actor,
            data=_about(recommendation, verdict=str(verdict)),
        )
        _followers_tell(recommendation.assembly, event)
    return response
