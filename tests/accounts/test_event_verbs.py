"""Every verb of the accounts app, recorded through its service and read in English and
Spanish; an organization member's role is stored as a code and read as a label."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from assemblea.accounts import events, services
from assemblea.accounts.models import OrganizationKind, OrganizationRole
from assemblea.core.events import event_describe, event_record, registered_verbs
from assemblea.core.models import Event

pytestmark = pytest.mark.django_db

MINE = ("organization.", "user.")


def test_every_verb_is_recorded_by_its_service_and_reads_in_both_languages(
    make_user: Any,
) -> None:
    admin = make_user("admin", email="admin@example.org")
    newcomer = make_user("newcomer")
    organization = services.organization_create(
        actor=admin, name="Tenants Union", kind=OrganizationKind.COMMUNITY
    )
    services.organization_member_add(
        actor=admin, organization=organization, username="newcomer", role=OrganizationRole.ADMIN
    )
    token = services.email_verification_token(admin)
    assert services.user_email_verify(token=token) == admin
    stored = [e for e in Event.objects.all() if e.verb.startswith(MINE)]
    assert {e.verb for e in stored} == {c for c in registered_verbs() if c.startswith(MINE)}
    for event in stored:
        english = event_describe(event, strict=True)
        with translation.override("es"):
            spanish = event_describe(event, strict=True)
        assert english != event.verb and spanish != event.verb
        assert spanish != english, event.verb
    added = next(e for e in stored if e.verb == events.ORGANIZATION_MEMBER_ADDED)
    assert added.data["role"] == "admin"
    assert (
        event_describe(added, strict=True)
        == f"{newcomer} joined the organization as Administrator."
    )


def test_a_verb_recorded_with_a_wrong_key_fails() -> None:
    with pytest.raises(ValueError, match="undeclared keys"):
        event_record(
            stream=events.organization_stream(1),
            verb=events.ORGANIZATION_CREATED,
            data={"name": "x", "slug": "x"},
        )
