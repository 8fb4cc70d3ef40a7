"""Every verb of the assemblies app, recorded through its service and read in English and
Spanish (strict: a description that does not fit its data fails here)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from assemblea.accounts.models import OrganizationKind
from assemblea.accounts.services import organization_create
from assemblea.assemblies import events, services
from assemblea.assemblies.models import AssemblyRole, AssemblyRoleName, SeatCategory, SeatType
from assemblea.assemblies.phases import Phase
from assemblea.core.events import assembly_event_record, event_describe, registered_verbs
from assemblea.core.models import Event

pytestmark = pytest.mark.django_db

ASSEMBLY_VERBS = {code for code in registered_verbs() if code.startswith("assembly.")}


def _resize(organizer: Any, assembly: Any, size: int) -> None:
    services.assembly_update(
        actor=organizer,
        assembly=assembly,
        title=assembly.title,
        summary="A standing body.",
        languages=["en"],
        is_standing=True,
        planned_size=size,
        term_months=assembly.term_months,
        rotation_months=assembly.rotation_months,
        cohorts=assembly.cohorts,
    )


def _every_verb(make_assembly: Any, organizer: Any, make_user: Any) -> Any:
    assembly = make_assembly(kind="civic_standing", visibility="private")
    services.assembly_publish(actor=organizer, assembly=assembly)
    services.assembly_unpublish(actor=organizer, assembly=assembly)
    services.personal_data_viewed(actor=organizer, assembly=assembly, what="members")
    size = assembly.planned_size or 0
    _resize(organizer, assembly, size + 2)  # room for a category of delegates
    mandate = assembly.mandate
    services.mandate_update(
        actor=organizer,
        assembly=assembly,
        question=mandate.question,
        commissioning_body=mandate.commissioning_body,
        authority=mandate.authority,
        commits_to_respond=mandate.commits_to_respond,
        response_commitment="We answer in writing.",
        response_deadline=mandate.response_deadline,
    )
    seats = assembly.categories.get()
    delegates = services.seat_category_save(
        actor=organizer, assembly=assembly, seat_type=SeatType.DELEGATE, name="Unions", seats=2
    )
    services.seat_category_save(
        actor=organizer,
        assembly=assembly,
        category=delegates,
        seat_type=SeatType.DELEGATE,
        name="Unions",
        seats=1,
    )
    union_admin = make_user("union_admin")
    union = organization_create(actor=union_admin, name="Union", kind=OrganizationKind.LABOR)
    services.delegate_allocation_set(
        actor=organizer, category=delegates, organization=union, seats=1
    )
    services.seat_category_delete(actor=organizer, category=delegates)
    assert not SeatCategory.objects.filter(pk=delegates.pk).exists()
    _resize(organizer, assembly, size)
    named = services.seat_fill(
        actor=organizer, category=seats, name="Mara", consents_to_be_named=True, cohort=1
    )
    services.seat_fill(actor=organizer, category=seats, name="Anon", cohort=2)
    services.seat_end(actor=organizer, holder=named, reason="moved away")
    ben = services.seat_fill(actor=organizer, category=seats, name="Ben", cohort=1)
    _invitation, link = services.seat_invitation_issue(actor=organizer, holder=ben)
    services.seat_invitation_accept(
        actor=make_user("ben"), token=link.rstrip("/").rsplit("/", 1)[-1]
    )
    facilitator = make_user("facilitator")
    role = services.assembly_role_grant(
        actor=organizer, assembly=assembly, user=facilitator, role=AssemblyRoleName.FACILITATOR
    )
    services.assembly_role_revoke(actor=organizer, role=AssemblyRole.objects.get(pk=role.pk))
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
    services.assembly_rotate_cohort(actor=organizer, assembly=assembly, cohort=1)
    assembly.languages = ["en", "es"]
    assembly.save(update_fields=["languages"])
    services.translation_save(
        actor=organizer,
        assembly=assembly,
        key="assemblies.mandate",
        object_id=assembly.mandate.pk,
        language="es",
        values={"question": "¿Cómo?"},
    )
    return assembly


def test_every_verb_is_recorded_by_its_service_and_reads_in_both_languages(
    make_assembly: Any, organizer: Any, make_user: Any
) -> None:
    _every_verb(make_assembly, organizer, make_user)
    stored = list(Event.objects.filter(verb__startswith="assembly."))
    assert {event.verb for event in stored} == ASSEMBLY_VERBS
    for event in stored:
        english = event_describe(event, strict=True)
        with translation.override("es"):
            spanish = event_describe(event, strict=True)
        assert english != event.verb and spanish != event.verb
        assert spanish != english, event.verb


def test_a_verb_recorded_with_a_wrong_key_fails(make_assembly: Any) -> None:
    assembly = make_assembly()
    with pytest.raises(ValueError, match="undeclared keys"):
        assembly_event_record(
            assembly=assembly, verb=events.ROLE_GRANTED, data={"role": "member", "user": "x"}
        )
    with pytest.raises(ValueError, match="missing keys"):
        assembly_event_record(assembly=assembly, verb=events.PHASE_CHANGED, data={})
