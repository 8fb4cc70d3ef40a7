"""The evaluation's figures, computed from the other apps' records of one assembly."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from assemblea.accountability import services as record
from assemblea.accountability.models import Verdict
from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.models import AssemblyRoleName
from assemblea.assemblies.phases import Phase
from assemblea.deliberation.models import Attendance, Session
from assemblea.evaluation import selectors
from assemblea.recruitment.models import (
    Household,
    Invitation,
    InvitationDraw,
    Recruitment,
    Registration,
    SelectionRun,
    SupportArrangement,
    TargetCategory,
    TargetValue,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def lottery(convened: Any, seat: Any) -> Any:
    """10 invitations, 4 registrations (3 seated: 2 women, 1 man; 1 dropped out), a drawn
    selection whose chances ran from 25 % to 75 %, and one replacement."""
    recruitment = Recruitment.objects.create(
        assembly=convened, category=convened.categories.first(), seats=3, privacy_notice="-"
    )
    gender = TargetCategory.objects.create(recruitment=recruitment, name="gender", question="?")
    TargetValue.objects.create(
        category=gender, value="woman", population_share=Decimal("0.5"), min_seats=1, max_seats=2
    )
    TargetValue.objects.create(
        category=gender, value="man", population_share=Decimal("0.5"), min_seats=2, max_seats=2
    )
    draw = InvitationDraw.objects.create(recruitment=recruitment, seed="s", size=10, digest="d")
    for number in range(10):
        household = Household.objects.create(
            recruitment=recruitment, key=f"h{number}", address=f"{number} Main St"
        )
        Invitation.objects.create(draw=draw, household=household, code=f"C{number:04d}")
    for number, (value, status) in enumerate(
        [("woman", "seated"), ("woman", "seated"), ("man", "seated"), ("man", "dropped_out")]
    ):
        Registration.objects.create(
            recruitment=recruitment,
            public_id=f"P{number}",
            answers={"gender": value},
            status=status,
        )
    SelectionRun.objects.create(
        recruitment=recruitment,
        status="drawn",
        report={"probabilities": {"min": 0.25, "max": 0.75}},
    )
    SelectionRun.objects.create(
        recruitment=recruitment,
        kind="replacement",
        status="drawn",
        dropouts=["P3"],
        report={},
    )
    return recruitment


def by_title(figures: list[selectors.Figure], start: str) -> selectors.Figure:
    return next(figure for figure in figures if figure.title.startswith(start))


def test_lottery_figures(convened: Any, lottery: Any) -> None:
    assert selectors.registration_rate(convened).value == "40 %"
    panel = selectors.panel_against_population(convened)
    assert panel.chart is not None
    rows = {row.label: row for row in panel.chart.rows}
    # The members are named in public, so counts of one or two are withheld, and so is the
    # quota warning that would tell the count; the number of groups outside stays.
    assert rows["gender: woman"].cells == ["50 %", "fewer than 3", "1–2"]
    assert rows["gender: man"].cells[2] == "2–2"
    assert panel.value == "1 groups outside their quotas."
    assert rows["gender: woman"].bars == [50.0, 0.0]
    assert selectors.selection_probability(convened).value == "25.0 % – 75.0 %"
    assert selectors.dropouts_and_replacements(convened).value == "1 dropped out, 1 replaced"


def test_a_movement_assembly_has_no_lottery_figures(make_assembly: Any) -> None:
    movement = make_assembly(kind="peoples_movement", title="People's assembly")
    sections = selectors.figure_sections(movement, TODAY)
    figures = [figure for section in sections for figure in section.figures]
    assert len(figures) == 11
    assert all(figure.value is None for figure in figures)


def test_attendance_counts_the_seats_held_on_the_day(
    convened: Any, seat: Any, make_user: Any
) -> None:
    seats = [seat(name=f"M{n}") for n in range(4)]
    seat(name="Later", started_on=datetime.date(2026, 12, 1))  # not yet a member
    seat(name="Alternate", is_alternate=True)
    starts = datetime.datetime(2026, 11, 1, 10, tzinfo=datetime.UTC)
    first = Session.objects.create(assembly=convened, title="One", starts_at=starts, ends_at=starts)
    second = Session.objects.create(
        assembly=convened, title="Two", starts_at=starts, ends_at=starts
    )
    for held in seats[:3]:
        Attendance.objects.create(session=first, seat=held)
    Attendance.objects.create(session=second, seat=seats[0])
    figure = selectors.attendance(convened)
    assert figure.chart is not None
    assert [row.cells for row in figure.chart.rows] == [["3 / 4", "75 %"], ["1 / 4", "25 %"]]
    assert figure.value == "50 % on average"


def test_facilitator_ratio_and_support(
    convened: Any, organizer: Any, seat: Any, make_user: Any
) -> None:
    seats = [seat(name=f"M{n}") for n in range(9)]
    assert selectors.facilitator_ratio(convened).value is None
    for name in ("f1", "f2"):
        assembly_services.assembly_role_grant(
            actor=organizer,
            assembly=convened,
            user=make_user(name),
            role=AssemblyRoleName.FACILITATOR,
        )
    assert selectors.facilitator_ratio(convened).value == "4.5"
    SupportArrangement.objects.create(
        seat=seats[0], stipend_per_day=Decimal("75"), days=4, paid=True, support_booked="Crèche"
    )
    SupportArrangement.objects.create(seat=seats[1], stipend_per_day=Decimal("75"), days=2)
    support = selectors.support_provided(convened)
    assert support.value == "450.00 in stipends"
    assert "1 members have care" in support.note and "1 of 2 stipends paid" in support.note


def test_response_acceptance_and_implementation(
    make_assembly: Any, organizer: Any, make_user: Any
) -> None:
    assembly = make_assembly(response_deadline=datetime.date(2027, 3, 31))
    for phase in (
        Phase.CONVENED,
        Phase.RECRUITING,
        Phase.ONBOARDING,
        Phase.IN_SESSION,
        Phase.REPORTED,
    ):
        assembly_services.assembly_change_phase(actor=organizer, assembly=assembly, to_phase=phase)
    items = [
        record.recommendation_adopt(
            actor=organizer,
            assembly=assembly,
            title=f"Item {n}",
            text="Do it.",
            addressed_to="Council",
            adopted_on=datetime.date(2026, 11, 2),
        )
        for n in range(3)
    ]
    for item, verdict in zip(items[:2], (Verdict.ACCEPTED, Verdict.REJECTED), strict=True):
        record.response_publish(
            actor=organizer,
            recommendation=item,
            verdict=verdict,
            reasons="Because.",
            actions="Build it.",
            responsible="Housing office",
            due_on=datetime.date(2027, 6, 1),
        )
    time, acceptance, implementation = selectors.responses(assembly, TODAY)
    assert acceptance.value == "50 %"
    assert time.value is not None and time.value.startswith("median")
    assert implementation.value is None  # nothing committed yet
