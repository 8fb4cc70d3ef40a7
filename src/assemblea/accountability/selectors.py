"""Reads for the public record: each item's path, the response clock, the tracker's charts."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assemblea.accountability.models import (
    Commitment,
    CommitmentStatus,
    FollowUpPlan,
    Recommendation,
    Response,
    Verdict,
)
from assemblea.assemblies.models import Assembly
from assemblea.core.charts import date_text


class Stage:
    ADOPTED = "adopted"
    ANSWERED = "answered"
    COMMITTED = "committed"
    DONE = "done"
    STALLED = "stalled"
    DROPPED = "dropped"


STAGE_LABELS = {
    Stage.ADOPTED: gettext_lazy("adopted, awaiting an answer"),
    Stage.ANSWERED: gettext_lazy("answered"),
    Stage.COMMITTED: gettext_lazy("committed"),
    Stage.DONE: gettext_lazy("done"),
    Stage.STALLED: gettext_lazy("stalled"),
    Stage.DROPPED: gettext_lazy("dropped"),
}

STAGE_ORDER = [
    Stage.ADOPTED,
    Stage.ANSWERED,
    Stage.COMMITTED,
    Stage.DONE,
    Stage.STALLED,
    Stage.DROPPED,
]


def recommendations_of(assembly: Assembly) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(assembly=assembly).prefetch_related(
        Prefetch("responses", queryset=Response.objects.order_by("-version")),
        Prefetch(
            "commitments",
            queryset=Commitment.objects.prefetch_related("milestones", "updates", "escalations"),
        ),
    )


def latest_response(recommendation: Recommendation) -> Response | None:
    responses = list(recommendation.responses.all())
    return max(responses, key=lambda r: r.version) if responses else None


def first_response(recommendation: Recommendation) -> Response | None:
    responses = list(recommendation.responses.all())
    return min(responses, key=lambda r: r.version) if responses else None


def stage_of(recommendation: Recommendation) -> str:
    if recommendation.dropped_on:
        return Stage.DROPPED
    response = latest_response(recommendation)
    if response is None:
        return Stage.ADOPTED
    commitments = list(recommendation.commitments.all())
    if response.verdict == Verdict.REJECTED:
        return Stage.ANSWERED
    if not commitments:
        return Stage.ANSWERED
    live = [c for c in commitments if c.status != CommitmentStatus.DROPPED]
    if live and all(c.status == CommitmentStatus.DONE for c in live):
        return Stage.DONE
    if any(c.status == CommitmentStatus.STALLED for c in live):
        return Stage.STALLED
    if not live:
        return Stage.DROPPED
    return Stage.COMMITTED


@dataclass
class ClockItem:
    recommendation: Recommendation
    due_on: datetime.date | None
    answered_on: datetime.date | None
    days_late: int  # 0 when on time or not yet due


def days_late(recommendation: Recommendation, today: datetime.date) -> int:
    """How late the first answer came (or, unanswered, is by today): 0 when on time."""
    due = recommendation.answer_due_on
    if due is None or recommendation.dropped_on:
        return 0
    first = first_response(recommendation)
    until = first.published_at.date() if first else today
    return max(0, (until - due).days)


@dataclass
class ResponseClock:
    deadline: datetime.date | None  # the next (or last) answer due date
    total: int
    answered: int
    items: list[ClockItem] = field(default_factory=list)

    @property
    def unanswered(self) -> list[ClockItem]:
        return [item for item in self.items if item.answered_on is None]

    @property
    def late(self) -> list[ClockItem]:
        return [item for item in self.items if item.days_late > 0]

    @property
    def late_unanswered(self) -> list[ClockItem]:
        return [item for item in self.unanswered if item.days_late > 0]

    @property
    def summary(self) -> str:
        late = self.late_unanswered
        if not self.total:
            return _("No recommendations yet.")
        if late:
            days = {item.days_late for item in late}
            values = {"late": len(late), "total": self.total, "days": max(days)}
            if len(days) > 1:
                return (
                    ngettext(
                        "%(late)s of %(total)s answers is up to %(days)s days late.",
                        "%(late)s of %(total)s answers are up to %(days)s days late.",
                        len(late),
                    )
                    % values
                )
            return (
                ngettext(
                    "%(late)s of %(total)s answers is %(days)s days late.",
                    "%(late)s of %(total)s answers are %(days)s days late.",
                    len(late),
                )
                % values
            )
        if self.answered == self.total:
            late_answers = len(self.late)
            if late_answers:
                return ngettext(
                    "All %(total)s answers are in; %(late)s came late.",
                    "All %(total)s answers are in; %(late)s came late.",
                    late_answers,
                ) % {"total": self.total, "late": late_answers}
            return _("All %(total)s answers are in, on time.") % {"total": self.total}
        if self.deadline is None:
            return _("%(answered)s of %(total)s answers are in; no deadline was set.") % {
                "answered": self.answered,
                "total": self.total,
            }
        return _("%(answered)s of %(total)s answers are in; the next is due on %(deadline)s.") % {
            "answered": self.answered,
            "total": self.total,
            "deadline": date_text(self.deadline),
        }


def response_clock(assembly: Assembly, today: datetime.date) -> ResponseClock:
    """Who has answered, and how late: the figure published on the tracker."""
    items = []
    for recommendation in recommendations_of(assembly).filter(dropped_on__isnull=True):
        first = first_response(recommendation)
        items.append(
            ClockItem(
                recommendation,
                recommendation.answer_due_on,
                first.published_at.date() if first else None,
                days_late(recommendation, today),
            )
        )
    pending = sorted(i.due_on for i in items if i.answered_on is None and i.due_on)
    every = sorted(i.due_on for i in items if i.due_on)
    deadline = pending[0] if pending else (every[-1] if every else None)
    answered = sum(1 for item in items if item.answered_on)
    return ResponseClock(deadline=deadline, total=len(items), answered=answered, items=items)


@dataclass
class TimelineStep:
    on: datetime.date
    label: str


def timeline(recommendation: Recommendation) -> list[TimelineStep]:
    """Each dated step of the recommendation's path, oldest first."""
    steps = [TimelineStep(recommendation.adopted_on, _("Adopted"))]
    for response in sorted(recommendation.responses.all(), key=lambda r: r.version):
        steps.append(
            TimelineStep(
                response.published_at.date(),
                _("Answered: %(verdict)s") % {"verdict": Verdict(response.verdict).label}
                if response.version == 1
                else _("Answer revised: %(verdict)s")
                % {"verdict": Verdict(response.verdict).label},
            )
        )
    for commitment in recommendation.commitments.all():
        steps.append(
            TimelineStep(
                commitment.starts_on, _("Committed: %(title)s") % {"title": commitment.title}
            )
        )
        for update in commitment.updates.all():
            steps.append(
                TimelineStep(
                    update.reported_on,
                    _("%(progress)s %% · %(status)s")
                    % {
                        "progress": update.progress,
                        "status": CommitmentStatus(update.status).label,
                    },
                )
            )
        for escalation in commitment.escalations.all():
            steps.append(
                TimelineStep(
                    escalation.escalated_on,
                    _("Escalated to %(to)s") % {"to": escalation.escalated_to},
                )
            )
    if recommendation.dropped_on:
        steps.append(TimelineStep(recommendation.dropped_on, _("Dropped")))
    return sorted(steps, key=lambda step: step.on)


