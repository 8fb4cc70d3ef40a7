"""Demo: the standing council's first cycle, followed up into its second."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assemblea.accountability import services
from assemblea.accountability.models import CommitmentStatus, Response, Verdict
from assemblea.assemblies.models import Assembly


def _answered(item: Any, on: datetime.date) -> None:
    stamp = datetime.datetime.combine(on, datetime.time(10), tzinfo=datetime.UTC)
    Response.objects.filter(recommendation=item).update(published_at=stamp)


@dataclass
class _Cycle:
    """The standing council's first cycle: adopted 300 days ago, answers due 90 days later."""

    council: Assembly
    organizer: Any
    respondent: Any
    today: datetime.date

    @property
    def adopted(self) -> datetime.date:
        return self.today - datetime.timedelta(days=300)

    @property
    def due(self) -> datetime.date:
        return self.adopted + datetime.timedelta(days=90)

    def adopt(self, title: str, text: str, topic: str, addressed_to: str, support: str) -> Any:
        return services.recommendation_adopt(
            actor=self.organizer,
            assembly=self.council,
            title=title,
            text=text,
            topic=topic,
            addressed_to=addressed_to,
            adopted_on=self.adopted,
            answer_due_on=self.due,
            support=support,
        )


def load_standing_council_record(
    council: Assembly, organizer: Any, respondent: Any, today: datetime.date
) -> None:
    """The recommendations of cycle 1, their answers and commitments, and their follow-up."""
    cycle = _Cycle(council, organizer, respondent, today)
    heat = _heat_assembly(cycle)
    trees = _tree_plan(cycle)
    _school_yards(cycle)
    bridge = _footbridge(cycle)
    _follow_up(cycle, [heat, trees, bridge])


def _heat_assembly(cycle: _Cycle) -> Any:
    """Accepted and done."""
    heat = cycle.adopt(
        "Next assembly: heat and shade",
        "Convene a citizens' assembly on protecting residents from summer heat.",
        "climate",
        "Riverton City Council",
        "21 of 24 members in favour (two-thirds rule)",
    )
    services.response_publish(
        actor=cycle.respondent,
        recommendation=heat,
        verdict=Verdict.ACCEPTED,
        actions="Convene and fund a 40-member citizens' assembly on heat.",
        responsible="Office of the Mayor",
        due_on=cycle.adopted + datetime.timedelta(days=240),
    )
    _answered(heat, cycle.adopted + datetime.timedelta(days=45))
    assembly_on_heat = services.commitment_add(
        actor=cycle.respondent,
        recommendation=heat,
        title="Convene the Riverton Citizens' Assembly on Heat",
        office="Office of the Mayor",
        budget=Decimal("180000"),
        starts_on=cycle.adopted + datetime.timedelta(days=50),
        due_on=cycle.adopted + datetime.timedelta(days=240),
        milestones=[("Mandate approved by council", cycle.adopted + datetime.timedelta(days=80))],
    )
    services.progress_report(
        actor=cycle.respondent,
        commitment=assembly_on_heat,
        progress=100,
        status=CommitmentStatus.DONE,
        note="The assembly met on six Saturdays; its report is public.",
        evidence_url="https://example.org/riverton/heat-assembly-report",
        reported_on=cycle.adopted + datetime.timedelta(days=230),
    )

    return heat


def _tree_plan(cycle: _Cycle) -> Any:
    """Partly accepted, under way."""
    trees = cycle.adopt(
        "A tree plan for every district",
        "Publish where new trees will be planted, district by district, with dates.",
        "climate",
        "Riverton Parks Department",
        "23 of 24 members in favour",
    )
    services.response_publish(
        actor=cycle.respondent,
        recommendation=trees,
        verdict=Verdict.PARTIAL,
        reasons="Dates depend on the yearly budget; we publish the plan with target years.",
        actions="Publish the district tree plan; report plantings twice a year.",
        responsible="Parks Department",
        due_on=cycle.today + datetime.timedelta(days=200),
    )
    _answered(trees, cycle.adopted + datetime.timedelta(days=80))
    plan = services.commitment_add(
        actor=cycle.respondent,
        recommendation=trees,
        title="District tree plan, 2,000 trees by 2028",
        office="Parks Department",
        budget=Decimal("950000"),
        starts_on=cycle.adopted + datetime.timedelta(days=90),
        due_on=cycle.today + datetime.timedelta(days=700),
        milestones=[
            ("Plan published", cycle.adopted + datetime.timedelta(days=120)),
            ("First 500 trees", cycle.today + datetime.timedelta(days=60)),
        ],
    )
    for days, progress, note in ((150, 15, "Plan published online."), (270, 35, "620 trees.")):
        services.progress_report(
            actor=cycle.respondent,
            commitment=plan,
            progress=progress,
            status=CommitmentStatus.UNDER_WAY,
            note=note,
            reported_on=cycle.adopted + datetime.timedelta(days=days),
        )

    return trees


