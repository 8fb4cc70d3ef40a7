"""Issue 16: an official in a mixed body sees what they may and may not do, from the policy
tables; the public page links to registration while it is open."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assemblea.assemblies import selectors, services
from assemblea.assemblies.models import SeatType
from assemblea.assemblies.phases import Phase

pytestmark = pytest.mark.django_db


def _official(make_assembly: Any, organizer: Any, make_user: Any) -> Any:
    assembly = make_assembly(kind="mixed_committee")
    officials = assembly.categories.get(seat_type=SeatType.OFFICIAL)
    officials.may_vote = False
    officials.save()
    user = make_user("councillor")
    services.seat_fill(actor=organizer, category=officials, name="Cllr Ortiz", user=user)
    assembly.phase = Phase.IN_SESSION
    assembly.save()
    return assembly, user


def test_an_official_without_the_vote_sees_it_among_what_the_seat_does_not_allow(
    make_assembly: Any, organizer: Any, make_user: Any, client: Any
) -> None:
    assembly, user = _official(make_assembly, organizer, make_user)
    panel = selectors.role_here(user, assembly)
    assert panel is not None
    assert "vote" in panel.not_for_seat and "speak" in panel.may
    client.force_login(user)
    page = client.get(reverse("assemblies:public", args=[assembly.slug])).content.decode()
    assert "Your role here" in page
    section = page[page.index("role-may-not") :]
    assert "<li>Vote</li>" in section


def test_the_phase_is_named_as_the_reason_when_it_is(
    make_assembly: Any, organizer: Any, make_user: Any
) -> None:
    assembly, user = _official(make_assembly, organizer, make_user)
    assembly.phase = Phase.REPORTED
    assembly.save()
    panel = selectors.role_here(user, assembly)
    assert panel is not None and "speak" in panel.not_now


def test_people_without_a_seat_see_no_panel(
    make_assembly: Any, organizer: Any, make_user: Any, client: Any
) -> None:
    assembly, _user = _official(make_assembly, organizer, make_user)
    assert selectors.role_here(make_user("visitor"), assembly) is None
    page = client.get(reverse("assemblies:public", args=[assembly.slug])).content.decode()
    assert "Your role here" not in page
