"""A new assembly is private until an organizer publishes it, on the record."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assemblea.assemblies import services
from assemblea.assemblies.models import Assembly, AssemblyRoleName, Visibility
from assemblea.core.models import Event

pytestmark = pytest.mark.django_db


def _form(city: Any, **extra: Any) -> dict[str, Any]:
    return {
        "organization": city.pk,
        "title": "Quiet start",
        "kind": "civic_one_time",
        "languages": ["en"],
        "question": "What to do?",
        "authority": "advisory",
        "use_usual_composition": "on",
        **extra,
    }


def test_an_assembly_created_through_the_form_is_private_even_if_public_is_posted(
    client: Any, organizer: Any, city: Any
) -> None:
    client.force_login(organizer)
    page = client.get(reverse("assemblies:create")).content.decode()
    assert 'name="visibility"' not in page
    assert "private" in page
    client.post(reverse("assemblies:create"), _form(city, visibility="public"))
    assembly = Assembly.objects.get()
    assert assembly.visibility == Visibility.PRIVATE
    client.logout()
    assert client.get(assembly.get_absolute_url()).status_code == 404
    assert assembly.title not in client.get(reverse("assemblies:directory")).content.decode()


def test_the_service_makes_every_new_assembly_private(make_assembly: Any) -> None:
    assembly = make_assembly(visibility="private")
    assembly.refresh_from_db()
    assert assembly.visibility == Visibility.PRIVATE
    assert not Event.objects.filter(verb="assembly.published").exists()


def test_an_organizer_publishes_and_unpublishes_with_an_explanation_and_events(
    client: Any, make_assembly: Any, organizer: Any
) -> None:
    assembly = make_assembly(visibility="private")
    client.force_login(organizer)
    manage = client.get(reverse("assemblies:manage", args=[assembly.slug])).content.decode()
    assert "Publishing shows everyone" in manage
    assert "Publish this assembly" in manage
    url = reverse("assemblies:publish", args=[assembly.slug])
    assert client.post(url, {"publish": "1"}).status_code == 302
    assembly.refresh_from_db()
    assert assembly.is_public
    published = Event.objects.get(verb="assembly.published")
    assert published.actor == organizer and published.stream == f"assembly:{assembly.pk}"
    client.logout()
    assert client.get(assembly.get_absolute_url()).status_code == 200
    client.force_login(organizer)
    manage = client.get(reverse("assemblies:manage", args=[assembly.slug])).content.decode()
    assert "Make private again" in manage and "cannot be called back" in manage
    client.post(url, {"publish": "0"})
    assembly.refresh_from_db()
    assert not assembly.is_public
    assert Event.objects.filter(verb="assembly.unpublished", actor=organizer).exists()
    client.logout()
    assert client.get(assembly.get_absolute_url()).status_code == 404


def test_publishing_twice_is_refused_with_a_message(
    client: Any, make_assembly: Any, organizer: Any
) -> None:
    assembly = make_assembly()
    client.force_login(organizer)
    response = client.post(
        reverse("assemblies:publish", args=[assembly.slug]), {"publish": "1"}, follow=True
    )
    assert "already public" in response.content.decode()
    assert not Event.objects.filter(verb="assembly.published").exists()


@pytest.mark.parametrize("role", [AssemblyRoleName.FACILITATOR, AssemblyRoleName.OBSERVER])
def test_only_organizers_publish(
    client: Any, make_assembly: Any, organizer: Any, make_user: Any, role: str
) -> None:
    assembly = make_assembly(visibility="private")
    helper = make_user("helper")
    services.assembly_role_grant(actor=organizer, assembly=assembly, user=helper, role=role)
    with pytest.raises(PermissionDenied):
        services.assembly_publish(actor=helper, assembly=assembly)
    client.force_login(helper)
    response = client.post(reverse("assemblies:publish", args=[assembly.slug]), {"publish": "1"})
    assert response.status_code == 403
    assembly.refresh_from_db()
    assert not assembly.is_public
    assert not Event.objects.filter(verb="assembly.published").exists()


def test_the_settings_form_cannot_change_visibility(
    client: Any, make_assembly: Any, organizer: Any
) -> None:
    assembly = make_assembly(visibility="private")
    client.force_login(organizer)
    client.post(
        reverse("assemblies:settings", args=[assembly.slug]),
        {"title": assembly.title, "visibility": "public", "languages": ["en"], "cohorts": "1"},
    )
    assembly.refresh_from_db()
    assert assembly.visibility == Visibility.PRIVATE


@pytest.mark.parametrize(
    ("name", "what"), [("assemblies:members", "members"), ("assemblies:roles", "roles")]
)
def test_looking_at_members_or_roles_is_logged_privately(
    client: Any, make_assembly: Any, organizer: Any, name: str, what: str
) -> None:
    assembly = make_assembly()
    services.seat_fill(actor=organizer, category=assembly.categories.first(), name="Quiet Person")
    client.force_login(organizer)
    assert client.get(reverse(name, args=[assembly.slug])).status_code == 200
    event = Event.objects.get(verb="assembly.personal_data_viewed")
    assert (event.actor, event.public, event.data) == (organizer, False, {"what": what})
    client.logout()
    assert "Personal data" not in client.get(assembly.get_absolute_url()).content.decode()
