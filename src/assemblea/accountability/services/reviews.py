"""Reviews, comments and the follow-up plan."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.accountability import events
from assemblea.accountability.models import (
    Comment,
    FollowUpPlan,
    Recommendation,
    Review,
)
from assemblea.accountability.permissions import AccountabilityAction, require
from assemblea.accountability.services.recording import _about, _followers_tell, _required
from assemblea.assemblies.models import Assembly
from assemblea.core.events import assembly_event_record

# --- Reviews, comments, plan, followers ---------------------------------------------------


@transaction.atomic
def review_record(
    *,
    actor: Any,
    assembly: Assembly,
    body: str,
    findings: str,
    held_on: datetime.date | None = None,
    recommendations: Sequence[Recommendation] = (),
) -> Review:
    """A follow-up session of members, or the oversight committee, and what it found."""
    require(actor, AccountabilityAction.REVIEW, assembly)
    errors: dict[str, list[Any]] = {}
    _required(errors, "body", body, _("Say who reviewed."))
    _required(errors, "findings", findings, _("Record the findings."))
    if any(r.assembly_id != assembly.pk for r in recommendations):
        errors.setdefault("recommendations", []).append(
            ValidationError(
                _("Choose recommendations of this assembly."),
                code="choose_recommendations_assembly",
            )
        )
    if errors:
        raise ValidationError(errors)
    review = Review.objects.create(
        assembly=assembly,
        body=body.strip(),
        findings=findings.strip(),
        held_on=held_on or timezone.localdate(),
    )
    review.recommendations.set(recommendations)
    event = assembly_event_record(
        assembly=assembly, verb=events.REVIEWED, actor=actor, data={"body": review.body}
    )
    _followers_tell(assembly, event)
    return review


@transaction.atomic
def comment_post(
    *, actor: Any, recommendation: Recommendation, text: str, is_question: bool = False
) -> Comment:
    require(actor, AccountabilityAction.COMMENT, recommendation.assembly)
    if not text.strip():
        raise ValidationError(
            {
                "text": ValidationError(
                    _("Write your comment or question."), code="write_comment_question"
                )
            }
        )
    comment = Comment.objects.create(
        recommendation=recommendation, author=actor, text=text.strip(), is_question=is_question
    )
    assembly_event_record(
        assembly=recommendation.assembly,
        verb=events.COMMENTED,
        actor=actor,
        data=_about(recommendation),
    )
    return comment


@transaction.atomic
def comment_answer(*, actor: Any, comment: Comment, answer: str) -> None:
    require(actor, AccountabilityAction.ANSWER_COMMENT, comment.recommendation.assembly)
    if not answer.strip():
        raise ValidationError(
            {"answer": ValidationError(_("Write the answer."), code="write_answer")}
        )
    comment.answer = answer.strip()
    comment.save(update_fields=["answer"])
    event = assembly_event_record(
        assembly=comment.recommendation.assembly,
        verb=events.COMMENT_ANSWERED,
        actor=actor,
        data=_about(comment.recommendation),
    )
    _followers_tell(comment.recommendation.assembly, event)


@transaction.atomic
def follow_up_plan_set(
    *,
    actor: Any,
    assembly: Assembly,
    first_report_months: int,
    then_every_months: int,
    remind_days_before: int,
) -> FollowUpPlan:
    require(actor, AccountabilityAction.PLAN, assembly)
    if first_report_months < 1 or then_every_months < 1:
        raise ValidationError(
            _("Reports are due at least a month apart."), code="reports_due_least_month"
        )
    plan, _created = FollowUpPlan.objects.update_or_create(
        assembly=assembly,
        defaults={
            "first_report_months": first_report_months,
            "then_every_months": then_every_months,
            "remind_days_before": remind_days_before,
        },
    )
    assembly_event_record(assembly=assembly, verb=events.PLAN_SET, actor=actor)
    return plan
