"""Reads for recruitment: the pool against the targets, runs and their reports."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assemblea.assemblies.models import Assembly
from assemblea.recruitment.models import (
    Recruitment,
    Registration,
    RegistrationStatus,
    RunKind,
    RunStatus,
    SelectionRun,
)


def current_recruitment(assembly: Assembly) -> Recruitment | None:
    return Recruitment.objects.filter(assembly=assembly).order_by("-created_at", "-id").first()


def public_registration_link(assembly: Assembly) -> str | None:
    """The registration form's address while registration is open (see `guide`)."""
    from assemblea.recruitment.guide import public_registration_link as link

    return link(assembly)


@dataclass(frozen=True)
class ValueLine:
    value: str
    population_share: float
    pool: int
    pool_share: float
    min_seats: int
    max_seats: int
    seats: int
    at_risk: bool

    @property
    def band_start(self) -> float:
        return 100 * self.min_seats / self.seats if self.seats else 0

    @property
    def band_width(self) -> float:
        return 100 * (self.max_seats - self.min_seats) / self.seats if self.seats else 0


@dataclass(frozen=True)
class CategoryLine:
    name: str
    values: list[ValueLine]


def pool_against_targets(recruitment: Recruitment) -> list[CategoryLine]:
    """Per category and value: population share, pool, quota band, and whether the pool
    risks being too small for the minimum (fewer than three registrants per minimum seat)."""
    answers = list(
        recruitment.registrations.filter(status=RegistrationStatus.POOL).values_list(
            "answers", flat=True
        )
    )
    total = len(answers)
    lines = []
    for category in recruitment.target_categories.prefetch_related("values"):
        counts = Counter(answer.get(category.name) for answer in answers)
        values = []
        for value in category.values.all():
            pool = counts.get(value.value, 0)
            values.append(
                ValueLine(
                    value=value.value,
                    population_share=float(value.population_share),
                    pool=pool,
                    pool_share=pool / total if total else 0.0,
                    min_seats=value.min_seats,
                    max_seats=value.max_seats,
                    seats=recruitment.seats,
                    at_risk=pool < 3 * value.min_seats,
                )
            )
        lines.append(CategoryLine(category.name, values))
    return lines


def registrations_per_day(recruitment: Recruitment) -> list[tuple[datetime.date, int]]:
    rows = (
        recruitment.registrations.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(count=Count("id"))
        .order_by("day")
    )
    return [(row["day"], row["count"]) for row in rows]


def recruitment_funnel(recruitment: Recruitment) -> list[tuple[str, int]]:
    """From invitations to seats, as counts of people (the funnel chart): letters sent,
    registrations, those in the draw (no duplicate, not withdrawn), drawn, seated."""
    registrations = recruitment.registrations
    in_draw = registrations.filter(duplicate_of__isnull=True).exclude(
        status=RegistrationStatus.WITHDRAWN
    )
    return [
        (_("Invitations sent"), sum(d.size for d in recruitment.invitation_draws.all())),
        (_("Registrations"), registrations.count()),
        (_("In the pool"), in_draw.count()),
        (_("Selected"), in_draw.exclude(status=RegistrationStatus.POOL).count()),
        (_("Seated"), registrations.filter(status=RegistrationStatus.SEATED).count()),
    ]


def runs(recruitment: Recruitment) -> list[SelectionRun]:
    return list(recruitment.runs.order_by("-created_at", "-id"))


def replacement_awaiting_draw(recruitment: Recruitment) -> SelectionRun | None:
    """The replacement lottery that is computed and published, waiting for its seed."""
    return (
        recruitment.runs.filter(kind=RunKind.REPLACEMENT, status=RunStatus.READY)
        .order_by("-created_at", "-id")
        .first()
    )


def replacement_running(recruitment: Recruitment) -> bool:
    return recruitment.runs.filter(
        kind=RunKind.REPLACEMENT, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).exists()


# A queued or running run with no sign of life for this long has stopped (its worker was
# stopped or restarted): it is shown as stalled and can be started again.
STALL_AFTER = datetime.timedelta(minutes=10)


def run_last_sign_of_life(run: SelectionRun) -> datetime.datetime:
    return run.heartbeat_at or run.started_at or run.created_at


