"""Who may do what in recruitment: every role × every write view and every private read,
and the phases where it matters. A refusal changes nothing (no event, no row)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assemblea.accounts.models import OrganizationKind
from assemblea.accounts.services import organization_create
from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.models import Assembly
from assemblea.core.models import Event
from assemblea.recruitment import services
from assemblea.recruitment.models import (
    LetterBatch,
    LetterStatus,
    Recruitment,
    SelectionRun,
    SupportArrangement,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "stranger",
    "member",
    "facilitator",
    "observer",
    "respondent",
    "organizer_elsewhere",
    "organizer",
    "superuser",
]
MANAGERS = {"organizer", "superuser"}


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Callable[[dict[str, Any]], str]
    data: Callable[[dict[str, Any]], dict[str, Any]] = lambda world: {}


def _url(name: str, *extra: str) -> Callable[[dict[str, Any]], str]:
    def build(world: dict[str, Any]) -> str:
        return reverse(
            f"recruitment:{name}",
            args=[world["slug"], *(world.get(key, key) for key in extra)],
        )

    return build


def _addresses(world: dict[str, Any]) -> dict[str, Any]:
    return {
        "addresses": SimpleUploadedFile("a.csv", b"address\n9 New Road\n"),
        "address_columns": "address",
    }


PRIVATE_READS = [
    Endpoint(name, "get", _url(name))
    for name in (
        "overview",
        "start",
        "targets",
        "addresses",
        "invitations",
        "mail_merge",
        "registrations",
        "registrations_export",
        "selection",
        "panel",
        "notices",
        "registration_form",
    )
] + [
    Endpoint("person", "get", _url("person", "public_id")),
    Endpoint("support", "get", _url("support", "seat_id")),
    Endpoint("audit_file", "get", _url("audit_file", "run_id")),
    Endpoint("letters_batch", "get", _url("letters_batch", "letters_id")),
    Endpoint("letters_download", "get", _url("letters_download", "letters_id")),
]

WRITES = [
    Endpoint("overview: open walk-in", "post", _url("overview"), lambda w: {"walk_in": "close"}),
    Endpoint("overview: keep a duplicate", "post", _url("overview"), lambda w: {"keep": w["dup"]}),
    Endpoint(
        "targets: save",
        "post",
        _url("targets"),
        lambda w: {"save": "1", "c0_name": "x", "c0_v0_value": "a", "c0_v0_share": "1"},
    ),
    Endpoint("addresses: import", "post", _url("addresses"), _addresses),
    Endpoint(
        "invitations: draw", "post", _url("invitations"), lambda w: {"size": "1", "seed": "1 2"}
    ),
    Endpoint("letters: prepare", "post", _url("letters_prepare")),
    Endpoint(
        "registrations: enter",
        "post",
        _url("registrations"),
        lambda w: {
            "channel": "phone",
            "name": "Phoned In",
            "phone": "+1 555 0100 77",
            "language": "en",
            "answer_gender": "woman",
            "answer_age": "40+",
            "consents_to_privacy_notice": "on",
        },
    ),
    Endpoint("selection: start", "post", _url("selection_action"), lambda w: {"action": "start"}),
    Endpoint(
        "selection: cancel",
        "post",
        _url("selection_action"),
        lambda w: {"action": "cancel", "run": w["run_id"]},
    ),
    Endpoint(
        "panel: respond",
        "post",
        _url("panel"),
        lambda w: {"respond": "no", "registration": w["registration"]},
    ),
    Endpoint("panel: replace", "post", _url("panel"), lambda w: {"replace": "1"}),
    Endpoint(
        "panel: replace draw", "post", _url("panel"), lambda w: {"replace_draw": "1", "seed": "1"}
    ),
    Endpoint("panel: seat", "post", _url("panel"), lambda w: {"seat": "1", "stipend_per_day": "1"}),
    Endpoint("panel: reissue", "post", _url("panel"), lambda w: {"reissue": w["registration"]}),
    Endpoint(
        "messages: save",
        "post",
        _url("notices"),
        lambda w: {"kind": "registered", "language": "en", "subject": "Hi", "body": "Hello"},
    ),
    Endpoint(
        "form: settings",
        "post",
        _url("registration_form"),
        lambda w: {"settings": "1", "questions": "Why?"},
    ),
    Endpoint(
        "form: page",
        "post",
        _url("registration_form"),
        lambda w: {"page": "1", "slug": "new", "title": "New"},
    ),
    Endpoint(
        "form: delete page", "post", _url("registration_form"), lambda w: {"delete": w["page"]}
    ),
    Endpoint(
        "support: save",
        "post",
        _url("support", "seat_id"),
        lambda w: {"stipend_per_day": "5", "days": "1"},
    ),
    Endpoint("person: delete", "post", _url("person", "public_id"), lambda w: {"delete": "1"}),
    Endpoint(
        "start another",
        "post",
        _url("start"),
        lambda w: {"category": w["category"], "seats": "1", "privacy_notice": "x"},
    ),
]

PUBLIC_READS = [
    Endpoint("register", "get", lambda w: reverse("recruitment:register", args=[w["slug"]])),
    Endpoint("lottery", "get", lambda w: reverse("recruitment:lottery", args=[w["slug"]])),
]


def _snapshot() -> dict[str, int]:
    """Row counts of the tables recruitment writes to, and the recruitment's settings."""
    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ("recruitment", "assemblies", "accounts", "core")
    }
    recruitment = Recruitment.objects.order_by("pk").first()
    assert recruitment is not None
    counts["walk_in_open"] = int(recruitment.walk_in_open)
    counts["questions"] = len(recruitment.extra_questions)
    return counts


