"""What an assembly publishes as open data: one table per kind of public fact.

This is the one place that decides which fields leave the instance. Export, import, the CSV
files, the JSON Schema and the public API are all derived from it, so they never disagree.
Anything not listed here (contacts, addresses, registrations, e-mails, accounts, private
notes, internal event data) is never exported.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assemblea.accountability import models as accountability
from assemblea.accounts.models import Organization
from assemblea.assemblies import models as assemblies
from assemblea.assemblies.models import Assembly
from assemblea.core.multilingual import TRANSLATION_FIELDS, Translatable
from assemblea.core.privacy import SMALL_CELL_MINIMUM, counts_suppressed
from assemblea.decisions import models as decisions
from assemblea.deliberation import models as deliberation
from assemblea.recruitment import models as recruitment
from assemblea.recruitment.publication import public_report

Rows = Callable[[Assembly], QuerySet[Any]]


@dataclass(frozen=True)
class Table:
    """One collection of the open-data document.

    ``refs`` maps a foreign-key field to the collection it points into (the assembly itself
    is implied and never listed); ``many`` does the same for many-to-many fields.
    ``optional`` fields may be null in a document even where the database requires a value:
    a member's name is exported only when they agreed to be named (see row_value).
    ``pseudonymous`` tables are about people (seats, their presence, their ballots): their
    ids are keyed pseudonyms of the row (see exported_id) and their rows come in the order
    of those, so neither tells in which order the rows were made (the order of the draw,
    of the check-in, of the votes).
    """

    name: str
    model: type[models.Model]
    fields: tuple[str, ...]
    rows: Rows
    description: Promise
    refs: Mapping[str, str] = field(default_factory=dict)
    many: Mapping[str, str] = field(default_factory=dict)
    assembly_field: str | None = None
    optional: tuple[str, ...] = ()
    pseudonymous: bool = False


def _organizations(assembly: Assembly) -> QuerySet[Organization]:
    return Organization.objects.filter(
        Q(pk=assembly.organization_id)
        | Q(delegate_allocations__category__assembly=assembly)
        | Q(seat_holders__category__assembly=assembly)
        | Q(resolutions__assembly=assembly)
    ).distinct()


def _public_polls(assembly: Assembly) -> QuerySet[decisions.Poll]:
    return decisions.Poll.objects.filter(assembly=assembly)


def _public_runs(assembly: Assembly) -> QuerySet[recruitment.SelectionRun]:
    return recruitment.SelectionRun.objects.filter(
        recruitment__assembly=assembly, status__in=["ready", "drawn"]
    )


# People are not a table of their own in the database: the "people" collection is made of
# the accounts that the tables below name publicly (authors, commenters, voters of open
# votes), with only the name they show. See export.people_rows.
PEOPLE = "people"

TABLES: tuple[Table, ...] = (
    Table(
        "organizations",
        Organization,
        ("name", "slug", "kind", "description", "website"),
        _organizations,
        _("The convening organization and the member organizations with seats or tasks."),
    ),
    Table(
        "seat_categories",
        assemblies.SeatCategory,
        (
            "seat_type",
            "name",
            "description",
            "seats",
            "may_vote",
            "may_speak",
            "may_propose",
            "counts_for_quorum",
            "position",
        ),
        lambda a: assemblies.SeatCategory.objects.filter(assembly=a),
        _("The composition: each category of seats with its number of seats and rights."),
        assembly_field="assembly",
    ),
    Table(
        "delegate_allocations",
        assemblies.DelegateAllocation,
        ("seats", "alternates"),
        lambda a: assemblies.DelegateAllocation.objects.filter(category__assembly=a),
        _("Seats of a delegate category given to a member organization to fill."),
        refs={"category": "seat_categories", "organization": "organizations"},
    ),
    Table(
        "seat_holders",
        assemblies.SeatHolder,
        (
            "name",
            "is_alternate",
            "cohort",
            "cycle",
            "started_on",
            "ended_on",
        ),
        lambda a: assemblies.SeatHolder.objects.filter(category__assembly=a),
        _(
            "Seats held, now and before, by a pseudonymous id. The name is null unless the "
            "member agreed to be named, and for a seat drawn in a lottery of fewer than three "
            "that its dates tell apart."
        ),
        refs={"category": "seat_categories", "organization": "organizations"},
        optional=("name",),
        pseudonymous=True,
    ),
    Table(
        "lotteries",
        recruitment.Recruitment,
        (
            "seats",
            "cycle",
            "cohort",
            "registration_deadline",
            "privacy_notice",
            "algorithm",
            "seated_at",
            "created_at",
        ),
        lambda a: recruitment.Recruitment.objects.filter(assembly=a),
        _("A civic lottery: the seats it fills and the selection method."),
        refs={"category": "seat_categories"},
        assembly_field="assembly",
    ),
    Table(
        "lottery_categories",
        recruitment.TargetCategory,
        ("name", "question", "position", "derived_from"),
        lambda a: recruitment.TargetCategory.objects.filter(recruitment__assembly=a),
        _("A category the lottery balances (age, gender, area...)."),
        refs={"recruitment": "lotteries"},
    ),
    Table(
        "lottery_quotas",
        recruitment.TargetValue,
        ("value", "population_share", "min_seats", "max_seats", "position"),
        lambda a: recruitment.TargetValue.objects.filter(category__recruitment__assembly=a),
        _("A value of a lottery category with its population share and quota band."),
        refs={"category": "lottery_categories"},
    ),
    Table(
        "selection_runs",
        recruitment.SelectionRun,
        (
            "kind",
            "status",
            "algorithm",
            "seed",
            "dropouts",
            "features_csv",
            "report",
            "relaxation",
            "created_at",
            "started_at",
            "finished_at",
        ),
        _public_runs,
        _(
            "A published run of the sortition engine: its quotas, seed and public report (the "
            "lottery of panels by pseudonymous ids, the draw, counts with small cells withheld), "
            "enough for `assemblea sortition verify`; no per-person answers."
        ),
        refs={"recruitment": "lotteries", "parent": "selection_runs"},
    ),
    Table(
        "room_rules",
        deliberation.RoomRules,
        (
            "quorum_kind",
            "quorum_fraction",
            "quorum_fixed",
            "speakers_order",
            "speakers_category",
            "boost_values",
            "boost_under_represented",
            "speaking_seconds",
            "table_categories",
            "table_size_min",
            "table_size_max",
            "adopt_before_business",
        ),
        lambda a: deliberation.RoomRules.objects.filter(assembly=a),
        _("How the room works: quorum, speakers' list, small tables."),
        assembly_field="assembly",
    ),
    Table(
        "sessions",
        deliberation.Session,
        (
            "title",
            "format",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "access_info",
            "interpretation_languages",
            "status",
            "rules_adopted_at",
            "agenda_adopted_at",
        ),
        lambda a: deliberation.Session.objects.filter(assembly=a),
        _("A session of the assembly."),
        assembly_field="assembly",
    ),
    Table(
        "agenda_items",
        deliberation.AgendaItem,
        (
            "position",
            "title",
            "description",
            "minutes_allotted",
            "status",
            "minutes_text",
            "started_at",
        ),
        lambda a: deliberation.AgendaItem.objects.filter(session__assembly=a),
        _("An item of a session's agenda, with its minutes."),
        refs={"session": "sessions"},
    ),
    Table(
        "attendance",
        deliberation.Attendance,
        ("checked_in_at", "left_at"),
        lambda a: deliberation.Attendance.objects.filter(session__assembly=a),
        _("Who was present at a session (by seat), for quorum and participation figures."),
        refs={"session": "sessions", "seat": "seat_holders"},
        pseudonymous=True,
    ),
    Table(
        "speaker_requests",
        deliberation.SpeakerRequest,
        ("kind", "status", "requested_at", "started_at", "ended_at", "seconds"),
        lambda a: deliberation.SpeakerRequest.objects.filter(item__session__assembly=a),
        _("A turn on the speakers' list (by seat), for speaking time by group."),
        refs={"item": "agenda_items", "seat": "seat_holders"},
        pseudonymous=True,
    ),
    Table(
        "evidence",
        deliberation.Evidence,
        ("kind", "title", "summary", "link", "provided_by", "perspective", "added_at"),
        lambda a: deliberation.Evidence.objects.filter(assembly=a),
        _("Evidence the assembly heard or read."),
        assembly_field="assembly",
    ),
    Table(
        "evidence_requests",
        deliberation.EvidenceRequest,
        ("kind", "text", "requested_at", "status", "answer", "answered_at"),
        lambda a: deliberation.EvidenceRequest.objects.filter(assembly=a),
        _("A member's public request for evidence or a speaker, with the answer."),
        refs={"evidence": "evidence"},
        assembly_field="assembly",
    ),
    Table(
        "breakout_reports",
        deliberation.BreakoutReport,
        ("group", "text", "reported_at"),
        lambda a: deliberation.BreakoutReport.objects.filter(session__assembly=a),
        _("What a breakout group reported back."),
        refs={"session": "sessions"},
    ),
    Table(
        "resolutions",
        deliberation.Resolution,
        ("text", "due_on", "status", "created_at"),
        lambda a: deliberation.Resolution.objects.filter(assembly=a),
        _("A resolution for action, with the organization that carries it."),
        refs={"report": "breakout_reports", "owner": "organizations"},
        assembly_field="assembly",
    ),
    Table(
        "committee_reports",
        deliberation.CommitteeReport,
        ("committee", "text", "status"),
        lambda a: deliberation.CommitteeReport.objects.filter(session__assembly=a),
        _("A committee's report to a session."),
        refs={"session": "sessions"},
    ),
    Table(
        "proposals",
        decisions.Proposal,
        ("kind", "title", "status", "created_at"),
        lambda a: decisions.Proposal.objects.filter(assembly=a),
        _("A proposal, motion or draft recommendation."),
        refs={"author": PEOPLE},
        many={"coauthors": PEOPLE, "derived_from": "proposals"},
        assembly_field="assembly",
    ),
    Table(
        "amendments",
        decisions.Amendment,
        ("paragraph", "original_text", "new_text", "rationale", "status", "created_at"),
        lambda a: decisions.Amendment.objects.filter(proposal__assembly=a),
        _("An amendment to a paragraph of a proposal (or to another amendment)."),
        refs={"proposal": "proposals", "parent": "amendments", "author": PEOPLE},
    ),
    Table(
        "proposal_versions",
        decisions.ProposalVersion,
        ("number", "text", "note", "created_at"),
        lambda a: decisions.ProposalVersion.objects.filter(proposal__assembly=a),
        _("A version of a proposal's text; an adopted amendment makes a new one."),
        refs={"proposal": "proposals", "author": PEOPLE, "amendment": "amendments"},
    ),
    Table(
        "minority_reports",
        decisions.MinorityReport,
        ("text", "created_at"),
        lambda a: decisions.MinorityReport.objects.filter(proposal__assembly=a),
        _("A minority report that goes with a proposal."),
        refs={"proposal": "proposals"},
        many={"authors": PEOPLE},
    ),
    Table(
        "polls",
        decisions.Poll,
        (
            "title",
            "method",
            "secrecy",
            "threshold",
            "threshold_base",
            "requires_quorum",
            "options",
            "seats",
            "max_score",
            "weights",
            "proxy_limit",
            "status",
            "stage",
            "eligible",
            "quorum_at_open",
            "quorum",
            "result",
            "passed",
            "digest",
            "opened_at",
            "closed_at",
        ),
        _public_polls,
        _("A vote: its question, method, rule, the quorum and the result."),
        refs={
            "agenda_item": "agenda_items",
            "proposal": "proposals",
            "amendment": "amendments",
            "version": "proposal_versions",
            "opened_by": PEOPLE,
        },
        assembly_field="assembly",
    ),
    Table(
        "ballots",
        decisions.Ballot,
        ("weight", "choice"),
        lambda a: decisions.Ballot.objects.filter(
            poll__assembly=a, poll__status=decisions.PollStatus.CLOSED
        ),
        _(
            "A ballot of a closed vote as counted, in an order that tells nothing; the voter "
            "only for roll-call votes, the seat category only where at least three ballots of "
            "the vote share it. Its receipt is not on it (see receipts)."
        ),
        refs={"poll": "polls", "category": "seat_categories", "voter": PEOPLE},
        optional=("weight", "category"),
        pseudonymous=True,
    ),
    Table(
        "recommendations",
        accountability.Recommendation,
        (
            "number",
            "title",
            "text",
            "topic",
            "addressed_to",
            "support",
            "support_share",
            "minority_report",
            "adopted_on",
            "answer_due_on",
            "cycle",
            "dropped_on",
            "dropped_reason",
            "created_at",
        ),
        lambda a: accountability.Recommendation.objects.filter(assembly=a),
        _("A recommendation or decision on the public record."),
        refs={"source_poll": "polls"},
        assembly_field="assembly",
    ),
    Table(
        "responses",
        accountability.Response,
        (
            "version",
            "verdict",
            "reasons",
            "actions",
            "responsible",
            "due_on",
            "published_at",
        ),
        lambda a: accountability.Response.objects.filter(recommendation__assembly=a),
        _("The addressee's response to a recommendation; every version is kept."),
        refs={"recommendation": "recommendations", "author": PEOPLE},
    ),
    Table(
        "commitments",
        accountability.Commitment,
        ("title", "office", "budget", "starts_on", "due_on", "status", "progress", "created_at"),
        lambda a: accountability.Commitment.objects.filter(recommendation__assembly=a),
        _("What the addressee committed to do, by whom and when."),
        refs={"recommendation": "recommendations"},
    ),
    Table(
        "milestones",
        accountability.Milestone,
        ("title", "due_on", "done_on"),
        lambda a: accountability.Milestone.objects.filter(commitment__recommendation__assembly=a),
        _("A milestone of a commitment."),
        refs={"commitment": "commitments"},
    ),
    Table(
        "progress_updates",
        accountability.ProgressUpdate,
        ("reported_on", "progress", "status", "note", "evidence_url", "created_at"),
        lambda a: accountability.ProgressUpdate.objects.filter(
            commitment__recommendation__assembly=a
        ),
        _("A report of progress on a commitment."),
        refs={"commitment": "commitments", "author": PEOPLE},
    ),
    Table(
        "escalations",
        accountability.Escalation,
        ("escalated_to", "reason", "owner", "escalated_on", "outcome"),
        lambda a: accountability.Escalation.objects.filter(commitment__recommendation__assembly=a),
        _("A stalled commitment taken to a higher body."),
        refs={"commitment": "commitments"},
    ),
    Table(
        "reviews",
        accountability.Review,
        ("held_on", "body", "findings"),
        lambda a: accountability.Review.objects.filter(assembly=a),
        _("A review of implementation by the assembly or an oversight body."),
        many={"recommendations": "recommendations"},
        assembly_field="assembly",
    ),
    Table(
        "comments",
        accountability.Comment,
        ("text", "is_question", "answer", "created_at"),
        lambda a: accountability.Comment.objects.filter(recommendation__assembly=a),
        _("A public comment or question on a recommendation, with its answer."),
        refs={"recommendation": "recommendations", "author": PEOPLE},
    ),
    Table(
        "follow_up_plans",
        accountability.FollowUpPlan,
        ("first_report_months", "then_every_months", "remind_days_before"),
        lambda a: accountability.FollowUpPlan.objects.filter(assembly=a),
        _("When the addressee reports on implementation."),
        assembly_field="assembly",
    ),
)

# Texts people write carry their language and their translations (core/multilingual.py).
TABLES = tuple(
    replace(table, fields=(*table.fields, *TRANSLATION_FIELDS))
    if issubclass(table.model, Translatable)
    else table
    for table in TABLES
)

TABLES_BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}

# The assembly object and its mandate: one each per document.
ASSEMBLY_FIELDS: tuple[str, ...] = (
    "title",
    "slug",
    "kind",
    "summary",
    "phase",
    "planned_size",
    "is_standing",
    "cycle",
    "term_months",
    "rotation_months",
    "cohorts",
    "languages",
    "created_at",
)
MANDATE_FIELDS: tuple[str, ...] = (
    "question",
    "commissioning_body",
    "authority",
    "commits_to_respond",
    "response_commitment",
    "response_deadline",
    "source_language",
    "translations",
)


def exported_id(table_name: str, pk: Any) -> Any:
    """A row's id in the documents: the primary key, or for a pseudonymous table a keyed
    hash of it (48 bits, exact in any JSON reader), the same in every export of this
    instance and meaningless without its secret key. Works for any kind of primary key."""
    if pk is None or table_name not in PSEUDONYMOUS:
        return pk
    digest = salted_hmac(f"assemblea.opendata.{table_name}", str(pk)).digest()
    return int.from_bytes(digest[:6], "big") + 1


def row_value(table: Table, row: Any, field_name: str, private: RowContext) -> Any:
    """A field's exported value. A few fields hold more than is public: members' names
    (only with their consent, and not for a seat drawn alone), the list of eligible voters
    (kept by seat, without the account or the name), the result of a vote still open
    (nothing of it until it closes), times of presence (to the minute), and a draw's report
    (only its public form)."""
    value = getattr(row, field_name)
    if table.name == "seat_holders" and field_name == "name":
        return value if row.consents_to_be_named and row.pk not in private.names_withheld else None
    if table.name == "polls" and field_name == "eligible":
        return sorted(
            (
                {
                    "seat": exported_id("seat_holders", entry["seat"]),
                    "category": entry["category"],
                    "weight": str(entry["weight"]),
                }
                for entry in value
            ),
            key=lambda entry: entry["seat"],
        )
    if table.name == "selection_runs" and field_name == "report":
        # Only the public report: no per-id profile types, quota counts with small cells
        # withheld (recruitment/publication.py).
        return public_report(value)
    if table.name == "attendance" and isinstance(value, datetime.datetime):
        # To the minute: a roll taken in one go would otherwise list the seats in the order
        # they were filled, which is the order of the draw.
        return value.replace(second=0, microsecond=0).isoformat()
    closed = table.name != "polls" or row.status == decisions.PollStatus.CLOSED
    if not closed and field_name in OPEN_POLL_WITHHELD:
        return OPEN_POLL_WITHHELD[field_name]
    return json_value(value)


# What a vote still open shows of its result: nothing (as a poll just opened).
OPEN_POLL_WITHHELD: dict[str, Any] = {"quorum": {}, "result": {}, "passed": None, "digest": ""}


@dataclass(frozen=True)
class RowContext:
    """What row_value needs to know about the assembly beyond the row."""

    names_withheld: frozenset[int] = frozenset()


def row_context(assembly: Assembly) -> RowContext:
    return RowContext(names_withheld=frozenset(_seats_drawn_in_small_draws(assembly)))


def _seats_drawn_in_small_draws(assembly: Assembly) -> set[int]:
    """Seats of people drawn (or dropped) in a published draw of fewer than three, where the
    seat's row tells them apart (a replacement seated on a day of its own): their
    pseudonymous id in the draw's public report is then one of one or two (and the
    per-stage counts, or an auditor given the people file, would tie it to answers), so
    their name is not published with the seat. Seated with the others, on the same
    day, a replacement's row is one of many and keeps its name."""
    drawn: set[int] = set()
    for run in _public_runs(assembly):
        for ids in (drawn_in(run), [str(dropout) for dropout in run.dropouts or []]):
            if 0 < len(ids) < SMALL_CELL_MINIMUM:
                drawn.update(
                    recruitment.Registration.objects.filter(
                        recruitment_id=run.recruitment_id, public_id__in=ids, seat__isnull=False
                    ).values_list("seat_id", flat=True)
                )
    if not drawn:
        return set()
    shape = ("category_id", "cohort", "cycle", "started_on", "ended_on", "is_alternate")
    rows = list(
        assemblies.SeatHolder.objects.filter(category__assembly=assembly).values_list("pk", *shape)
    )
    alike = Counter(row[1:] for row in rows)
    return {row[0] for row in rows if row[0] in drawn and alike[row[1:]] < SMALL_CELL_MINIMUM}


