"""Who may do what with accounts and organizations: every role × every write view (and the
private read, the list of an organization's people), as a table. Anonymous writes go to the
sign-in page; signed-in people without the right get a 403; never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assemblea.accounts.models import (
    Organization,
    OrganizationKind,
    OrganizationMembership,
    OrganizationRole,
)
from assemblea.accounts.services import organization_create, organization_member_add

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "admin", "other_admin"]


@pytest.fixture
def world(make_user: Any) -> dict[str, Any]:
    admin = make_user("admin")
    member = make_user("member")
    other_admin = make_user("otheradmin")
    make_user("newcomer", display_name="Newcomer Nadia")
    city = organization_create(actor=admin, name="City", kind=OrganizationKind.GOVERNMENT)
    organization_member_add(
        actor=admin, organization=city, username="member", role=OrganizationRole.MEMBER
    )
    organization_create(actor=other_admin, name="Elsewhere", kind=OrganizationKind.COMMUNITY)
    return {"admin": admin, "member": member, "other_admin": other_admin, "city": city}


def _client(world: dict[str, Any], role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world[role])
    return client


def _add_person(client: Client, world: dict[str, Any]) -> Any:
    return client.post(
        reverse("accounts:organization", kwargs={"slug": world["city"].slug}),
        {"username": "newcomer", "role": OrganizationRole.ADMIN},
    )


def _create_organization(client: Client, world: dict[str, Any]) -> Any:
    return client.post(
        reverse("accounts:organization_create"),
        {"name": "Fresh Coalition", "kind": OrganizationKind.COALITION},
    )


def _edit_profile(client: Client, world: dict[str, Any]) -> Any:
    return client.post(
        reverse("accounts:profile"),
        {"display_name": "Changed", "preferred_language": "en", "access_notes": ""},
    )


def _resend_link(client: Client, world: dict[str, Any]) -> Any:
    return client.post(reverse("accounts:email_verification_resend"))


def _newcomer_added(world: dict[str, Any]) -> bool:
    return OrganizationMembership.objects.filter(
        organization=world["city"], user__username="newcomer"
    ).exists()


def _organization_created(world: dict[str, Any]) -> bool:
    return Organization.objects.filter(name="Fresh Coalition").exists()


# view → {role: expected outcome}; "login" = redirect to sign in, "ok" = done and redirected,
# "forbidden" = 403 and nothing changed.
WRITES: dict[str, tuple[Callable[..., Any], Callable[[dict[str, Any]], bool] | None, dict]] = {
    "add a person to the organization": (
        _add_person,
        _newcomer_added,
        {"anonymous": "login", "member": "forbidden", "admin": "ok", "other_admin": "forbidden"},
    ),
    "create an organization": (
        _create_organization,
        _organization_created,
        {"anonymous": "login", "member": "ok", "admin": "ok", "other_admin": "ok"},
    ),
    "edit one's profile": (
        _edit_profile,
        None,
        {"anonymous": "login", "member": "ok", "admin": "ok", "other_admin": "ok"},
    ),
    "send the confirmation link again": (
        _resend_link,
        None,
        {"anonymous": "login", "member": "ok", "admin": "ok", "other_admin": "ok"},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(WRITES))
def test_write_views(world: dict[str, Any], action: str, role: str) -> None:
    view, changed, expected = WRITES[action]
    response = view(_client(world, role), world)
    outcome = expected[role]
    if outcome == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif outcome == "forbidden":
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert not response["Location"].startswith(reverse("accounts:login"))
    if changed is not None:
        assert changed(world) == (outcome == "ok")


@pytest.mark.parametrize(
    ("role", "sees_people"),
    [("anonymous", False), ("member", False), ("admin", True), ("other_admin", False)],
)
def test_only_administrators_see_the_organizations_people(
    world: dict[str, Any], role: str, sees_people: bool
) -> None:
    page = _client(world, role).get(
        reverse("accounts:organization", kwargs={"slug": world["city"].slug})
    )
    assert page.status_code == 200
    assert ("member (Member)" in page.content.decode()) == sees_people
