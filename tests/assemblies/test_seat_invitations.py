"""Issue 16: accounts for every seat. A reserved, delegate or official seat is filled by name;
an invitation link lets the person see their username, choose a password and vote."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from assemblea.assemblies import services
from assemblea.assemblies.models import (
    SeatCategory,
    SeatInvitation,
    SeatType,
)
from assemblea.assemblies.permissions import can
from assemblea.assemblies.phases import AssemblyAction, Phase
from assemblea.core.models import Event

pytestmark = pytest.mark.django_db
PASS = "a long new passphrase"


def _reserved_seat(assembly: Any, organizer: Any, name: str = "Rosa Reserved") -> Any:
    category = SeatCategory.objects.create(
        assembly=assembly, seat_type=SeatType.RESERVED, name="Youth", seats=2, position=50
    )
    return services.seat_fill(actor=organizer, category=category, name=name)


def _token(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_a_reserved_member_sets_a_password_sees_the_username_and_can_vote(
    make_assembly: Any, organizer: Any, client: Any
) -> None:
    assembly = make_assembly()
    holder = _reserved_seat(assembly, organizer)
    invitation, link = services.seat_invitation_issue(actor=organizer, holder=holder)
    assert invitation.username == "rosa-reserved"
    page = client.get(reverse("assemblies:invitation", args=[_token(link)]))
    assert "rosa-reserved" in page.content.decode()
    holder.refresh_from_db()
    assert holder.user_id is None  # opening the link changes nothing
    response = client.post(
        reverse("assemblies:invitation", args=[_token(link)]),
        {"password": PASS, "password_again": PASS},
        follow=True,
    )
    holder.refresh_from_db()
    assert holder.user is not None and holder.user.username == "rosa-reserved"
    assert response.context["user"] == holder.user  # signed in
    assert any("rosa-reserved" in str(m) for m in response.context["messages"])
    assert authenticate(username="rosa-reserved", password=PASS) == holder.user
    assembly.phase = Phase.IN_SESSION
    assembly.save()
    assert can(holder.user, AssemblyAction.VOTE, assembly)


def test_only_the_hash_of_the_token_is_stored(make_assembly: Any, organizer: Any) -> None:
    holder = _reserved_seat(make_assembly(), organizer)
    invitation, link = services.seat_invitation_issue(actor=organizer, holder=holder)
    token = _token(link)
    assert len(token) >= 40
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not SeatInvitation.objects.filter(token_hash=token).exists()


def test_the_link_works_once(make_assembly: Any, organizer: Any, client: Any) -> None:
    holder = _reserved_seat(make_assembly(), organizer)
    _invitation, link = services.seat_invitation_issue(actor=organizer, holder=holder)
    services.seat_invitation_accept(
        actor=None, token=_token(link), password=PASS, password_again=PASS
    )
    with pytest.raises(ValidationError) as error:
        services.seat_invitation_accept(
            actor=None, token=_token(link), password=PASS, password_again=PASS
        )
    assert error.value.code == "invitation_used"
    response = client.get(reverse("assemblies:invitation", args=[_token(link)]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "used already" in page and "rosa-reserved" not in page


def test_a_new_link_ends_the_previous_one_and_keeps_the_username(
    make_assembly: Any, organizer: Any
) -> None:
    holder = _reserved_seat(make_assembly(), organizer)
    first, old = services.seat_invitation_issue(actor=organizer, holder=holder)
    second, new = services.seat_invitation_issue(actor=organizer, holder=holder)
    assert second.username == first.username
    with pytest.raises(ValidationError) as error:
        services.invitation_by_token(_token(old))
    assert error.value.code == "invitation_expired"
    assert services.invitation_by_token(_token(new)) == second


def test_an_expired_or_made_up_link_is_refused(make_assembly: Any, organizer: Any) -> None:
    holder = _reserved_seat(make_assembly(), organizer)
    invitation, link = services.seat_invitation_issue(actor=organizer, holder=holder)
    SeatInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError) as error:
        services.invitation_by_token(_token(link))
    assert error.value.code == "invitation_expired"
    for forged in ("", "x" * 43, invitation.token_hash, "a" * 500):
        with pytest.raises(ValidationError) as error:
            services.invitation_by_token(forged)
        assert error.value.code == "invitation_unknown"


def test_passwords_that_differ_or_are_weak_are_refused_and_nothing_is_made(
    make_assembly: Any, organizer: Any, client: Any, django_user_model: Any
) -> None:
    holder = _reserved_seat(make_assembly(), organizer)
    _invitation, link = services.seat_invitation_issue(actor=organizer, holder=holder)
    url = reverse("assemblies:invitation", args=[_token(link)])
    users = django_user_model.objects.count()
    differ = client.post(url, {"password": PASS, "password_again": PASS + "x"})
    assert differ.context["form"].has_error("password_again", "passwords_differ")
    weak = client.post(url, {"password": "12345678", "password_again": "12345678"})
    assert weak.context["form"].has_error("password", "password_entirely_numeric")
    assert django_user_model.objects.count() == users
    holder.refresh_from_db()
    assert holder.user_id is None


def test_a_signed_in_person_takes_the_seat_with_their_account(
    make_assembly: Any, organizer: Any, make_user: Any, client: Any
) -> None:
    holder = _reserved_seat(make_assembly(), organizer)
    _invitation, link = services.seat_invitation_issue(actor=organizer, holder=holder)
    rosa = make_user("rosa")
    client.force_login(rosa)
    client.post(reverse("assemblies:invitation", args=[_token(link)]))
    holder.refresh_from_db()
    assert holder.user == rosa


def test_an_account_already_seated_cannot_take_a_second_seat(
    make_assembly: Any, organizer: Any, make_user: Any
) -> None:
    assembly = make_assembly()
    seated = make_user("seated")
    services.seat_fill(
        actor=organizer, category=assembly.categories.first(), name="Seated", user=seated
    )
    holder = _reserved_seat(assembly, organizer)
    _invitation, link = services.seat_invitation_issue(actor=organizer, holder=holder)
    with pytest.raises(ValidationError) as error:
        services.seat_invitation_accept(actor=seated, token=_token(link))
    assert error.value.code == "account_holds_seat"


def test_the_link_is_e_mailed_when_there_is_an_address_and_confirms_it(
    make_assembly: Any, organizer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    holder = _reserved_seat(make_assembly(), organizer)
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, link = services.seat_invitation_issue(
            actor=organizer, holder=holder, email="rosa@example.org"
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rosa@example.org"]
    assert link in message.body and "rosa-reserved" in message.body
    user = services.seat_invitation_accept(
        actor=None, token=_token(link), password=PASS, password_again=PASS
    )
    assert user.email_verified
    assert authenticate(username="rosa@example.org", password=PASS) == user


def test_a_bad_address_is_refused_on_its_field(make_assembly: Any, organizer: Any) -> None:
    holder = _reserved_seat(make_assembly(), organizer)
    with pytest.raises(ValidationError) as error:
        services.seat_invitation_issue(actor=organizer, holder=holder, email="not an address")
    assert error.value.error_dict["email"][0].code == "invitation_email_invalid"
    assert not SeatInvitation.objects.exists()


def test_a_seat_with_an_account_or_ended_gets_no_invitation(
    make_assembly: Any, organizer: Any, make_user: Any
) -> None:
    assembly = make_assembly()
    with_account = services.seat_fill(
        actor=organizer, category=assembly.categories.first(), name="Has", user=make_user("has")
    )
    with pytest.raises(ValidationError) as error:
        services.seat_invitation_issue(actor=organizer, holder=with_account)
    assert error.value.code == "seat_has_account"
    ended = _reserved_seat(assembly, organizer)
    services.seat_end(actor=organizer, holder=ended, reason="moved")
    with pytest.raises(ValidationError) as error:
        services.seat_invitation_issue(actor=organizer, holder=ended)
    assert error.value.code == "seat_ended"


def test_only_organizers_or_the_delegates_organization_may_invite(
    cast: Any, organizer: Any
) -> None:
    world = cast(phase=Phase.IN_SESSION)
    reserved = _reserved_seat(world.assembly, organizer)
    for role in ("stranger", "member", "facilitator", "observer", "other_organizer"):
        with pytest.raises(PermissionDenied):
            services.seat_invitation_issue(actor=world.users[role], holder=reserved)
    delegate = services.seat_fill(
        actor=world.users["delegating"],
        category=world.delegates,
        name="Dina Delegate",
        organization=world.delegating_org,
    )
    invitation, _link = services.seat_invitation_issue(
        actor=world.users["delegating"], holder=delegate
    )
    assert invitation.seat == delegate
    with pytest.raises(PermissionDenied):
        services.seat_invitation_issue(actor=world.users["delegating"], holder=reserved)
    assert not SeatInvitation.objects.filter(seat=reserved).exists()


def test_a_closed_assembly_issues_no_invitation(make_assembly: Any, organizer: Any) -> None:
    assembly = make_assembly()
    holder = _reserved_seat(assembly, organizer)
    assembly.phase = Phase.CLOSED
    assembly.save()
    with pytest.raises(ValidationError) as error:
        services.seat_invitation_issue(actor=organizer, holder=holder)
    assert error.value.code == "phase"


def test_the_link_page_names_only_its_own_seat(
    make_assembly: Any, organizer: Any, client: Any
) -> None:
    assembly = make_assembly()
    holder = _reserved_seat(assembly, organizer)
    _reserved_seat(assembly, organizer, name="Other Person")
    _invitation, link = services.seat_invitation_issue(
        actor=organizer, holder=holder, email="rosa@example.org"
    )
    page = client.get(reverse("assemblies:invitation", args=[_token(link)])).content.decode()
    assert "Rosa Reserved" in page
    assert "Other Person" not in page and "rosa@example.org" not in page


def test_organizers_see_who_has_not_signed_in_and_print_the_link_once(
    make_assembly: Any, organizer: Any, client: Any
) -> None:
    assembly = make_assembly()
    holder = _reserved_seat(assembly, organizer)
    client.force_login(organizer)
    members = client.get(reverse("assemblies:members", args=[assembly.slug])).content.decode()
    assert "not yet signed in" in members
    assert "Quorum counts the members present" in members
    url = reverse("assemblies:invitation_issue", args=[assembly.slug, holder.pk])
    response = client.post(url, {"email": ""})
    assert response.status_code == 302 and response.url == url
    sheet = client.get(url).content.decode()
    invitation = SeatInvitation.objects.get(seat=holder)
    assert invitation.username in sheet
    assert "/seat-invitation/" in sheet
    again = client.get(url).content.decode()
    assert "/seat-invitation/" not in again  # shown once
    event = Event.objects.get(verb="assembly.seat_invitation_sent")
    assert not event.public and "seat-invitation" not in str(event.data)


def test_a_stranger_cannot_open_the_organizers_invitation_page(
    cast: Any, organizer: Any, client: Any
) -> None:
    world = cast(phase=Phase.IN_SESSION)
    holder = _reserved_seat(world.assembly, organizer)
    client.force_login(world.users["member"])
    url = reverse("assemblies:invitation_issue", args=[world.assembly.slug, holder.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"email": ""}).status_code == 403
    assert not SeatInvitation.objects.exists()


def test_the_username_offered_avoids_taken_and_reserved_names(
    make_assembly: Any, organizer: Any, make_user: Any
) -> None:
    make_user("rosa-reserved")
    assembly = make_assembly()
    first = services.seat_invitation_issue(
        actor=organizer, holder=_reserved_seat(assembly, organizer)
    )
    other = SeatCategory.objects.create(
        assembly=assembly, seat_type=SeatType.OFFICIAL, name="Officials", seats=1, position=60
    )
    second_holder = services.seat_fill(actor=organizer, category=other, name="Rosa Reserved")
    second = services.seat_invitation_issue(actor=organizer, holder=second_holder)
    assert first[0].username == "rosa-reserved2"
    assert second[0].username == "rosa-reserved3"


def test_a_member_organizations_admin_is_offered_links_for_its_own_delegates_only(
    cast: Any, organizer: Any
) -> None:
    from assemblea.assemblies import selectors

    world = cast(phase=Phase.IN_SESSION)
    reserved = _reserved_seat(world.assembly, organizer)
    delegate = services.seat_fill(
        actor=world.users["delegating"],
        category=world.delegates,
        name="Dina Delegate",
        organization=world.delegating_org,
    )
    assert selectors.invitable_seats(world.users["delegating"], world.assembly) == {delegate.pk}
    assert {reserved.pk, delegate.pk} <= selectors.invitable_seats(organizer, world.assembly)
    assert selectors.invitable_seats(world.users["member"], world.assembly) == set()