def drawn_in(run: recruitment.SelectionRun) -> list[str]:
    """The pseudonymous ids this run drew itself: the panel of a first draw, the
    replacements only of a replacement draw (whose report's panel is the whole new one)."""
    report = run.report if isinstance(run.report, dict) else {}
    draw = report.get("draw")
    if isinstance(draw, dict) and isinstance(draw.get("panel"), list):
        return [str(public_id) for public_id in draw["panel"]]
    return [str(public_id) for public_id in run.panel]


def ballots_withhold_small_categories(items: list[dict[str, Any]]) -> None:
    """Per vote, the seat category of a ballot is published only where at least
    SMALL_CELL_MINIMUM ballots share it (with complementary suppression, so a withheld one
    cannot be told from the others); where the withheld ballots' weights differ, the
    weight would tell their category, so it is withheld with it."""
    by_poll: dict[Any, list[dict[str, Any]]] = {}
    for item in items:
        by_poll.setdefault(item["poll"], []).append(item)
    for ballots in by_poll.values():
        counts = Counter(item["category"] for item in ballots)
        shown = _group_suppressed(counts)
        withheld = [item for item in ballots if shown[item["category"]] is None]
        weights = {item["weight"] for item in withheld}
        for item in withheld:
            item["category"] = None
            if len(weights) > 1:
                item["weight"] = None