def run_stalled(run: SelectionRun, now: datetime.datetime | None = None) -> bool:
    """A queued or running run whose worker has given no sign of life for STALL_AFTER."""
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return False
    return (now or timezone.now()) - run_last_sign_of_life(run) > STALL_AFTER


def duration_text(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return ngettext("%(s)d second", "%(s)d seconds", seconds) % {"s": seconds}
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return _("%(m)d min %(s)d s") % {"m": minutes, "s": seconds}
    hours, minutes = divmod(minutes, 60)
    return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}


@dataclass
class RunProgress:
    """What the organizer's page says about a queued or running run."""

    active: bool  # queued or running, and not stalled: the page keeps updating
    stalled: bool
    summary: str  # stage, profiles settled of all, smallest chance so far (the live region)
    timing: str  # elapsed and the estimate of what remains


def run_progress(run: SelectionRun, now: datetime.datetime | None = None) -> RunProgress:
    now = now or timezone.now()
    stalled = run_stalled(run, now)
    active = run.status in (RunStatus.QUEUED, RunStatus.RUNNING) and not stalled
    if run.status == RunStatus.QUEUED or (run.status == RunStatus.RUNNING and not run.progress):
        waited = duration_text((now - (run.started_at or run.created_at)).total_seconds())
        if run.status == RunStatus.QUEUED:
            return RunProgress(
                active,
                stalled,
                _("Waiting for the engine to start."),
                _("Queued for %(time)s.") % {"time": waited},
            )
        return RunProgress(active, stalled, _("The engine is reading the pool and the quotas."), "")
    if run.status != RunStatus.RUNNING:
        return RunProgress(False, False, "", "")
    state = run.progress
    minimum = float(state.get("current_min") or 0)
    chance = _("smallest chance of selection so far: %(percent)s%%") % {
        "percent": number_format(100 * minimum, 2, use_l10n=True)
    }
    if state.get("phase") == "lottery":
        summary = _(
            "Turning the fair distribution into a lottery of panels to draw from; %(chance)s."
        ) % {"chance": chance}
    else:
        types = int(state.get("types") or 0)
        fixed = int(state.get("fixed_types") or 0)
        stage = int(state.get("stage") or 0)
        where = _("Stage %(stage)s") % {"stage": stage} if stage else _("Warming up")
        settled = ngettext(
            "%(fixed)s of %(types)s group of people with the same answers has its final chance",
            "%(fixed)s of %(types)s groups of people with the same answers have their final chance",
            types,
        ) % {"fixed": fixed, "types": types}
        summary = f"{where}: {settled}; {chance}."
    started = run.started_at or run.created_at
    elapsed = (now - started).total_seconds()
    timing = _("Running for %(elapsed)s.") % {"elapsed": duration_text(elapsed)}
    remaining = state.get("remaining")
    if remaining is not None:
        # The estimate was made when the progress was saved; time has passed since.
        left = float(remaining) - max(0.0, elapsed - float(state.get("elapsed") or 0))
        timing += " " + (
            _("About %(left)s left (a rough estimate).") % {"left": duration_text(left)}
            if left >= 1
            else _("Finishing soon (a rough estimate).")
        )
    return RunProgress(active, stalled, summary, timing)


def public_runs(recruitment: Recruitment) -> list[SelectionRun]:
    return list(
        recruitment.runs.filter(status__in=[RunStatus.READY, RunStatus.DRAWN]).order_by(
            "created_at", "id"
        )
    )


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int
    height: float
    label: str = ""


def _percent_edges(edges: list[float]) -> list[str]:
    """Edges as percentages with just enough decimals that neighbours differ (2.13 %, 2.27 %,
    not 2 %, 2 %), in the reader's language."""
    for decimals in range(7):
        texts = [number_format(100 * edge, decimals) for edge in edges]
        if len(set(texts)) == len(texts):
            return texts
    return texts