def _school_yards(cycle: _Cycle) -> None:
    """Rejected, answered late."""
    yards = cycle.adopt(
        "Open school yards after hours",
        "Open school yards as public play spaces in the evenings and at weekends.",
        "children",
        "Riverton School Board",
        "17 of 24 members in favour",
    )
    services.response_publish(
        actor=cycle.respondent,
        recommendation=yards,
        verdict=Verdict.REJECTED,
        reasons="Insurance and supervision costs are not covered by the school budget.",
    )
    _answered(yards, cycle.due + datetime.timedelta(days=23))


def _footbridge(cycle: _Cycle) -> Any:
    """Accepted, then stalled and escalated."""
    bridge = cycle.adopt(
        "Repair the Eastside footbridge",
        "Repair the closed footbridge that links Eastside to the river park.",
        "streets",
        "Riverton City Council",
        "24 of 24 members in favour",
    )
    services.response_publish(
        actor=cycle.respondent,
        recommendation=bridge,
        verdict=Verdict.ACCEPTED,
        actions="Repair and reopen the footbridge.",
        responsible="Public Works",
        due_on=cycle.adopted + datetime.timedelta(days=200),
    )
    _answered(bridge, cycle.adopted + datetime.timedelta(days=60))
    repair = services.commitment_add(
        actor=cycle.respondent,
        recommendation=bridge,
        title="Repair and reopen the Eastside footbridge",
        office="Public Works",
        budget=Decimal("320000"),
        starts_on=cycle.adopted + datetime.timedelta(days=70),
        due_on=cycle.adopted + datetime.timedelta(days=200),
    )
    services.progress_report(
        actor=cycle.respondent,
        commitment=repair,
        progress=20,
        status=CommitmentStatus.UNDER_WAY,
        note="Survey done.",
        reported_on=cycle.adopted + datetime.timedelta(days=120),
    )
    services.progress_report(
        actor=cycle.respondent,
        commitment=repair,
        progress=20,
        status=CommitmentStatus.STALLED,
        note="The contractor withdrew; a new tender is not yet scheduled.",
        reported_on=cycle.adopted + datetime.timedelta(days=210),
    )
    services.commitment_escalate(
        actor=cycle.organizer,
        commitment=repair,
        escalated_to="City Council infrastructure committee",
        reason="Past its date and stalled with no new tender.",
        owner="Eastside Neighbours United",
        escalated_on=cycle.adopted + datetime.timedelta(days=230),
    )

    return bridge


def _follow_up(cycle: _Cycle, reviewed: list[Any]) -> None:
    """One recommendation not answered yet, the follow-up review and the plan."""
    cycle.adopt(
        "Council papers in Spanish",
        "Publish council agendas and summaries in Spanish as well as English.",
        "inclusion",
        "Riverton City Clerk",
        "22 of 24 members in favour",
    )
    services.review_record(
        actor=cycle.organizer,
        assembly=cycle.council,
        body="Standing council follow-up session",
        findings=(
            "The heat assembly was convened as promised. The tree plan is on track. The "
            "footbridge is stalled and was escalated. The clerk has not answered on Spanish "
            "papers: we ask the council to answer within a month."
        ),
        held_on=cycle.adopted + datetime.timedelta(days=240),
        recommendations=reviewed,
    )
    services.follow_up_plan_set(
        actor=cycle.organizer,
        assembly=cycle.council,
        first_report_months=3,
        then_every_months=6,
        remind_days_before=14,
    )