@pytest.fixture
def world(recruiting: Any, organizer: Any, make_user: Any, register: Any) -> dict[str, Any]:
    assembly = recruiting.assembly
    first = register("woman", "40+", 1)
    duplicate = services.registration_submit(
        recruitment=recruiting,
        answers={"gender": "man", "age": "40+"},
        name="Twice",
        email=first.contact.email,
        language="en",
        consents_to_privacy_notice=True,
    )
    page = services.registration_page_save(
        actor=organizer, recruitment=recruiting, slug="youth", title="Youth"
    )
    users = {name: make_user(name) for name in ROLES if name not in ("anonymous", "organizer")}
    users["organizer"] = organizer
    users["superuser"].is_superuser = True
    users["superuser"].save()
    seat = assembly_services.seat_fill(
        actor=organizer, category=recruiting.category, name="Member", user=users["member"]
    )
    SupportArrangement.objects.create(seat=seat)
    for role in ("facilitator", "observer", "respondent"):
        assembly_services.assembly_role_grant(
            actor=organizer, assembly=assembly, user=users[role], role=role
        )
    elsewhere = organization_create(
        actor=users["organizer_elsewhere"], name="Elsewhere", kind=OrganizationKind.COALITION
    )
    assembly_services.assembly_create(
        actor=users["organizer_elsewhere"],
        organization=elsewhere,
        title="Elsewhere assembly",
        kind="civic_one_time",
        question="?",
    )
    run = SelectionRun.objects.create(recruitment=recruiting, people_csv="id,gender\n")
    letters = LetterBatch.objects.create(
        recruitment=recruiting,
        registration_url="https://x.example/r/",
        status=LetterStatus.DONE,
        total=1,
        done=1,
        pdf=b"%PDF-1.4 letters",
    )
    return {
        "letters_id": str(letters.pk),
        "slug": assembly.slug,
        "assembly": assembly,
        "users": users,
        "public_id": first.public_id,
        "registration": str(first.pk),
        "dup": str(duplicate.pk),
        "page": str(page.pk),
        "seat_id": str(seat.pk),
        "category": str(recruiting.category.pk),
        "run_id": str(run.pk),
    }


def _client(client: Any, world: dict[str, Any], role: str) -> Any:
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def _call(client: Any, endpoint: Endpoint, world: dict[str, Any]) -> Any:
    return getattr(client, endpoint.method)(endpoint.url(world), endpoint.data(world))


def _refused(response: Any, role: str) -> bool:
    if role == "anonymous":
        return response.status_code == 302 and "/accounts/login/" in response["Location"]
    return response.status_code in (403, 404)


@pytest.mark.parametrize("role", ROLES)
def test_private_reads(client: Any, world: dict[str, Any], role: str) -> None:
    client = _client(client, world, role)
    wrong = []
    for endpoint in PRIVATE_READS:
        before = Event.objects.count()
        response = _call(client, endpoint, world)
        if role in MANAGERS:
            if response.status_code != 200:
                wrong.append((endpoint.name, response.status_code))
        elif not _refused(response, role) or Event.objects.count() != before:
            wrong.append((endpoint.name, response.status_code))
    assert not wrong, wrong


@pytest.mark.parametrize("role", ROLES)
def test_writes(client: Any, world: dict[str, Any], role: str) -> None:
    client = _client(client, world, role)
    wrong = []
    for endpoint in WRITES:
        before = _snapshot()
        events = Event.objects.count()
        response = _call(client, endpoint, world)
        if role in MANAGERS:
            if response.status_code not in (200, 302) or (
                response.status_code == 302 and "/accounts/login/" in response["Location"]
            ):
                wrong.append((endpoint.name, response.status_code))
        elif (
            not _refused(response, role) or _snapshot() != before or Event.objects.count() != events
        ):
            wrong.append((endpoint.name, response.status_code))
    assert not wrong, wrong


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_are_public(client: Any, world: dict[str, Any], role: str) -> None:
    client = _client(client, world, role)
    for endpoint in PUBLIC_READS:
        assert _call(client, endpoint, world).status_code == 200, endpoint.name


@pytest.mark.parametrize("phase", ["reported", "closed"])
def test_after_recruitment_even_organizers_change_nothing(
    client: Any, world: dict[str, Any], phase: str
) -> None:
    """Outside the recruitment phases every write is refused with a message (never a 500),
    and the public form is closed."""
    Assembly.objects.filter(pk=world["assembly"].pk).update(phase=phase)
    client = _client(client, world, "organizer")
    wrong = []
    for endpoint in WRITES:
        before = _snapshot()
        events = set(
            Event.objects.exclude(verb__startswith="recruitment.personal_data_").values_list(
                "pk", flat=True
            )
        )
        response = _call(client, endpoint, world)
        after = set(
            Event.objects.exclude(verb__startswith="recruitment.personal_data_").values_list(
                "pk", flat=True
            )
        )
        changed = {k for k in before if _snapshot()[k] != before[k]} - {"core.Event"}
        if response.status_code not in (200, 302) or changed or after != events:
            wrong.append((endpoint.name, response.status_code, changed))
    assert not wrong, wrong
    register = client.post(
        reverse("recruitment:register", args=[world["slug"]]),
        {
            "name": "Late",
            "email": "late@example.org",
            "language": "en",
            "answer_gender": "woman",
            "answer_age": "40+",
            "consents_to_privacy_notice": "on",
        },
    )
    assert register.status_code == 200 and "not open" in register.content.decode()
    assert not Recruitment.objects.get().registrations.filter(contact__name="Late").exists()
