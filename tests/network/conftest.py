from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest

from assemblea.accounts.models import OrganizationKind
from assemblea.accounts.services import organization_create
from assemblea.deliberation.models import Resolution


@pytest.fixture
def regional_organizer(make_user: Any) -> Any:
    return make_user("regional")


@pytest.fixture
def chain(make_assembly: Any, organizer: Any, city: Any, regional_organizer: Any) -> Any:
    """A local assembly (the city's), a regional one and a national one (another
    organization's), not yet linked; the local one has a resolution for action."""
    network = organization_create(
        actor=regional_organizer, name="Region Network", kind=OrganizationKind.COALITION
    )
    local = make_assembly(title="Eastside Assembly", kind="peoples_movement")
    regional = make_assembly(
        actor=regional_organizer,
        organization=network,
        title="Regional Assembly",
        kind="peoples_movement",
    )
    national = make_assembly(
        actor=regional_organizer,
        organization=network,
        title="National Assembly",
        kind="mass_assembly",
    )
    resolution = Resolution.objects.create(
        assembly=local,
        text="Open a tenants' hotline in every ward.",
        owner=city,
        due_on=datetime.date(2030, 1, 1),
    )

    # The regional assembly has a session ahead: adopting a forwarded item puts it there.
    from assemblea.deliberation.models import Session

    start = datetime.datetime(2030, 1, 1, 10, tzinfo=datetime.UTC)
    Session.objects.create(
        assembly=regional,
        title="Plenary",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Town hall",
    )
    return SimpleNamespace(local=local, regional=regional, national=national, resolution=resolution)