def _group_suppressed(counts: Mapping[Any, int]) -> dict[Any, int | None]:
    """counts_suppressed, and a group of fewer than SMALL_CELL_MINIMUM people in all is
    withheld whole: otherwise its zero cells would point at the one withheld cell."""
    if 0 < sum(counts.values()) < SMALL_CELL_MINIMUM:
        return dict.fromkeys(counts)
    return counts_suppressed(counts)


@dataclass(frozen=True)
class Aggregate:
    """A collection of counts of people, computed from private rows that never leave the
    instance. Every count goes through the small-cell rule, group by group (``group``
    columns). An import does not carry them: they are counted again from the rows."""

    name: str
    description: Promise
    columns: tuple[str, ...]
    group: tuple[str, ...]
    rows: Callable[[Assembly], list[dict[str, Any]]]
    refs: Mapping[str, str] = field(default_factory=dict)


def _counted(
    counts: dict[tuple[Any, ...], Counter[str]], names: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Rows of counts: one per group and value, each group's small cells withheld."""
    rows = []
    for key, values in counts.items():
        shown = _group_suppressed(values)
        for value, count in shown.items():
            rows.append({**dict(zip(names, key, strict=True)), "value": value, "count": count})
    return rows


def _lottery_pool_counts(assembly: Assembly) -> list[dict[str, Any]]:
    counts: dict[tuple[Any, ...], Counter[str]] = {}
    lotteries = recruitment.Recruitment.objects.filter(assembly=assembly).order_by("pk")
    for lottery in lotteries.prefetch_related("target_categories__values"):
        registrations = list(lottery.registrations.values_list("status", "answers"))
        stages = [
            s
            for s in recruitment.RegistrationStatus.values
            if any(status == s for status, _answers in registrations)
        ]
        for category in lottery.target_categories.all():
            known = [value.value for value in category.values.all()]
            for stage in stages:
                values: Counter[str] = Counter(dict.fromkeys(known, 0))
                for status, answers in registrations:
                    if status == stage:
                        values[str((answers or {}).get(category.name, ""))] += 1
                counts[(lottery.pk, category.name, stage)] = values
    return _counted(counts, ("lottery", "category", "stage"))


def _member_profile_counts(assembly: Assembly) -> list[dict[str, Any]]:
    profiles = deliberation.MemberProfile.objects.filter(
        seat__category__assembly=assembly, seat__ended_on__isnull=True
    ).values_list("values", flat=True)
    counts: dict[tuple[Any, ...], Counter[str]] = {}
    for values in profiles:
        for category, value in sorted((values or {}).items()):
            counts.setdefault((str(category),), Counter())[str(value)] += 1
    return _counted(dict(sorted(counts.items())), ("category",))


AGGREGATES: tuple[Aggregate, ...] = (
    Aggregate(
        "lottery_pool_counts",
        _(
            "How many people of the lottery's pool gave each answer, by how far they went "
            "(in the pool, selected, seated...); null: fewer than three."
        ),
        ("category", "stage", "value", "count"),
        ("lottery", "category", "stage"),
        _lottery_pool_counts,
        refs={"lottery": "lotteries"},
    ),
    Aggregate(
        "member_profile_counts",
        _(
            "How many sitting members share each value the room balances on (tables, "
            "speakers); null: fewer than three."
        ),
        ("category", "value", "count"),
        ("category",),
        _member_profile_counts,
    ),
)
AGGREGATES_BY_NAME: dict[str, Aggregate] = {aggregate.name: aggregate for aggregate in AGGREGATES}
PSEUDONYMOUS: frozenset[str] = frozenset(table.name for table in TABLES if table.pseudonymous)


def json_value(value: Any) -> Any:
    """A model value as JSON: dates ISO 8601, decimals as strings (exact), JSON as is."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
