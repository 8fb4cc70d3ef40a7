import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assemblea.accounts.models import OrganizationKind
from assemblea.accounts.services import organization_create
from assemblea.assemblies import services
from assemblea.assemblies.models import SeatHolder, SeatType
from assemblea.assemblies.phases import Phase
from assemblea.core.models import Event

pytestmark = pytest.mark.django_db


def verbs(assembly):
    return list(
        Event.objects.filter(stream=f"assembly:{assembly.pk}").values_list("verb", flat=True)
    )


def test_create_starts_from_the_usual_composition_of_the_kind(make_assembly):
    assembly = make_assembly(kind="mixed_committee")
    categories = [(c.seat_type, c.seats) for c in assembly.categories.all()]
    assert categories == [(SeatType.LOTTERY, 45), (SeatType.OFFICIAL, 15)]
    assert assembly.planned_size == 60
    assert assembly.phase == Phase.DRAFT
    assert assembly.mandate.commissioning_body == "Testville Council"


def test_create_scales_the_usual_composition_to_the_size_asked(make_assembly):
    assembly = make_assembly(kind="mixed_committee", planned_size=40)
    assert [c.seats for c in assembly.categories.all()] == [30, 10]
    assert services.composition_problems(assembly) == []


def test_standing_kinds_get_terms_and_rotation(make_assembly):
    assembly = make_assembly(kind="civic_standing")
    assert assembly.is_standing
    assert (assembly.term_months, assembly.rotation_months, assembly.cohorts) == (18, 6, 3)


def test_a_response_deadline_in_the_past_is_refused(make_assembly):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        make_assembly(response_deadline=yesterday)
    assert "response_deadline" in error.value.message_dict
    assert "past" in error.value.message_dict["response_deadline"][0]


def test_a_commitment_to_respond_needs_a_deadline(make_assembly):
    with pytest.raises(ValidationError) as error:
        make_assembly(commits_to_respond=True, response_deadline=None)
    assert "response_deadline" in error.value.message_dict


def test_only_an_admin_of_the_organization_can_convene_for_it(make_assembly, make_user):
    with pytest.raises(ValidationError) as error:
        make_assembly(actor=make_user("stranger"))
    assert "organization" in error.value.message_dict


def test_categories_cannot_exceed_the_total_seats(make_assembly, organizer):
    assembly = make_assembly(kind="mixed_committee")
    with pytest.raises(ValidationError) as error:
        services.seat_category_save(
            actor=organizer,
            assembly=assembly,
            seat_type=SeatType.RESERVED,
            name="Young people",
            seats=5,
        )
    assert "65 seats" in error.value.message_dict["seats"][0]
    assert assembly.categories.count() == 2


def test_delegate_allocations_must_add_up_before_convening(make_assembly, organizer, city):
    assembly = make_assembly(
        kind="governing_power", commits_to_respond=False, response_deadline=None
    )
    delegates = assembly.categories.get(seat_type=SeatType.DELEGATE)
    problems = services.phase_change_problems(assembly, Phase.CONVENED)
    assert any("0 are allocated" in problem for problem in problems)
    with pytest.raises(ValidationError):
        services.assembly_change_phase(actor=organizer, assembly=assembly, to_phase=Phase.CONVENED)
    with pytest.raises(ValidationError) as error:
        services.delegate_allocation_set(
            actor=organizer, category=delegates, organization=city, seats=delegates.seats + 1
        )
    assert "has only 20" in error.value.message_dict["seats"][0]
    services.delegate_allocation_set(
        actor=organizer, category=delegates, organization=city, seats=delegates.seats
    )
    services.assembly_change_phase(actor=organizer, assembly=assembly, to_phase=Phase.CONVENED)
    assert assembly.phase == Phase.CONVENED


def test_a_phase_change_the_rules_forbid_is_refused_with_the_reason(make_assembly, organizer):
    assembly = make_assembly()
    with pytest.raises(ValidationError) as error:
        services.assembly_change_phase(
            actor=organizer, assembly=assembly, to_phase=Phase.IN_SESSION
        )
    assert "cannot move" in error.value.messages[0]
    assembly.refresh_from_db()
    assert assembly.phase == Phase.DRAFT
    assert "assembly.phase_changed" not in verbs(assembly)


def test_the_mandate_is_fixed_once_convened(make_assembly, organizer):
    assembly = make_assembly()
    services.assembly_change_phase(actor=organizer, assembly=assembly, to_phase=Phase.CONVENED)
    with pytest.raises(ValidationError) as error:
        services.mandate_update(
            actor=organizer,
            assembly=assembly,
            question="Another question",
            commissioning_body="",
            authority="advisory",
            commits_to_respond=False,
            response_commitment="",
            response_deadline=None,
        )
    assert "Convened" in error.value.messages[0]
    assembly.mandate.refresh_from_db()
    assert assembly.mandate.question == "How should Testville reduce traffic deaths?"


