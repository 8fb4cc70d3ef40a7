"""Every write of the public record: adoption, answers, commitments, progress, escalation,
reviews, comments. Keyword-only, one transaction, permission first, a ValidationError that
says what to fix, an event on the assembly's log, and an e-mail to those who follow."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.accountability import events
from assemblea.accountability.models import (
    Comment,
    Commitment,
    CommitmentStatus,
    Escalation,
    Follower,
    FollowUpPlan,
    Milestone,
    ProgressUpdate,
    Recommendation,
    Response,
    Review,
    Verdict,
)
from assemblea.accountability.permissions import Do, require
from assemblea.assemblies.events import assembly_stream
from assemblea.assemblies.models import Assembly
from assemblea.core.events import event_describe, event_record
from assemblea.core.mail import mail_send

COMMITTABLE = (Verdict.ACCEPTED, Verdict.PARTIAL)


def _record(
    recommendation_or_assembly: Recommendation | Assembly,
    verb: str,
    actor: Any,
    *,
    notify: bool = True,
    **data: Any,
) -> None:
    if isinstance(recommendation_or_assembly, Recommendation):
        assembly = recommendation_or_assembly.assembly
        data = {
            "number": recommendation_or_assembly.number,
            "title": recommendation_or_assembly.title,
        } | data
    else:
        assembly = recommendation_or_assembly
    event = event_record(stream=assembly_stream(assembly.pk), verb=verb, actor=actor, data=data)
    if notify:
        transaction.on_commit(lambda: _tell_followers(assembly, event_describe(event)))


def _tell_followers(assembly: Assembly, what: str) -> None:
    """One e-mail to each confirmed follower of a public assembly, each with its own
    one-click unsubscribe link."""
    if not assembly.is_public:
        return
    link = settings.BASE_URL + reverse("accountability:tracker", args=[assembly.slug])
    for follower in Follower.objects.filter(assembly=assembly, confirmed_at__isnull=False):
        mail_send(
            to=follower.email,
            subject=assembly.title,
            body=f"{what}\n\n{link}",
            unsubscribe_url=unfollow_url(follower),
        )


def _required(errors: dict[str, list[str]], field: str, value: str, message: str) -> None:
    if not value.strip():
        errors.setdefault(field, []).append(message)


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
    require(actor, Do.ADOPT, assembly)
    errors: dict[str, list[str]] = {}
    _required(errors, "title", title, _("Give the recommendation a title."))
    _required(errors, "text", text, _("Give the adopted text."))
    _required(errors, "addressed_to", addressed_to, _("Say who must answer it."))
    if adopted_on is not None and adopted_on > timezone.localdate():
        errors.setdefault("adopted_on", []).append(_("The adoption date is in the future."))
    adopted_on = adopted_on or timezone.localdate()
    mandate = getattr(assembly, "mandate", None)
    if answer_due_on is None and mandate is not None and mandate.commits_to_respond:
        answer_due_on = mandate.response_deadline
    if answer_due_on is not None and answer_due_on < adopted_on:
        errors.setdefault("answer_due_on", []).append(
            _("The answer cannot be due before the recommendation is adopted.")
        )
    if support_share is not None and not 0 <= support_share <= 100:
        errors.setdefault("support_share", []).append(_("A share is between 0 and 100."))
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
    _record(recommendation, events.ADOPTED, actor)
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

    require(actor, Do.ADOPT, poll.assembly)
    if poll.status != PollStatus.CLOSED or not poll.passed or poll.proposal_id is None:
        raise ValidationError(
            _("Only a proposal adopted by a closed vote becomes a recommendation.")
        )
    if Recommendation.objects.filter(source_poll=poll).exists():
        raise ValidationError(_("This vote is already on the record."))
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


@transaction.atomic
def recommendation_drop(*, actor: Any, recommendation: Recommendation, reason: str) -> None:
    require(actor, Do.REVIEW, recommendation.assembly)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is dropped: the record keeps it.")})
    recommendation.dropped_on = timezone.localdate()
    recommendation.dropped_reason = reason.strip()
    recommendation.save(update_fields=["dropped_on", "dropped_reason"])
    _record(recommendation, events.DROPPED, actor, reason=reason.strip())


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
    require(actor, Do.RESPOND, recommendation.assembly)
    errors: dict[str, list[str]] = {}
    if verdict not in Verdict.values:
        errors.setdefault("verdict", []).append(_("Choose an answer from the list."))
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
            errors.setdefault("due_on", []).append(_("Say by when."))
    if due_on is not None and due_on < recommendation.adopted_on:
        errors.setdefault("due_on", []).append(
            _("The date is before the recommendation was adopted.")
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
    label = str(Verdict(verdict).label)
    if latest:
        _record(
            recommendation,
            events.ANSWER_REVISED,
            actor,
            verdict=label,
            version=response.version,
        )
    else:
        _record(recommendation, events.ANSWERED, actor, verdict=label)
    return response


# --- Commitments -------------------------------------------------------------------------


@transaction.atomic
def commitment_add(
    *,
    actor: Any,
    recommendation: Recommendation,
    title: str,
    office: str,
    starts_on: datetime.date,
    due_on: datetime.date | None = None,
    budget: Decimal | None = None,
    milestones: Sequence[tuple[str, datetime.date]] = (),
) -> Commitment:
    """Turn an accepted item into a commitment with its milestones."""
    require(actor, Do.REPORT_PROGRESS, recommendation.assembly)
    latest = recommendation.responses.order_by("-version").first()
    if latest is None or latest.verdict not in COMMITTABLE:
        raise ValidationError(
            _("Only an accepted (or partly accepted) recommendation becomes commitments.")
        )
    errors: dict[str, list[str]] = {}
    _required(errors, "title", title, _("Say what is committed."))
    _required(errors, "office", office, _("Name the responsible office."))
    if due_on is not None and due_on < starts_on:
        errors.setdefault("due_on", []).append(_("The due date is before the start."))
    if budget is not None and budget < 0:
        errors.setdefault("budget", []).append(_("A budget cannot be negative."))
    for milestone_title, milestone_due in milestones:
        if milestone_due < starts_on:
            errors.setdefault("milestones", []).append(
                _("The milestone “%(title)s” is dated before the commitment starts.")
                % {"title": milestone_title}
            )
    if errors:
        raise ValidationError(errors)
    commitment = Commitment.objects.create(
        recommendation=recommendation,
        title=title.strip(),
        office=office.strip(),
        starts_on=starts_on,
        due_on=due_on,
        budget=budget,
    )
    Milestone.objects.bulk_create(
        Milestone(commitment=commitment, title=t.strip(), due_on=d) for t, d in milestones
    )
    _record(recommendation, events.COMMITTED, actor, title=commitment.title)
    return commitment


@transaction.atomic
def milestone_add(
    *, actor: Any, commitment: Commitment, title: str, due_on: datetime.date
) -> Milestone:
    recommendation = commitment.recommendation
    require(actor, Do.REPORT_PROGRESS, recommendation.assembly)
    if not title.strip():
        raise ValidationError({"title": _("Name the milestone.")})
    if due_on < commitment.starts_on:
        raise ValidationError({"due_on": _("The milestone is dated before the commitment starts.")})
    milestone = Milestone.objects.create(commitment=commitment, title=title.strip(), due_on=due_on)
    _record(recommendation, events.MILESTONE_ADDED, actor, title=milestone.title)
    return milestone


@transaction.atomic
def milestone_done(*, actor: Any, milestone: Milestone, done_on: datetime.date) -> None:
    recommendation = milestone.commitment.recommendation
    require(actor, Do.REPORT_PROGRESS, recommendation.assembly)
    if done_on < milestone.commitment.starts_on:
        raise ValidationError(_("That date is before the commitment started."))
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    _record(recommendation, events.MILESTONE_DONE, actor, title=milestone.title)


@transaction.atomic
def progress_report(
    *,
    actor: Any,
    commitment: Commitment,
    progress: int,
    status: str,
    note: str = "",
    evidence_url: str = "",
    reported_on: datetime.date | None = None,
) -> ProgressUpdate:
    """A dated progress report. Progress never goes above 100 %, nor backwards unexplained."""
    recommendation = commitment.recommendation
    require(actor, Do.REPORT_PROGRESS, recommendation.assembly)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    reported_on = reported_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not 0 <= progress <= 100:
        errors.setdefault("progress", []).append(_("Progress is between 0 and 100 %."))
    elif progress < commitment.progress and not note.strip():
        errors.setdefault("note", []).append(
            _("Progress goes back from %(before)s %% to %(after)s %%: say why.")
            % {"before": commitment.progress, "after": progress}
        )
    if status not in CommitmentStatus.values:
        errors.setdefault("status", []).append(_("Choose a status from the list."))
    if status == CommitmentStatus.DONE and progress != 100:
        errors.setdefault("progress", []).append(_("A commitment that is done is at 100 %."))
    if reported_on < commitment.starts_on:
        errors.setdefault("reported_on", []).append(_("The date is before the commitment started."))
    if errors:
        raise ValidationError(errors)
    update = ProgressUpdate.objects.create(
        commitment=commitment,
        reported_on=reported_on,
        progress=progress,
        status=status,
        note=note.strip(),
        evidence_url=evidence_url.strip(),
        author=actor,
    )
    commitment.progress = progress
    commitment.status = status
    commitment.save(update_fields=["progress", "status"])
    _record(
        recommendation,
        events.PROGRESS,
        actor,
        progress=progress,
        status=str(CommitmentStatus(status).label),
    )
    return update


@transaction.atomic
def commitment_escalate(
    *,
    actor: Any,
    commitment: Commitment,
    escalated_to: str,
    reason: str,
    owner: str,
    escalated_on: datetime.date | None = None,
) -> Escalation:
    """Take a stalled commitment further: a council, a committee, the press, a campaign."""
    recommendation = commitment.recommendation
    require(actor, Do.ESCALATE, recommendation.assembly)
    errors: dict[str, list[str]] = {}
    _required(errors, "escalated_to", escalated_to, _("Say to whom it is escalated."))
    _required(errors, "reason", reason, _("Say why."))
    _required(errors, "owner", owner, _("Say who carries the escalation."))
    if errors:
        raise ValidationError(errors)
    escalation = Escalation.objects.create(
        commitment=commitment,
        escalated_to=escalated_to.strip(),
        reason=reason.strip(),
        owner=owner.strip(),
        escalated_on=escalated_on or timezone.localdate(),
    )
    _record(recommendation, events.ESCALATED, actor, escalated_to=escalation.escalated_to)
    return escalation


@transaction.atomic
def escalation_outcome_record(*, actor: Any, escalation: Escalation, outcome: str) -> None:
    recommendation = escalation.commitment.recommendation
    require(actor, Do.ESCALATE, recommendation.assembly)
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say what came of it.")})
    escalation.outcome = outcome.strip()
    escalation.save(update_fields=["outcome"])
    _record(recommendation, events.ESCALATION_OUTCOME, actor)


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
    require(actor, Do.REVIEW, assembly)
    errors: dict[str, list[str]] = {}
    _required(errors, "body", body, _("Say who reviewed."))
    _required(errors, "findings", findings, _("Record the findings."))
    if any(r.assembly_id != assembly.pk for r in recommendations):
        errors.setdefault("recommendations", []).append(
            _("Choose recommendations of this assembly.")
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
    _record(assembly, events.REVIEWED, actor, body=review.body)
    return review


@transaction.atomic
def comment_post(
    *, actor: Any, recommendation: Recommendation, text: str, is_question: bool = False
) -> Comment:
    require(actor, Do.COMMENT, recommendation.assembly)
    if not text.strip():
        raise ValidationError({"text": _("Write your comment or question.")})
    comment = Comment.objects.create(
        recommendation=recommendation, author=actor, text=text.strip(), is_question=is_question
    )
    _record(recommendation, events.COMMENTED, actor, notify=False)
    return comment


@transaction.atomic
def comment_answer(*, actor: Any, comment: Comment, answer: str) -> None:
    require(actor, Do.ANSWER_COMMENT, comment.recommendation.assembly)
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    comment.answer = answer.strip()
    comment.save(update_fields=["answer"])
    _record(comment.recommendation, events.COMMENT_ANSWERED, actor)


@transaction.atomic
def follow_up_plan_set(
    *,
    actor: Any,
    assembly: Assembly,
    first_report_months: int,
    then_every_months: int,
    remind_days_before: int,
) -> FollowUpPlan:
    require(actor, Do.PLAN, assembly)
    if first_report_months < 1 or then_every_months < 1:
        raise ValidationError(_("Reports are due at least a month apart."))
    plan, _created = FollowUpPlan.objects.update_or_create(
        assembly=assembly,
        defaults={
            "first_report_months": first_report_months,
            "then_every_months": then_every_months,
            "remind_days_before": remind_days_before,
        },
    )
    _record(assembly, events.PLAN_SET, actor, notify=False)
    return plan


# Follow by e-mail: double opt-in, one-click unsubscribe, throttled confirmations.
FOLLOW_CONFIRMATION_VALID = datetime.timedelta(days=7)
# A pending address gets another confirmation at most this often, and at most this many.
FOLLOW_RESEND_AFTER = datetime.timedelta(hours=1)
FOLLOW_CONFIRMATIONS_PER_ASSEMBLY = 3
# Across all assemblies, one address gets at most this many confirmations a day.
FOLLOW_CONFIRMATIONS_PER_DAY = 3
_UNFOLLOW_SALT = "assemblea.accountability.unfollow"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def unfollow_url(follower: Follower) -> str:
    """The follower's one-click unsubscribe link: signed, so nothing more is stored, and
    naming the address only by a hash, so it does not show in the web server's logs."""
    token = signing.dumps([follower.pk, _token_hash(follower.email)[:16]], salt=_UNFOLLOW_SALT)
    return settings.BASE_URL + reverse(
        "accountability:unfollow", args=[follower.assembly.slug, token]
    )