@dataclass
class TrackerRow:
    recommendation: Recommendation
    stage: str
    stage_label: str
    verdict: str
    progress: int | None
    days_late: int


def tracker_rows(
    recommendations: QuerySet[Recommendation],
    today: datetime.date,
    *,
    topic: str = "",
    body: str = "",
    stage: str = "",
) -> list[TrackerRow]:
    if topic:
        recommendations = recommendations.filter(topic=topic)
    if body:
        recommendations = recommendations.filter(addressed_to=body)
    rows = []
    for recommendation in recommendations.select_related("assembly"):
        current = stage_of(recommendation)
        if stage and current != stage:
            continue
        response = latest_response(recommendation)
        commitments = [
            c for c in recommendation.commitments.all() if c.status != CommitmentStatus.DROPPED
        ]
        rows.append(
            TrackerRow(
                recommendation=recommendation,
                stage=current,
                stage_label=str(STAGE_LABELS[current]),
                verdict=str(Verdict(response.verdict).label) if response else "",
                progress=(
                    round(sum(c.progress for c in commitments) / len(commitments))
                    if commitments
                    else None
                ),
                days_late=days_late(recommendation, today),
            )
        )
    return rows


@dataclass
class Bar:
    label: str
    value: int
    share: float  # 0..100, for the bar's width


def _bars(counts: list[tuple[str, int]]) -> list[Bar]:
    top = max((value for _label, value in counts), default=0) or 1
    return [Bar(label, value, 100 * value / top) for label, value in counts]


@dataclass
class TrackerCharts:
    stages: list[Bar]
    verdicts: list[Bar]
    response_days: list[Bar]
    implementation_rate: int | None  # % of committed items done
    median_response_days: int | None


