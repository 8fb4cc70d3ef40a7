from __future__ import annotations

import datetime
from typing import Any

import pytest

from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.models import AssemblyRoleName
from assemblea.assemblies.phases import Phase


@pytest.fixture(autouse=True)
def mail_in_the_request(settings: Any) -> None:
    """These tests read the mails the record sends, so the mail task runs where it is
    queued, on every database; the database workers' delivery of mail is tested in
    tests/core/test_mail.py."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def reported(make_assembly: Any, organizer: Any, make_user: Any) -> Any:
    """An assembly that has reported, with a respondent, deadline 2027-03-31."""
    assembly = make_assembly(response_deadline=datetime.date(2027, 3, 31))
    for phase in (
        Phase.CONVENED,
        Phase.RECRUITING,
        Phase.ONBOARDING,
        Phase.IN_SESSION,
        Phase.REPORTED,
    ):
        assembly_services.assembly_change_phase(actor=organizer, assembly=assembly, to_phase=phase)
    respondent = make_user("respondent", email="council@example.org")
    assembly_services.assembly_role_grant(
        actor=organizer, assembly=assembly, user=respondent, role=AssemblyRoleName.RESPONDENT
    )
    assembly.respondent = respondent
    return assembly
