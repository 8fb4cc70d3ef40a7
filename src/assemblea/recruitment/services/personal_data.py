"""Who saw registrants' personal data, and deleting it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from assemblea.core.events import assembly_event_record
from assemblea.recruitment import events
from assemblea.recruitment.models import (
    Contact,
    Recruitment,
    Registration,
    RegistrationStatus,
    SupportArrangement,
)
from assemblea.recruitment.permissions import RecruitmentAction, require

# --- Personal data ----------------------------------------------------------------------


def personal_data_access_record(
    *, actor: Any, recruitment: Recruitment, exported: bool, what: str
) -> None:
    """Every view or export of registrants' personal data leaves a private event: who (the
    actor), when (the event's time) and what (e.g. "registrations list"), never the data."""
    assembly_event_record(
        assembly=recruitment.assembly,
        verb=events.PERSONAL_DATA_EXPORTED if exported else events.PERSONAL_DATA_VIEWED,
        actor=actor,
        data={"what": what},
        public=False,
    )


@transaction.atomic
def personal_data_delete(
    *, recruitment: Recruitment, actor: Any = None, registration: Registration | None = None
) -> int:
    """Delete personal data (one person's on request, or all after the retention period),
    keeping only the anonymous answers the published lottery was computed on.

    Personal data is everywhere it can be: the contact row (name, e-mail, phone, address,
    availability, support needs, free-text and own-question answers, year of birth, the keys
    to find duplicates), the household key on each registration (a normalised home address),
    the address list itself, and the support booked for seated members. What stays: the
    pseudonymous id, the category answers, the status, the invitation draw (seed, size,
    digest, area) and the lottery's published files."""
    if actor is not None:
        require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    contacts = Contact.objects.filter(registration__recruitment=recruitment)
    registrations = recruitment.registrations.all()
    if registration is not None:
        contacts = contacts.filter(registration=registration)
        registrations = registrations.filter(pk=registration.pk)
        registrations.filter(status=RegistrationStatus.POOL).update(
            status=RegistrationStatus.WITHDRAWN
        )
    count = contacts.count()
    contacts.delete()
    registrations.update(household_key="", response_token_hash="")
    SupportArrangement.objects.filter(seat__registration__in=registrations).update(
        support_booked=""
    )
    if registration is None:
        for household in recruitment.households.exclude(address=""):
            household.address = ""
            household.key = f"deleted-{household.pk}"
            household.save(update_fields=["address", "key"])
        recruitment.letter_batches.all().delete()  # printed letters hold the addresses
        recruitment.personal_data_deleted_at = timezone.now()
        recruitment.save(update_fields=["personal_data_deleted_at"])
    assembly_event_record(
        assembly=recruitment.assembly,
        verb=events.PERSONAL_DATA_DELETED,
        actor=actor,
        data={"count": count},
    )
    return count


def personal_data_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """The scheduled clean-up: recruitments seated longer ago than their retention period."""
    now = now or timezone.now()
    deleted = 0
    for recruitment in Recruitment.objects.filter(
        seated_at__isnull=False, personal_data_deleted_at__isnull=True
    ):
        assert recruitment.seated_at is not None
        if recruitment.seated_at + datetime.timedelta(days=recruitment.retention_days) <= now:
            deleted += personal_data_delete(recruitment=recruitment)
    return deleted