def tracker_charts(rows: list[TrackerRow]) -> TrackerCharts:
    stage_counts = Counter(row.stage for row in rows)
    verdict_counts = Counter(row.verdict for row in rows if row.verdict)
    days = []
    buckets = [(30, _("within a month")), (90, _("1 to 3 months")), (180, _("3 to 6 months"))]
    bucket_counts: Counter[str] = Counter()
    for row in rows:
        first = first_response(row.recommendation)
        if first is None:
            continue
        waited = (first.published_at.date() - row.recommendation.adopted_on).days
        days.append(waited)
        label = next((str(name) for limit, name in buckets if waited <= limit), _("longer"))
        bucket_counts[label] += 1
    committed = [row for row in rows if row.stage in (Stage.COMMITTED, Stage.DONE, Stage.STALLED)]
    done = sum(1 for row in committed if row.stage == Stage.DONE)
    ordered_buckets = [str(name) for _limit, name in buckets] + [_("longer")]
    return TrackerCharts(
        stages=_bars([(str(STAGE_LABELS[s]), stage_counts[s]) for s in STAGE_ORDER]),
        verdicts=_bars([(str(label), verdict_counts[str(label)]) for _v, label in Verdict.choices]),
        response_days=_bars([(name, bucket_counts[name]) for name in ordered_buckets]),
        implementation_rate=round(100 * done / len(committed)) if committed else None,
        median_response_days=sorted(days)[len(days) // 2] if days else None,
    )


def open_items_from_earlier_cycles(assembly: Assembly) -> list[Recommendation]:
    """A standing body's next cycle starts with what the last left open."""
    return [
        recommendation
        for recommendation in recommendations_of(assembly).filter(cycle__lt=assembly.cycle)
        if stage_of(recommendation) not in (Stage.DONE, Stage.DROPPED)
    ]


def progress_reports_due(assembly: Assembly, until: datetime.date) -> list[datetime.date]:
    """Report dates by the body's plan, counted from the first commitment."""
    first = (
        Commitment.objects.filter(recommendation__assembly=assembly)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    if first is None:
        return []
    plan = FollowUpPlan.objects.filter(assembly=assembly).first() or FollowUpPlan()
    dates: list[datetime.date] = []
    months = plan.first_report_months
    while len(dates) < 40:
        due = _add_months(first, months)
        if due > until:
            break
        dates.append(due)
        months += plan.then_every_months
    return dates


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    import calendar

    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def topics_and_bodies(recommendations: QuerySet[Recommendation]) -> dict[str, Any]:
    return {
        "topics": sorted(set(recommendations.exclude(topic="").values_list("topic", flat=True))),
        "bodies": sorted(set(recommendations.values_list("addressed_to", flat=True))),
    }


def adopted_votes_not_on_record(assembly: Assembly) -> list[Any]:
    """Proposals the assembly adopted by vote that are not yet recommendations."""
    from assemblea.decisions.models import Poll, PollStatus

    return list(
        Poll.objects.filter(
            assembly=assembly,
            status=PollStatus.CLOSED,
            passed=True,
            proposal__isnull=False,
            amendment__isnull=True,
            recommendations__isnull=True,
        ).select_related("proposal")
    )


def due_items(recommendations: list[Recommendation]) -> list[Any]:
    """Each answer and each commitment with a due date, and when it was done (the tracker's
    timeline chart, of the recommendations shown): public facts, no person in them."""
    from assemblea.core.charts import DueItem

    items = []
    for recommendation in recommendations:
        if recommendation.dropped_on:
            continue
        if recommendation.answer_due_on:
            first = first_response(recommendation)
            label = _("%(number)s. %(title)s: answer")
            items.append(
                DueItem(
                    label % {"number": recommendation.number, "title": recommendation.title},
                    recommendation.answer_due_on,
                    first.published_at.date() if first else None,
                )
            )
        for commitment in recommendation.commitments.all():
            if commitment.due_on is None or commitment.status == CommitmentStatus.DROPPED:
                continue
            done = None
            if commitment.status == CommitmentStatus.DONE:
                reports = [u.reported_on for u in commitment.updates.all() if u.status == "done"]
                done = min(reports) if reports else commitment.created_at.date()
            label = _("%(number)s. %(title)s: commitment")
            items.append(
                DueItem(
                    label % {"number": recommendation.number, "title": commitment.title},
                    commitment.due_on,
                    done,
                )
            )
    return sorted(items, key=lambda item: item.due_on)