@transaction.atomic
def follower_add(*, assembly: Assembly, email: str) -> bool:
    """Ask to follow a public record by e-mail: a confirmation e-mail with a one-time link;
    nothing else is sent until it is used. True when a confirmation was sent.

    Repeated requests for one address are throttled (it may be someone else's), and the
    caller should say the same thing whatever happened, so the form tells nobody whether
    an address follows."""
    if not assembly.is_public:
        raise ValidationError(_("Only a public assembly can be followed."))
    address = email.strip().lower()
    now = timezone.now()
    # Addresses that never confirmed are forgotten once their links have expired.
    Follower.objects.filter(
        confirmed_at__isnull=True, confirmation_sent_at__lt=now - FOLLOW_CONFIRMATION_VALID
    ).delete()
    follower = Follower.objects.select_for_update().filter(assembly=assembly, email=address).first()
    if follower is not None and (
        follower.confirmed_at is not None
        or follower.confirmations_sent >= FOLLOW_CONFIRMATIONS_PER_ASSEMBLY
        or (
            follower.confirmation_sent_at is not None
            and now - follower.confirmation_sent_at < FOLLOW_RESEND_AFTER
        )
    ):
        return False
    sent_today = Follower.objects.filter(
        email=address,
        confirmed_at__isnull=True,
        confirmation_sent_at__gte=now - datetime.timedelta(days=1),
    ).count()
    if sent_today >= FOLLOW_CONFIRMATIONS_PER_DAY:
        return False
    if follower is None:
        follower, created = Follower.objects.get_or_create(assembly=assembly, email=address)
        if not created:
            return False
    token = secrets.token_urlsafe(32)
    follower.token_hash = _token_hash(token)
    follower.confirmation_sent_at = now
    follower.confirmations_sent += 1
    follower.save(update_fields=["token_hash", "confirmation_sent_at", "confirmations_sent"])
    confirm = settings.BASE_URL + reverse(
        "accountability:follow_confirm", args=[assembly.slug, token]
    )
    mail_send(
        to=address,
        subject=_("Confirm: updates on %(title)s") % {"title": assembly.title},
        body=_(
            "Someone, probably you, asked for e-mail updates when the public record of "
            "“%(title)s” changes.\n\nTo confirm, open this link within 7 days:\n%(link)s\n\n"
            "If you did not ask, ignore this e-mail: you will get nothing more."
        )
        % {"title": assembly.title, "link": confirm},
        unsubscribe_url=unfollow_url(follower),
    )
    return True


