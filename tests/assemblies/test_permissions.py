import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from assemblea.assemblies import services
from assemblea.assemblies.models import AssemblyRoleName, SeatType
from assemblea.assemblies.permissions import Role, can, require, roles_of
from assemblea.assemblies.phases import AssemblyAction, Phase

pytestmark = pytest.mark.django_db


def to_session(assembly, organizer):
    for phase in (Phase.CONVENED, Phase.RECRUITING, Phase.ONBOARDING, Phase.IN_SESSION):
        services.assembly_change_phase(actor=organizer, assembly=assembly, to_phase=phase)


def test_a_member_of_one_assembly_has_no_power_in_another(make_assembly, organizer, make_user):
    first = make_assembly(title="First", kind="mixed_committee")
    second = make_assembly(title="Second", kind="mixed_committee")
    member = make_user("member")
    lottery = first.categories.get(seat_type=SeatType.LOTTERY)
    services.seat_fill(actor=organizer, category=lottery, name="Member", user=member)
    to_session(first, organizer)
    to_session(second, organizer)
    assert Role.MEMBER in roles_of(member, first)
    assert can(member, AssemblyAction.VOTE, first)
    assert roles_of(member, second) == {Role.PUBLIC}
    for action in (
        AssemblyAction.VOTE,
        AssemblyAction.SPEAK,
        AssemblyAction.PROPOSE,
        AssemblyAction.VIEW_MEMBERS_PRIVATE,
    ):
        assert not can(member, action, second)


def test_seat_category_rights_decide_what_a_member_may_do(make_assembly, organizer, make_user):
    assembly = make_assembly(
        kind="governing_power", commits_to_respond=False, response_deadline=None
    )
    official = make_user("official")
    officials = assembly.categories.get(seat_type=SeatType.OFFICIAL)
    assert officials.may_vote is False
    services.seat_fill(actor=organizer, category=officials, name="Official", user=official)
    delegates = assembly.categories.get(seat_type=SeatType.DELEGATE)
    services.delegate_allocation_set(
        actor=organizer,
        category=delegates,
        organization=assembly.organization,
        seats=delegates.seats,
    )
    to_session(assembly, organizer)
    assert can(official, AssemblyAction.SPEAK, assembly)
    assert can(official, AssemblyAction.PROPOSE, assembly)
    assert not can(official, AssemblyAction.VOTE, assembly)


def test_phase_decides_when_members_may_vote(make_assembly, organizer, make_user):
    assembly = make_assembly()
    member = make_user("member")
    services.seat_fill(actor=organizer, category=assembly.categories.get(), name="M", user=member)
    assert not can(member, AssemblyAction.VOTE, assembly)
    to_session(assembly, organizer)
    assert can(member, AssemblyAction.VOTE, assembly)
    services.assembly_change_phase(actor=organizer, assembly=assembly, to_phase=Phase.REPORTED)
    assert not can(member, AssemblyAction.VOTE, assembly)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (AssemblyRoleName.ORGANIZER, True),
        (AssemblyRoleName.FACILITATOR, False),
        (AssemblyRoleName.OBSERVER, False),
        (AssemblyRoleName.RESPONDENT, False),
    ],
)
def test_only_organizers_change_the_composition(make_assembly, organizer, make_user, role, allowed):
    assembly = make_assembly()
    person = make_user("person")
    services.assembly_role_grant(actor=organizer, assembly=assembly, user=person, role=role)
    assert can(person, AssemblyAction.EDIT_COMPOSITION, assembly) is allowed
    assert can(person, AssemblyAction.VIEW_MEMBERS_PRIVATE, assembly)


def test_private_assemblies_are_hidden_and_public_ones_refuse(make_assembly, make_user):
    stranger = make_user("stranger")
    private = make_assembly(visibility="private")
    public = make_assembly(title="Public")
    with pytest.raises(Http404):
        require(stranger, AssemblyAction.EDIT_MANDATE, private)
    with pytest.raises(PermissionDenied):
        require(stranger, AssemblyAction.EDIT_MANDATE, public)
    assert can(None, AssemblyAction.VIEW, public)
    assert not can(None, AssemblyAction.VIEW, private)
