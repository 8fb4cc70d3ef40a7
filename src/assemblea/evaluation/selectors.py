"""Reads for the evaluation: the figures practitioners use, computed from the other apps'
records, and the questionnaires' results. A figure without data says so (value None)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assemblea.assemblies.models import Assembly, AssemblyRoleName, SeatHolder
from assemblea.core import charts as svg_charts
from assemblea.core.privacy import SMALL_CELL_MINIMUM
from assemblea.evaluation.models import Annotation, Section, Survey
from assemblea.evaluation.questions import (
    AUDIENCES,
    CRITERIA,
    MINIMUM_ANSWERS,
    QUESTIONS,
    SCALE,
)


@dataclass
class ChartRow:
    label: str
    cells: list[str]
    bars: list[float]  # widths 0..100, drawn one under the other


@dataclass
class Chart:
    caption: str
    columns: list[str]
    rows: list[ChartRow]


@dataclass
class Figure:
    title: str
    value: str | None  # None: not available for this assembly
    note: str = ""
    chart: Chart | None = None


@dataclass
class FigureSection:
    key: str
    title: str
    figures: list[Figure]
    annotations: list[Annotation] = field(default_factory=list)


def _percent(part: float, whole: float) -> str:
    return svg_charts.percent_text(part, whole)


def _seats(assembly: Assembly) -> Any:
    return SeatHolder.objects.filter(category__assembly=assembly, is_alternate=False)


# Process design integrity


def _recruitment(assembly: Assembly) -> Any:
    from assemblea.recruitment.selectors import current_recruitment

    return current_recruitment(assembly)


def registration_rate(assembly: Assembly) -> Figure:
    from assemblea.recruitment.models import Invitation

    title = _("Registration rate")
    recruitment = _recruitment(assembly)
    if recruitment is None:
        return Figure(title, None)
    invited = Invitation.objects.filter(draw__recruitment=recruitment).count()
    if not invited:
        return Figure(title, None)
    registered = recruitment.registrations.count()
    return Figure(
        title,
        _percent(registered, invited),
        _("%(registered)s registrations from %(invited)s invitations.")
        % {"registered": registered, "invited": invited},
    )


def panel_against_population(assembly: Assembly) -> Figure:
    from assemblea.recruitment.selectors import (
        seated_against_population,
        seated_against_population_public,
    )

    title = _("Members against the population and the quotas")
    recruitment = _recruitment(assembly)
    if recruitment is None:
        return Figure(title, None)
    lines = seated_against_population(recruitment)
    seated = recruitment.registrations.filter(status="seated").count()
    if not lines or not seated:
        return Figure(title, None)
    quotas = {
        (value.category.name, value.value): (value.min_seats, value.max_seats)
        for category in recruitment.target_categories.prefetch_related("values")
        for value in category.values.all()
    }
    rows = []
    outside = 0
    # The members are named in public: a count of one or two is withheld (core.privacy), and
    # so is whether that cell met its quota, which would tell the count in small quotas.
    shown = seated_against_population_public(recruitment)
    for line, public in zip(lines, shown, strict=True):
        low, high = quotas.get((line.category, line.value), (0, 0))
        within = low <= line.seated <= high
        outside += 0 if within else 1
        if public.seated is None or public.seated_share is None:
            members = _("fewer than %(minimum)s") % {"minimum": SMALL_CELL_MINIMUM}
            quota = f"{low}–{high}"
            bars = [100 * line.population_share, 0.0]
        else:
            members = f"{public.seated} ({_percent(public.seated_share, 1)})"
            quota = f"{low}–{high}" + ("" if within else " ⚠")
            bars = [100 * line.population_share, 100 * public.seated_share]
        rows.append(
            ChartRow(
                f"{line.category}: {line.value}",
                [_percent(line.population_share, 1), members, quota],
                bars,
            )
        )
    chart = Chart(title, [_("Population"), _("Members"), _("Quota (seats)")], rows)
    value = (
        _("All groups within their quotas.")
        if not outside
        else _("%(count)s groups outside their quotas.") % {"count": outside}
    )
    return Figure(title, value, _("%(seated)s members seated.") % {"seated": seated}, chart)


def selection_probability(assembly: Assembly) -> Figure:
    title = _("Selection probability (lowest and highest)")
    recruitment = _recruitment(assembly)
    if recruitment is None:
        return Figure(title, None)
    run = recruitment.runs.filter(status="drawn", kind="selection").first()
    probabilities = ((run.report if run else None) or {}).get("probabilities") or {}
    if "min" not in probabilities or "max" not in probabilities:
        return Figure(title, None)
    return Figure(
        title,
        svg_charts.percent_text(probabilities["min"], 1, 1)
        + " – "
        + svg_charts.percent_text(probabilities["max"], 1, 1),
        _("Every person in the pool had at least the lowest chance of being drawn."),
    )


def dropouts_and_replacements(assembly: Assembly) -> Figure:
    title = _("Dropouts and replacements")
    ended = _seats(assembly).filter(ended_on__isnull=False).count()
    recruitment = _recruitment(assembly)
    dropped = replaced = 0
    if recruitment is not None:
        dropped = recruitment.registrations.filter(status__in=["declined", "dropped_out"]).count()
        for run in recruitment.runs.filter(status="drawn", kind="replacement"):
            replaced += len(run.dropouts or [])
    if not (ended or dropped or replaced or recruitment):
        return Figure(title, None)
    return Figure(
        title,
        _("%(dropped)s dropped out, %(replaced)s replaced")
        % {"dropped": dropped, "replaced": replaced},
        _("%(ended)s seats have ended (members who left or rotated out).") % {"ended": ended},
    )


def support_provided(assembly: Assembly) -> Figure:
    from assemblea.recruitment.models import SupportArrangement

    title = _("Support provided")
    arrangements = list(SupportArrangement.objects.filter(seat__category__assembly=assembly))
    if not arrangements:
        return Figure(title, None)
    total = sum((a.stipend_per_day * a.days for a in arrangements), Decimal(0))
    stipends = [a for a in arrangements if a.stipend_per_day and a.days]
    paid = sum(1 for a in stipends if a.paid)
    booked = sum(1 for a in arrangements if a.support_booked.strip())
    note = _("%(booked)s members have care, interpretation or other support booked.") % {
        "booked": booked
    }
    if stipends:
        note += " " + _("%(paid)s of %(count)s stipends paid.") % {
            "paid": paid,
            "count": len(stipends),
        }
    return Figure(
        title, _("%(total)s in stipends") % {"total": svg_charts.number_text(total, 2)}, note
    )


# Sound deliberative experience


def attendance(assembly: Assembly) -> Figure:
    from assemblea.deliberation.models import Attendance, Session

    title = _("Attendance per session")
    sessions = list(Session.objects.filter(assembly=assembly).order_by("starts_at", "pk"))
    present = Counter(
        Attendance.objects.filter(session__assembly=assembly).values_list("session_id", flat=True)
    )
    rows = []
    shares = []
    for session in sessions:
        if not present[session.pk]:
            continue
        day = session.starts_at.date()
        seats = (
            _seats(assembly)
            .filter(started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
            .count()
        )
        share = present[session.pk] / seats if seats else 0.0
        shares.append(share)
        rows.append(
            ChartRow(
                f"{session.title} ({svg_charts.date_text(day)})",
                [f"{present[session.pk]} / {seats}", _percent(share, 1)],
                [100 * min(share, 1.0)],
            )
        )
    if not rows:
        return Figure(title, None)
    chart = Chart(title, [_("Present / seats"), _("Share")], rows)
    average = sum(shares) / len(shares)
    return Figure(title, _("%(share)s on average") % {"share": _percent(average, 1)}, chart=chart)


def facilitator_ratio(assembly: Assembly) -> Figure:
    from assemblea.deliberation.models import SmallTable

    title = _("Members per facilitator")
    members = _seats(assembly).filter(ended_on__isnull=True).count()
    facilitators = set(
        SmallTable.objects.filter(session__assembly=assembly, facilitator__isnull=False)
        .values_list("facilitator_id", flat=True)
        .distinct()
    )
    if not facilitators:
        facilitators = set(
            assembly.roles.filter(role=AssemblyRoleName.FACILITATOR).values_list(
                "user_id", flat=True
            )
        )
    if not members or not facilitators:
        return Figure(title, None)
    ratio = members / len(facilitators)
    return Figure(
        title,
        svg_charts.number_text(ratio, 1),
        _(
            "%(members)s members, %(facilitators)s facilitators. UK standards ask for at most "
            "9 members per facilitator, 7 or fewer at best."
        )
        % {"members": members, "facilitators": len(facilitators)},
    )


def speaking_time(assembly: Assembly) -> Figure:
    from assemblea.deliberation.models import Session
    from assemblea.deliberation.selectors import speaking_summary

    title = _("Speaking time by group")
    seconds: dict[tuple[str, str], float] = defaultdict(float)
    room: dict[tuple[str, str], list[float]] = defaultdict(list)
    for session in Session.objects.filter(assembly=assembly).order_by("starts_at", "pk"):
        for share in speaking_summary(session):
            seconds[(share.category, share.value)] += share.seconds
            room[(share.category, share.value)].append(share.room_share)
    per_category: dict[str, float] = defaultdict(float)
    for (category, _value), spoken in seconds.items():
        per_category[category] += spoken
    if not any(per_category.values()):
        return Figure(title, None)
    rows = []
    for (category, value), spoken in seconds.items():
        total = per_category[category]
        time_share = spoken / total if total else 0.0
        room_share = sum(room[(category, value)]) / len(room[(category, value)])
        rows.append(
            ChartRow(
                f"{category}: {value}",
                [_percent(time_share, 1), _percent(room_share, 1)],
                [100 * time_share, 100 * room_share],
            )
        )
    chart = Chart(title, [_("Speaking time"), _("Share of the room")], rows)
    minutes = round(sum(seconds.values()) / 60 / max(len(per_category), 1))
    return Figure(
        title,
        ngettext(
            "%(minutes)s minute of speaking recorded",
            "%(minutes)s minutes of speaking recorded",
            minutes,
        )
        % {"minutes": svg_charts.number_text(minutes)},
        chart=chart,
    )


# Pathways to impact


def responses(assembly: Assembly, today: datetime.date) -> list[Figure]:
    from assemblea.accountability import selectors as record
    from assemblea.accountability.models import Recommendation, Verdict

    rows = record.tracker_rows(Recommendation.objects.filter(assembly=assembly), today)
    charts = record.tracker_charts(rows)
    titles = (_("Response time"), _("Acceptance"), _("Implementation"))
    answered = [row for row in rows if row.verdict]
    if not rows:
        return [Figure(title, None) for title in titles]
    clock = record.response_clock(assembly, today)
    time = Figure(
        titles[0],
        _("median %(days)s days") % {"days": charts.median_response_days}
        if charts.median_response_days is not None
        else None,
        clock.summary,
        Chart(
            titles[0],
            [_("Answers")],
            [ChartRow(bar.label, [str(bar.value)], [bar.share]) for bar in charts.response_days],
        ),
    )
    accepted_labels = {str(Verdict.ACCEPTED.label), str(Verdict.PARTIAL.label)}
    accepted = sum(1 for row in answered if row.verdict in accepted_labels)
    acceptance = Figure(
        titles[1],
        _percent(accepted, len(answered)) if answered else None,
        _("%(accepted)s of %(answered)s answered recommendations accepted in full or in part.")
        % {"accepted": accepted, "answered": len(answered)},
        Chart(
            titles[1],
            [_("Recommendations")],
            [ChartRow(bar.label, [str(bar.value)], [bar.share]) for bar in charts.verdicts],
        ),
    )
    implementation = Figure(
        titles[2],
        svg_charts.percent_text(charts.implementation_rate, 100)
        if charts.implementation_rate is not None
        else None,
        _("Share of recommendations with commitments whose commitments are all done."),
        Chart(
            titles[2],
            [_("Recommendations")],
            [ChartRow(bar.label, [str(bar.value)], [bar.share]) for bar in charts.stages],
        ),
    )
    return [time, acceptance, implementation]


def _annotations(assembly: Assembly) -> dict[str, list[Annotation]]:
    grouped: dict[str, list[Annotation]] = defaultdict(list)
    for annotation in Annotation.objects.filter(assembly=assembly).select_related("author"):
        grouped[annotation.section].append(annotation)
    return grouped


def figure_sections(assembly: Assembly, today: datetime.date) -> list[FigureSection]:
    notes = _annotations(assembly)
    return [
        FigureSection(
            Section.DESIGN,
            str(Section.DESIGN.label),
            [
                registration_rate(assembly),
                panel_against_population(assembly),
                selection_probability(assembly),
                dropouts_and_replacements(assembly),
                support_provided(assembly),
            ],
            notes[Section.DESIGN],
        ),
        FigureSection(
            Section.EXPERIENCE,
            str(Section.EXPERIENCE.label),
            [attendance(assembly), facilitator_ratio(assembly), speaking_time(assembly)],
            notes[Section.EXPERIENCE],
        ),
        FigureSection(
            Section.IMPACT,
            str(Section.IMPACT.label),
            responses(assembly, today),
            notes[Section.IMPACT],
        ),
    ]


# Questionnaires


@dataclass
class QuestionResult:
    text: str
    criterion: str
    mean: float
    chart: Chart


@dataclass
class SurveyResults:
    key: str
    title: str
    survey: Survey | None
    count: int
    shown: bool  # at least MINIMUM_ANSWERS
    questions: list[QuestionResult]
    comments: list[str]
    annotations: list[Annotation]
    criteria: Chart | None = None  # the mean of each criterion's statements
    likert: svg_charts.Chart | None = None  # every statement as a diverging bar
    likert_items: list[svg_charts.LikertItem] = field(default_factory=list)


def survey_results(assembly: Assembly, audience: str) -> SurveyResults:
    survey = Survey.objects.filter(assembly=assembly, audience=audience).first()
    answers = list(survey.answers.all()) if survey else []
    shown = len(answers) >= MINIMUM_ANSWERS
    results = []
    likert_items: list[svg_charts.LikertItem] = []
    if shown:
        labels = dict(SCALE)
        for question in QUESTIONS[audience]:
            scores = [a.scores[question.key] for a in answers if question.key in a.scores]
            counts = Counter(scores)
            top = max(counts.values(), default=0) or 1
            chart = Chart(
                str(question.text),
                [_("Answers")],
                [
                    ChartRow(
                        f"{value} · {labels[value]}",
                        [str(counts[value])],
                        [100 * counts[value] / top],
                    )
                    for value, _label in SCALE
                ],
            )
            mean = sum(scores) / len(scores) if scores else 0.0
            results.append(QuestionResult(str(question.text), question.criterion, mean, chart))
            likert_items.append(svg_charts.LikertItem(str(question.text), dict(counts)))
    comments = sorted(a.comment for a in answers if a.comment) if shown else []
    criteria = None
    if results:
        rows = []
        for criterion, label in CRITERIA.items():
            means = [q.mean for q in results if q.criterion == criterion]
            if means:
                mean = sum(means) / len(means)
                rows.append(
                    ChartRow(str(label), [svg_charts.number_text(mean, 1)], [100 * mean / 5])
                )
        caption = _("%(title)s: mean score by criterion, out of 5") % {
            "title": Section(audience).label
        }
        criteria = Chart(caption, [_("Mean")], rows)
    return SurveyResults(
        key=audience,
        title=str(Section(audience).label),
        survey=survey,
        count=len(answers),
        shown=shown,
        questions=results,
        comments=comments,
        annotations=_annotations(assembly)[audience],
        criteria=criteria,
        likert=svg_charts.likert_chart(
            likert_items, [str(label) for _value, label in SCALE], key=f"likert-{audience}"
        ),
        likert_items=likert_items,
    )


def surveys_of(assembly: Assembly) -> list[SurveyResults]:
    return [survey_results(assembly, audience) for audience in AUDIENCES]