def probability_histogram(report: dict[str, Any], bins: int = 10) -> list[Bin]:
    """Selection probabilities of the pool, from the report's types (none in a public report,
    e.g. an imported assembly's, which carries no per-person types). One bar when everyone has
    the same chance."""
    values: list[float] = []
    for group in report.get("distribution", {}).get("types", []):
        values.extend([group["probability"]] * len(group["members"]))
    if not values:
        return []
    low, high = min(values), max(values)
    if high - low < 1e-9:
        (text,) = _percent_edges([low])
        return [Bin(low, high, len(values), 100.0, f"{text} %")]
    width = (high - low) / bins
    counts = [0] * bins
    for value in values:
        counts[min(int((value - low) / width), bins - 1)] += 1
    most = max(counts)
    texts = _percent_edges([low + i * width for i in range(bins + 1)])
    return [
        Bin(
            low + i * width,
            low + (i + 1) * width,
            count,
            100 * count / most,
            f"{texts[i]}–{texts[i + 1]} %",
        )
        for i, count in enumerate(counts)
    ]


CERTAIN = 0.99


def selection_warnings(report: dict[str, Any] | None) -> list[str]:
    """What the organizer should know before the public draw: people who are (nearly) sure to
    be selected, and quotas whose pool is no larger than their minimum, which forces the
    lottery to take everyone in it."""
    if not report:
        return []
    certain = sum(
        len(group["members"])
        for group in report.get("distribution", {}).get("types", [])
        if group["probability"] >= CERTAIN
    )
    warnings = []
    if certain:
        warnings.append(
            ngettext(
                "%(count)s person in the pool has a chance of selection of 99 %% or more: "
                "narrow quotas leave the lottery no choice about them. Consider widening the "
                "quotas of their groups, or recruiting more people like them.",
                "%(count)s people in the pool have a chance of selection of 99 %% or more: "
                "narrow quotas leave the lottery no choice about them. Consider widening the "
                "quotas of their groups, or recruiting more people like them.",
                certain,
            )
            % {"count": certain}
        )
    for row in report.get("quotas", []):
        if row.get("in_pool") is not None and 0 < row["in_pool"] <= row["min"]:
            warnings.append(
                _(
                    "%(category)s = %(value)s: the pool has %(pool)s people for a minimum of "
                    "%(min)s seats, so all of them are selected."
                )
                % {
                    "category": row["category"],
                    "value": row["value"],
                    "pool": row["in_pool"],
                    "min": row["min"],
                }
            )
    return warnings


def panel_registrations(recruitment: Recruitment) -> list[Registration]:
    return list(
        recruitment.registrations.exclude(status=RegistrationStatus.POOL)
        .select_related("contact", "seat__support")
        .order_by("status", "public_id")
    )


@dataclass
class SeatedShare:
    category: str
    value: str
    population_share: float
    seated: int
    seated_share: float


def seated_against_population(recruitment: Recruitment) -> list[SeatedShare]:
    """The members who took their seats, against the population, per category value."""
    seated = list(
        recruitment.registrations.filter(status=RegistrationStatus.SEATED).values_list(
            "answers", flat=True
        )
    )
    lines = []
    for category in recruitment.target_categories.prefetch_related("values"):
        for value in category.values.all():
            count = sum(1 for answers in seated if answers.get(category.name) == value.value)
            lines.append(
                SeatedShare(
                    category=category.name,
                    value=value.value,
                    population_share=float(value.population_share),
                    seated=count,
                    seated_share=count / len(seated) if seated else 0.0,
                )
            )
    return lines


@dataclass
class PublicSeatedShare:
    category: str
    value: str
    population_share: float
    seated: int | None  # None: fewer than SMALL_CELL_MINIMUM, withheld
    seated_share: float | None


def seated_against_population_public(recruitment: Recruitment) -> list[PublicSeatedShare]:
    """`seated_against_population` as it may be published: the members' names are public, so
    a count of one or two members with some answer tells who answered it; such cells are
    withheld per category (`counts_suppressed`, with complementary suppression)."""
    from assemblea.core.privacy import counts_suppressed

    lines = seated_against_population(recruitment)
    public: list[PublicSeatedShare] = []
    categories = list(dict.fromkeys(line.category for line in lines))
    for category in categories:
        rows = [line for line in lines if line.category == category]
        shown = counts_suppressed({line.value: line.seated for line in rows})
        for line in rows:
            count = shown[line.value]
            public.append(
                PublicSeatedShare(
                    category=line.category,
                    value=line.value,
                    population_share=line.population_share,
                    seated=count,
                    seated_share=None if count is None else line.seated_share,
                )
            )
    return public
