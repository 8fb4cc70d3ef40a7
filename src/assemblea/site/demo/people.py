"""The demo's people and organizations, and the supply of invented names for seats."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from assemblea.accounts.models import Organization, OrganizationKind, OrganizationRole
from assemblea.accounts.services import organization_create, organization_member_add

DEMO_PASSWORD = "assemblea-demo"
_DEMO_PASSWORD_HASHES: dict[tuple[str, ...], str] = {}


def demo_account_create(**fields: Any) -> Any:
    """An account that signs in with the published demo password.

    The demo's accounts share one hash of it: each hash costs Django's PBKDF2 rounds (about
    0.7 s here), and a shared salt hides nothing when the password is public anyway."""
    hashers = tuple(settings.PASSWORD_HASHERS)
    if hashers not in _DEMO_PASSWORD_HASHES:
        _DEMO_PASSWORD_HASHES[hashers] = make_password(DEMO_PASSWORD)
    user = get_user_model().objects.create_user(password=None, **fields)
    user.password = _DEMO_PASSWORD_HASHES[hashers]
    user.save(update_fields=["password"])
    return user


PEOPLE = [
    # username, display name, language, role in the demo
    ("ana", "Ana Torres", "es", "organizer at the City of Riverton"),
    ("olu", "Olu Adebayo", "en", "organizer at the Riverton Housing Coalition"),
    ("grace", "Grace Kim", "en", "president of the Riverton Workers' Council"),
    ("tomas", "Tomás Reyes", "es", "facilitator"),
    ("rhea", "Rhea Patel", "en", "government respondent"),
    ("maria", "María López", "es", "member of the citizens' assembly"),
    ("sam", "Sam Okafor", "en", "administrator of Riverton Tenants United"),
]

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Carmen",
    "Dmitri",
    "Esther",
    "Farid",
    "Gloria",
    "Hiro",
    "Ines",
    "Jamal",
    "Keiko",
    "Luis",
    "Mei",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sipho",
    "Tara",
    "Uche",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Abara",
    "Brown",
    "Castillo",
    "Dubois",
    "Evans",
    "Fofana",
    "García",
    "Haddad",
    "Ivanova",
    "Johnson",
    "Kowalski",
    "Lee",
    "Mensah",
    "Nguyen",
    "Ortiz",
    "Park",
    "Quispe",
    "Rossi",
    "Singh",
    "Tanaka",
]

# slug in `Riverton.organizations`, the person who founds it, name, kind, description.
ORGANIZATIONS = [
    (
        "city",
        "ana",
        "City of Riverton",
        OrganizationKind.GOVERNMENT,
        "The city government of Riverton, a fictional city of 300,000 people.",
    ),
    (
        "coalition",
        "olu",
        "Riverton Housing Coalition",
        OrganizationKind.COALITION,
        "Tenant unions, faith groups and community organizations for housing justice.",
    ),
    (
        "union",
        "grace",
        "Riverton Workers' Council",
        OrganizationKind.LABOR,
        "A council of union locals in Riverton's public services.",
    ),
    ("tenants", "sam", "Riverton Tenants United", OrganizationKind.COMMUNITY, ""),
    ("eastside", "olu", "Eastside Neighbours Association", OrganizationKind.COMMUNITY, ""),
]
UNION_LOCALS = (101, 202, 303)


def _names() -> Iterator[str]:
    for last, first in itertools.product(LAST_NAMES, FIRST_NAMES):
        yield f"{first} {last}"


@dataclass
class Riverton:
    """What every step of the demo builds on: its people by username, its organizations,
    the union's locals, the next invented name, and the day the demo is loaded."""

    people: dict[str, Any]
    organizations: dict[str, Organization]
    locals_: list[Organization]
    names: Iterator[str]
    today: datetime.date


def _people_create() -> dict[str, Any]:
    people = {}
    for username, name, language, _role in PEOPLE:
        people[username] = demo_account_create(
            username=username,
            email=f"{username}@example.org",
            display_name=name,
            preferred_language=language,
            # The demo's people confirmed their (invented) addresses: they sign in by
            # username or e-mail.
            email_verified_at=timezone.now(),
        )
    people["maria"].access_needs = ["interpretation", "childcare"]
    people["maria"].save()
    return people


def _organizations_create(people: dict[str, Any]) -> dict[str, Organization]:
    organizations = {}
    for key, founder, name, kind, description in ORGANIZATIONS:
        organizations[key] = organization_create(
            actor=people[founder], name=name, kind=kind, description=description
        )
    return organizations


def riverton_found() -> Riverton:
    """The people, the organizations and the union's locals (Rhea joins the city)."""
    people = _people_create()
    names = _names()
    today = timezone.localdate()
    organizations = _organizations_create(people)
    locals_ = [
        organization_create(
            actor=people["grace"], name=f"Local {number}", kind=OrganizationKind.LABOR
        )
        for number in UNION_LOCALS
    ]
    organization_member_add(
        actor=people["ana"],
        organization=organizations["city"],
        username="rhea",
        role=OrganizationRole.MEMBER,
    )
    return Riverton(people, organizations, locals_, names, today)
