"""Who may link assemblies, forward and decide, rule by rule: every role × every write view
and every private read (× phase where it matters), with the status and, on a refusal, proof
that nothing changed."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from assemblea.assemblies.phases import Phase
from assemblea.deliberation.models import Resolution, Session
from assemblea.network import services
from assemblea.network.models import AssemblyLink, LibraryTemplate, TemplateKind
from tests.view_matrix import ORGANIZER, ROLES, WITH_A_ROLE, ViewRule, assembly_put_in, rule_check

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Rule(ViewRule):
    phase: str = Phase.IN_SESSION


def _page(c: Any) -> str:
    return reverse("network:assembly", args=[c.assembly.slug])


def _other_asks(c: Any) -> None:
    """The other organization's assembly asks to sit below this one."""
    c.link = services.link_request(
        actor=c.users["other_organizer"], child=c.other, parent=c.assembly
    )


def _forwarded_here(c: Any) -> None:
    """…is accepted, and forwards one of its resolutions up here."""
    _other_asks(c)
    services.link_accept(actor=c.users["organizer"], link=c.link)
    resolution = Resolution.objects.create(
        assembly=c.other, text="Hotline", owner=c.other_org, due_on=datetime.date(2030, 1, 1)
    )
    c.item = services.item_forward(
        actor=c.users["other_organizer"], assembly=c.other, resolution=resolution
    )
    # Adopting puts the item on the agenda of a session ahead.
    start = datetime.datetime(2030, 1, 1, 10, tzinfo=datetime.UTC)
    Session.objects.create(
        assembly=c.assembly,
        title="Plenary",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Town hall",
    )


def _linked_up(c: Any) -> None:
    """This assembly sits below the other one and has a resolution to forward."""
    link = services.link_request(actor=c.users["organizer"], child=c.assembly, parent=c.other)
    services.link_accept(actor=c.users["other_organizer"], link=link)
    c.resolution = Resolution.objects.create(
        assembly=c.assembly,
        text="Hotline",
        owner=c.delegating_org,
        due_on=datetime.date(2030, 1, 1),
    )


def _template(c: Any) -> None:
    c.template = LibraryTemplate.objects.create(
        organization=c.other_org,
        kind=TemplateKind.MANDATE,
        title="Housing mandate",
        description="Used twice.",
        body=json.dumps({"question": "How do we house everyone?"}),
        published_by=c.users["other_organizer"],
    )


RULES = [
    Rule(
        "private assembly's network page",
        "get",
        _page,
        WITH_A_ROLE | {"delegating"},
        private=True,
    ),
    Rule(
        "ask to link to a parent",
        "post",
        _page,
        ORGANIZER,
        lambda c: {"link": "1", "parent": c.other.pk},
        refused=(200, 403, 404),  # the form offers no parent to those who may not link
    ),
    Rule(
        "ask to link once closed",
        "post",
        _page,
        frozenset(),
        lambda c: {"link": "1", "parent": c.other.pk},
        phase=Phase.CLOSED,
        refused=(200, 403, 404),
    ),
    Rule(
        "accept a link",
        "post",
        lambda c: reverse("network:accept", args=[c.assembly.slug, c.link.pk]),
        ORGANIZER,
        setup=_other_asks,
    ),
    Rule(
        "accept a link once closed",
        "post",
        lambda c: reverse("network:accept", args=[c.assembly.slug, c.link.pk]),
        frozenset(),
        setup=_other_asks,
        phase=Phase.CLOSED,
        refused=(302, 403, 404),  # the page says why
    ),
    Rule(
        "decide on a forwarded item",
        "post",
        _page,
        ORGANIZER,
        lambda c: {"decide": c.item.pk, f"item{c.item.pk}-status": "accepted"},
        setup=_forwarded_here,
        refused=(200, 403, 404),  # only organizers see (and can post) the inbox
    ),
    Rule(
        "forward a resolution up",
        "post",
        lambda c: reverse("network:forward", args=[c.assembly.slug, "resolution", c.resolution.pk]),
        ORGANIZER,
        setup=_linked_up,
    ),
    Rule(
        "publish a template",
        "post",
        lambda c: reverse("network:template_new"),
        ORGANIZER,  # the city's administrator; the others administer other organizations
        lambda c: {
            "organization": c.city.pk,
            "kind": "agenda",
            "title": "Agenda",
            "description": "Ours.",
            "body": "1. Welcome",
        },
        refused=(200,),  # the form offers only one's own organizations
    ),
    Rule(
        "copy a mandate into an assembly",
        "post",
        lambda c: reverse("network:template", args=[c.template.pk]),
        ORGANIZER,
        lambda c: {"assembly": c.assembly.pk},
        phase=Phase.DRAFT,
        setup=_template,
        refused=(200, 403),  # the form offers only one's assemblies; the mandate, organizers
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_matrix(cast: Any, matrix_check: Any, city: Any, rule: Rule, role: str) -> None:
    c = cast(phase=Phase.IN_SESSION)
    c.city = city
    rule.setup(c)
    assembly_put_in(c, rule)
    rule_check(c, matrix_check, rule, role)


def test_an_anonymous_post_to_accept_or_forward_is_refused(cast: Any, client: Any) -> None:
    c = cast(phase=Phase.IN_SESSION)
    _other_asks(c)
    response = client.post(reverse("network:accept", args=[c.assembly.slug, c.link.pk]))
    assert response.status_code in (302, 403)
    assert AssemblyLink.objects.get().status == "requested"