def follower_pending(*, assembly: Assembly, token: str) -> Follower | None:
    """The unconfirmed follower whose confirmation link carries `token`, if still valid."""
    if not token:
        return None
    follower = Follower.objects.filter(
        assembly=assembly, token_hash=_token_hash(token), confirmed_at__isnull=True
    ).first()
    if follower is None or follower.confirmation_sent_at is None:
        return None
    if timezone.now() - follower.confirmation_sent_at > FOLLOW_CONFIRMATION_VALID:
        return None
    return follower


@transaction.atomic
def follower_confirm(*, assembly: Assembly, token: str) -> Follower:
    """Use a confirmation link once: from now on the address gets the record's updates."""
    follower = follower_pending(assembly=assembly, token=token)
    if follower is None:
        raise ValidationError(
            _("This confirmation link does not work any more. Ask for updates again.")
        )
    follower.confirmed_at = timezone.now()
    follower.token_hash = ""
    follower.save(update_fields=["confirmed_at", "token_hash"])
    return follower


def follower_from_unfollow_token(token: str) -> Follower | None:
    try:
        pk, email_hash = signing.loads(token, salt=_UNFOLLOW_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(pk, int) or not isinstance(email_hash, str):
        return None
    follower = Follower.objects.filter(pk=pk).select_related("assembly").first()
    if follower is None or _token_hash(follower.email)[:16] != email_hash:
        return None
    return follower


@transaction.atomic
def follower_remove(*, token: str) -> bool:
    """One-click unsubscribe: the address is forgotten. True when it was following."""
    follower = follower_from_unfollow_token(token)
    if follower is None:
        return False
    follower.delete()
    return True


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind respondents of unanswered recommendations as the deadline nears (and after)."""
    from assemblea.accountability.selectors import response_clock
    from assemblea.assemblies.models import AssemblyRoleName

    today = today or timezone.localdate()
    sent = 0
    for assembly in Assembly.objects.filter(recommendations__isnull=False).distinct():
        clock = response_clock(assembly, today)
        plan = FollowUpPlan.objects.filter(assembly=assembly).first()
        before = plan.remind_days_before if plan else 14
        days_left = [(item.due_on - today).days for item in clock.unanswered if item.due_on]
        # In the window before a due date, daily; once late, weekly.
        if not any(0 <= left <= before or (left < 0 and left % 7 == 0) for left in days_left):
            continue
        emails = [
            email
            for email in assembly.roles.filter(role=AssemblyRoleName.RESPONDENT).values_list(
                "user__email", flat=True
            )
            if email
        ]
        if not emails:
            continue
        link = settings.BASE_URL + reverse("accountability:tracker", args=[assembly.slug])
        sent += mail_send(
            to=emails,
            subject=_("Answers due: %(title)s") % {"title": assembly.title},
            body=clock.summary + "\n\n" + link,
        )
    return sent