def test_seats_cannot_be_overfilled(make_assembly, organizer):
    assembly = make_assembly(kind="civic_one_time", planned_size=3)
    lottery = assembly.categories.get()
    for index in range(3):
        services.seat_fill(actor=organizer, category=lottery, name=f"Person {index}")
    with pytest.raises(ValidationError) as error:
        services.seat_fill(actor=organizer, category=lottery, name="One too many")
    assert "All 3 seats" in error.value.messages[0]
    assert lottery.holders.count() == 3


def test_delegates_are_named_by_their_own_organization_only(make_assembly, organizer, make_user):
    assembly = make_assembly(
        kind="governing_power", commits_to_respond=False, response_deadline=None
    )
    delegates = assembly.categories.get(seat_type=SeatType.DELEGATE)
    union_admin, other_admin = make_user("union_admin"), make_user("other_admin")
    union = organization_create(actor=union_admin, name="Union", kind=OrganizationKind.LABOR)
    other = organization_create(actor=other_admin, name="Other", kind=OrganizationKind.COMMUNITY)
    services.delegate_allocation_set(
        actor=organizer, category=delegates, organization=union, seats=2, alternates=1
    )
    services.delegate_allocation_set(
        actor=organizer, category=delegates, organization=other, seats=2
    )
    services.seat_fill(actor=union_admin, category=delegates, name="D1", organization=union)
    services.seat_fill(
        actor=union_admin, category=delegates, name="A1", organization=union, is_alternate=True
    )
    with pytest.raises(PermissionDenied):
        services.seat_fill(actor=other_admin, category=delegates, name="X", organization=union)
    with pytest.raises(ValidationError):
        services.seat_fill(
            actor=union_admin, category=delegates, name="A2", organization=union, is_alternate=True
        )
    assert list(delegates.holders.values_list("name", flat=True).order_by("name")) == ["A1", "D1"]


def test_rotation_ends_a_cohort_and_keeps_its_history(make_assembly, organizer):
    assembly = make_assembly(kind="civic_standing")
    seats = assembly.categories.get()
    for index in range(6):
        services.seat_fill(actor=organizer, category=seats, name=f"M{index}", cohort=index % 3 + 1)
    services.assembly_change_phase(actor=organizer, assembly=assembly, to_phase=Phase.CONVENED)
    assert services.assembly_rotate_cohort(actor=organizer, assembly=assembly, cohort=1) == 2
    ended = SeatHolder.objects.filter(category=seats, ended_on__isnull=False)
    assert sorted(ended.values_list("name", flat=True)) == ["M0", "M3"]
    assert all(holder.end_reason for holder in ended)
    assert seats.holders.filter(ended_on__isnull=True).count() == 4
    assert "assembly.cohort_rotated" in verbs(assembly)


def test_a_standing_body_loops_back_to_a_new_cycle(make_assembly, organizer):
    assembly = make_assembly(kind="civic_standing")
    for phase in (
        Phase.CONVENED,
        Phase.RECRUITING,
        Phase.ONBOARDING,
        Phase.IN_SESSION,
        Phase.REPORTED,
        Phase.MONITORING,
        Phase.CONVENED,
    ):
        services.assembly_change_phase(actor=organizer, assembly=assembly, to_phase=phase)
    assert assembly.cycle == 2
    assert verbs(assembly)[-1] == "assembly.cycle_started"


def test_a_one_time_assembly_does_not_loop(make_assembly, organizer):
    assembly = make_assembly()
    for phase in (
        Phase.CONVENED,
        Phase.RECRUITING,
        Phase.ONBOARDING,
        Phase.IN_SESSION,
        Phase.REPORTED,
        Phase.MONITORING,
    ):
        services.assembly_change_phase(actor=organizer, assembly=assembly, to_phase=phase)
    with pytest.raises(ValidationError):
        services.assembly_change_phase(actor=organizer, assembly=assembly, to_phase=Phase.CONVENED)


def test_a_category_that_had_members_cannot_be_removed(make_assembly, organizer):
    assembly = make_assembly()
    lottery = assembly.categories.get()
    holder = services.seat_fill(actor=organizer, category=lottery, name="Someone")
    services.seat_end(actor=organizer, holder=holder, reason="Moved away")
    with pytest.raises(ValidationError) as error:
        services.seat_category_delete(actor=organizer, category=lottery)
    assert "history" in error.value.messages[0]
