"""Links between assemblies, forwarding up the chain, and who may do it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assemblea.accountability.models import Recommendation
from assemblea.core.models import Event
from assemblea.network import selectors, services
from assemblea.network.models import ForwardStatus, LinkStatus

pytestmark = pytest.mark.django_db


def _session(assembly: Any, actor: Any) -> Any:
    from django.utils import timezone

    from assemblea.deliberation.services import session_create

    start = timezone.now() + datetime.timedelta(days=7)
    return session_create(
        actor=actor,
        assembly=assembly,
        title="Plenary",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Town hall",
    )


def _link(child: Any, parent: Any, child_organizer: Any, parent_organizer: Any) -> None:
    link = services.link_request(actor=child_organizer, child=child, parent=parent)
    services.link_accept(actor=parent_organizer, link=link)


def test_a_link_is_requested_by_the_child_and_accepted_by_the_parent(
    chain: Any, organizer: Any, regional_organizer: Any
) -> None:
    link = services.link_request(actor=organizer, child=chain.local, parent=chain.regional)
    assert link.status == LinkStatus.REQUESTED
    assert list(selectors.child_links(chain.regional)) == []
    with pytest.raises(PermissionDenied):
        services.link_accept(actor=organizer, link=link)
    services.link_accept(actor=regional_organizer, link=link)
    link.refresh_from_db()
    assert link.status == LinkStatus.ACCEPTED
    assert [x.child for x in selectors.child_links(chain.regional)] == [chain.local]
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {"network.link_requested", "network.link_accepted"} <= verbs


def test_only_the_childs_organizers_request_a_link(chain: Any, regional_organizer: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.link_request(actor=regional_organizer, child=chain.local, parent=chain.regional)


def test_links_never_make_a_cycle(chain: Any, organizer: Any, regional_organizer: Any) -> None:
    _link(chain.local, chain.regional, organizer, regional_organizer)
    _link(chain.regional, chain.national, regional_organizer, regional_organizer)
    with pytest.raises(ValidationError, match="loop"):
        services.link_request(actor=regional_organizer, child=chain.national, parent=chain.local)
    with pytest.raises(ValidationError, match="own parent"):
        services.link_request(actor=regional_organizer, child=chain.national, parent=chain.national)


def test_an_assembly_has_one_parent(chain: Any, organizer: Any, regional_organizer: Any) -> None:
    _link(chain.local, chain.regional, organizer, regional_organizer)
    with pytest.raises(ValidationError, match="already linked"):
        services.link_request(actor=organizer, child=chain.local, parent=chain.national)


def test_forwarding_needs_an_accepted_parent(chain: Any, organizer: Any) -> None:
    services.link_request(actor=organizer, child=chain.local, parent=chain.regional)
    with pytest.raises(ValidationError, match="no accepted parent"):
        services.item_forward(actor=organizer, assembly=chain.local, resolution=chain.resolution)


def test_forwarding_keeps_the_chain_of_origins_two_levels_up(
    chain: Any, organizer: Any, regional_organizer: Any
) -> None:
    _link(chain.local, chain.regional, organizer, regional_organizer)
    _link(chain.regional, chain.national, regional_organizer, regional_organizer)
    with pytest.raises(PermissionDenied):
        services.item_forward(
            actor=regional_organizer, assembly=chain.local, resolution=chain.resolution
        )
    first = services.item_forward(
        actor=organizer, assembly=chain.local, resolution=chain.resolution
    )
    assert list(selectors.inbox(chain.regional)) == [first]
    with pytest.raises(ValidationError, match="already forwarded"):
        services.item_forward(actor=organizer, assembly=chain.local, resolution=chain.resolution)
    # Not adopted yet: it cannot go further.
    with pytest.raises(ValidationError, match="adopted"):
        services.item_forward(actor=regional_organizer, assembly=chain.regional, item=first)
    with pytest.raises(PermissionDenied):
        services.item_decide(actor=organizer, item=first, status=ForwardStatus.ACCEPTED)
    with pytest.raises(ValidationError, match="why"):
        services.item_decide(actor=regional_organizer, item=first, status=ForwardStatus.DECLINED)
    services.item_decide(
        actor=regional_organizer, item=first, status=ForwardStatus.ACCEPTED, note="On our agenda."
    )
    second = services.item_forward(actor=regional_organizer, assembly=chain.regional, item=first)
    assert second.to_assembly == chain.national
    assert second.text == "Open a tenants' hotline in every ward."
    assert second.resolution == chain.resolution
    assert [hop["assembly"] for hop in second.origins] == ["Eastside Assembly", "Regional Assembly"]
    assert [hop["organization"] for hop in second.origins] == [
        "City of Testville",
        "Region Network",
    ]
    assert second.previous == first


def test_a_declined_item_keeps_its_note(
    chain: Any, organizer: Any, regional_organizer: Any
) -> None:
    _link(chain.local, chain.regional, organizer, regional_organizer)
    item = services.item_forward(actor=organizer, assembly=chain.local, resolution=chain.resolution)
    services.item_decide(
        actor=regional_organizer, item=item, status=ForwardStatus.DECLINED, note="Local matter."
    )
    item.refresh_from_db()
    assert (item.status, item.note) == (ForwardStatus.DECLINED, "Local matter.")
    assert Event.objects.filter(verb="network.declined").exists()


def test_the_directory_filters_by_kind_and_family_and_shows_links(
    chain: Any, organizer: Any, regional_organizer: Any
) -> None:
    _link(chain.local, chain.regional, organizer, regional_organizer)
    titles = [row.assembly.title for row in selectors.directory(kind="peoples_movement")]
    assert titles == ["Eastside Assembly", "Regional Assembly"]
    assert [row.assembly.title for row in selectors.directory(family="movement")] == [
        "Eastside Assembly",
        "National Assembly",
        "Regional Assembly",
    ]
    assert selectors.directory(family="policy") == []
    rows = {row.assembly.title: row for row in selectors.directory()}
    assert rows["Eastside Assembly"].parent == chain.regional
    assert rows["Regional Assembly"].children == [chain.local]
    assert rows["Eastside Assembly"].recommendations == 0


def test_a_recommendation_is_forwarded_with_its_title_and_text(
    chain: Any, organizer: Any, regional_organizer: Any
) -> None:
    recommendation = Recommendation.objects.create(
        assembly=chain.local,
        number=1,
        title="Rent registry",
        text="Publish every landlord's rents.",
        addressed_to="City Council",
        adopted_on=datetime.date(2026, 11, 2),
    )
    other = Recommendation.objects.create(
        assembly=chain.regional,
        number=1,
        title="Not ours",
        text="Elsewhere.",
        addressed_to="Region",
        adopted_on=datetime.date(2026, 11, 2),
    )
    _link(chain.local, chain.regional, organizer, regional_organizer)
    with pytest.raises(ValidationError, match="another assembly"):
        services.item_forward(actor=organizer, assembly=chain.local, recommendation=other)
    item = services.item_forward(
        actor=organizer, assembly=chain.local, recommendation=recommendation
    )
    assert (item.title, item.text, item.to_assembly) == (
        "Rent registry",
        "Publish every landlord's rents.",
        chain.regional,
    )
    assert item.origins[0]["slug"] == chain.local.slug


def test_adopting_puts_the_item_on_the_next_sessions_agenda_with_its_origin(
    chain: Any, organizer: Any, regional_organizer: Any
) -> None:
    _link(chain.local, chain.regional, organizer, regional_organizer)
    item = services.item_forward(actor=organizer, assembly=chain.local, resolution=chain.resolution)
    chain.regional.sessions.all().delete()
    with pytest.raises(ValidationError) as refused:
        services.item_decide(actor=regional_organizer, item=item, status=ForwardStatus.ACCEPTED)
    assert refused.value.error_list[0].code == "no_session_to_adopt_into"
    session = _session(chain.regional, regional_organizer)
    services.item_decide(actor=regional_organizer, item=item, status=ForwardStatus.ACCEPTED)
    item.refresh_from_db()
    agenda = list(session.items.all())
    assert [entry.title for entry in agenda] == [item.title]
    assert item.agenda_item == agenda[0]
    assert "Eastside Assembly" in agenda[0].description
    assert "Open a tenants' hotline in every ward." in agenda[0].description
