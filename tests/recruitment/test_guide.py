"""The next-step guide on the recruitment overview, and the public registration link."""

from typing import Any

import pytest
from django.urls import reverse

from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.phases import Phase
from assemblea.recruitment import selectors, services
from assemblea.recruitment.guide import next_steps

pytestmark = pytest.mark.django_db


def test_the_guide_says_why_registration_is_not_open(
    client: Any, make_assembly: Any, organizer: Any
) -> None:
    assembly = make_assembly(planned_size=6)
    recruitment = services.recruitment_start(
        actor=organizer, assembly=assembly, category=assembly.categories.get(), privacy_notice="x"
    )
    steps = next_steps(recruitment)
    assert [s.done for s in steps][:1] == [False] and steps[0].next
    opening = next(s for s in steps if s.label == "Open registration")
    assert not opening.done and "Recruiting" in opening.detail
    assert opening.url == reverse("assemblies:manage", args=[assembly.slug])
    assert selectors.public_registration_link(assembly) is None
    client.force_login(organizer)
    page = client.get(reverse("recruitment:overview", args=[assembly.slug])).content.decode()
    assert "Next steps" in page and "Move the assembly to “Recruiting or credentialing”" in page
    assert 'aria-current="step"' in page and "Set the targets" in page


def test_once_recruiting_the_form_is_linked(client: Any, recruiting: Any, organizer: Any) -> None:
    assembly = recruiting.assembly
    steps = {s.label: s for s in next_steps(recruiting)}
    assert steps["Set the targets (quotas)"].done and steps["Open registration"].done
    assert steps["Import the addresses"].next
    link = selectors.public_registration_link(assembly)
    assert link == reverse("recruitment:register", args=[assembly.slug])
    page = client.get(reverse("recruitment:lottery", args=[assembly.slug])).content.decode()
    assert f'href="{link}"' in page


def test_after_recruiting_the_link_goes(recruiting: Any, organizer: Any) -> None:
    assembly = recruiting.assembly
    assembly_services.assembly_change_phase(
        actor=organizer, assembly=assembly, to_phase=Phase.ONBOARDING
    )
    assert selectors.public_registration_link(assembly) is None
