"""The network pages as the public and the organizers of each end see them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assemblea.network import services
from assemblea.network.models import ForwardedItem, ForwardStatus

pytestmark = pytest.mark.django_db


def test_organizers_link_forward_and_decide_through_the_pages(
    client: Any, chain: Any, organizer: Any, regional_organizer: Any
) -> None:
    local_page = reverse("network:assembly", args=[chain.local.slug])
    regional_page = reverse("network:assembly", args=[chain.regional.slug])
    client.force_login(organizer)
    response = client.post(local_page, {"link": "1", "parent": chain.regional.pk}, follow=True)
    assert "Asked to join" in response.content.decode()

    client.force_login(regional_organizer)
    link = chain.local.parent_link
    client.post(reverse("network:accept", args=[chain.regional.slug, link.pk]))

    client.force_login(organizer)
    client.post(
        reverse("network:forward", args=[chain.local.slug, "resolution", chain.resolution.pk])
    )
    item = ForwardedItem.objects.get()
    # The forwarding side does not see the parent's inbox.
    assert "Forwarded to this assembly" not in client.get(regional_page).content.decode()

    client.force_login(regional_organizer)
    page = client.get(regional_page).content.decode()
    assert "Open a tenants&#x27; hotline in every ward." in page
    assert "Eastside Assembly (City of Testville)" in page
    client.post(
        regional_page,
        {"decide": str(item.pk), f"item{item.pk}-status": "accepted", f"item{item.pk}-note": ""},
    )
    item.refresh_from_db()
    assert item.status == ForwardStatus.ACCEPTED


def test_a_loop_is_refused_on_the_form(
    client: Any, chain: Any, organizer: Any, regional_organizer: Any
) -> None:
    link = services.link_request(actor=organizer, child=chain.local, parent=chain.regional)
    services.link_accept(actor=regional_organizer, link=link)
    client.force_login(regional_organizer)
    response = client.post(
        reverse("network:assembly", args=[chain.regional.slug]),
        {"link": "1", "parent": chain.local.pk},
    )
    assert response.status_code == 200
    assert "would make a loop" in response.content.decode()


def test_forwarding_by_someone_else_is_forbidden(
    client: Any, chain: Any, regional_organizer: Any
) -> None:
    client.force_login(regional_organizer)
    response = client.post(
        reverse("network:forward", args=[chain.local.slug, "resolution", chain.resolution.pk])
    )
    assert response.status_code == 403
    assert not ForwardedItem.objects.exists()


def test_the_public_directory_filters(client: Any, chain: Any) -> None:
    page = client.get(reverse("network:directory"), {"kind": "mass_assembly"}).content.decode()
    assert "National Assembly" in page
    assert "Eastside Assembly" not in page
    page = client.get(reverse("network:directory"), {"family": "policy"}).content.decode()
    assert "No public assembly matches." in page
