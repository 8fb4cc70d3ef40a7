"""The shared library: an organization publishes templates; another copies a mandate."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assemblea.core.models import Event
from assemblea.network import services
from assemblea.network.models import TemplateKind

pytestmark = pytest.mark.django_db

MANDATE = json.dumps(
    {
        "question": "What should our town do about empty homes?",
        "authority": "internal",
        "response_commitment": "The region answers every resolution at its next meeting.",
    }
)


@pytest.fixture
def published(chain: Any, regional_organizer: Any) -> Any:
    return services.template_publish(
        actor=regional_organizer,
        organization=chain.regional.organization,
        kind=TemplateKind.MANDATE,
        title="Local assembly mandate",
        description="Where our local assemblies start.",
        body=MANDATE,
    )


def test_only_an_administrator_publishes_for_the_organization(chain: Any, organizer: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.template_publish(
            actor=organizer,
            organization=chain.regional.organization,
            kind=TemplateKind.AGENDA,
            title="Agenda",
            description="A day.",
            body="Opening\nBreakouts",
        )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "must be JSON"),
        ('{"authority": "internal"}', "question"),
        ('{"question": "Q?", "deadline": "soon"}', "Unknown fields"),
        ('{"question": "Q?", "authority": "absolute"}', "Unknown authority"),
    ],
)
def test_a_mandate_template_must_be_usable(
    chain: Any, regional_organizer: Any, body: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        services.template_publish(
            actor=regional_organizer,
            organization=chain.regional.organization,
            kind=TemplateKind.MANDATE,
            title="Broken",
            description="Broken.",
            body=body,
        )


def test_a_mandate_template_is_copied_into_another_organizations_assembly(
    chain: Any, organizer: Any, regional_organizer: Any, published: Any
) -> None:
    deadline = chain.local.mandate.response_deadline
    with pytest.raises(PermissionDenied):
        services.template_copy_mandate(
            actor=regional_organizer, template=published, assembly=chain.local
        )
    services.template_copy_mandate(actor=organizer, template=published, assembly=chain.local)
    chain.local.mandate.refresh_from_db()
    mandate = chain.local.mandate
    assert mandate.question == "What should our town do about empty homes?"
    assert mandate.authority == "internal"
    assert mandate.response_commitment.startswith("The region answers")
    assert (mandate.commissioning_body, mandate.response_deadline) == (
        "Testville Council",
        deadline,
    )
    assert Event.objects.filter(verb="network.mandate_copied").exists()


def test_the_library_pages_browse_download_and_copy(
    client: Any, chain: Any, organizer: Any, published: Any
) -> None:
    page = client.get(reverse("network:library"), {"kind": "mandate"}).content.decode()
    assert "Local assembly mandate" in page
    page = client.get(reverse("network:library"), {"kind": "agenda"}).content.decode()
    assert "Local assembly mandate" not in page
    download = client.get(reverse("network:template_download", args=[published.pk]))
    assert download["Content-Type"] == "application/json"
    assert json.loads(download.content)["authority"] == "internal"
    # Anyone can read it; only people signed in are offered the copy.
    assert (
        "Copy into the mandate"
        not in client.get(reverse("network:template", args=[published.pk])).content.decode()
    )
    client.force_login(organizer)
    response = client.post(
        reverse("network:template", args=[published.pk]), {"assembly": chain.local.pk}
    )
    assert response.status_code == 302
    chain.local.mandate.refresh_from_db()
    assert chain.local.mandate.question == "What should our town do about empty homes?"


def test_publishing_through_the_form(client: Any, chain: Any, regional_organizer: Any) -> None:
    client.force_login(regional_organizer)
    response = client.post(
        reverse("network:template_new"),
        {
            "organization": chain.regional.organization.pk,
            "kind": "mandate",
            "title": "Broken",
            "description": "x",
            "body": "{}",
        },
    )
    assert "needs a JSON object" in response.content.decode()
    response = client.post(
        reverse("network:template_new"),
        {
            "organization": chain.regional.organization.pk,
            "kind": "questionnaire",
            "title": "Exit questionnaire",
            "description": "Ask members as they leave.",
            "body": "Did you feel heard?",
        },
        follow=True,
    )
    assert "Exit questionnaire" in response.content.decode()
