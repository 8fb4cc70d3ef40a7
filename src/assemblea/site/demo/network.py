"""Demo: a regional people's assembly with the demo's people's movement assembly as one of
its local assemblies, one resolution forwarded up the chain, and two templates in the
shared library."""

from __future__ import annotations

import json
from typing import Any

from assemblea.accounts.models import Organization, OrganizationKind
from assemblea.accounts.services import organization_create
from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.models import Assembly
from assemblea.deliberation.models import Resolution
from assemblea.network import services
from assemblea.network.models import TemplateKind


def network_load(people: dict[str, Any]) -> None:
    region = organization_create(
        actor=people["grace"],
        name="Riverton Region Assemblies Network",
        kind=OrganizationKind.COALITION,
        description="Movement assemblies of the towns around Riverton, meeting as one region.",
    )
    regional = assembly_services.assembly_create(
        actor=people["grace"],
        organization=region,
        title="Riverton Region People's Assembly",
        kind="peoples_movement",
        summary="Delegates of the region's local assemblies agree on shared demands.",
        question="Which demands of our local assemblies do we take up together as a region?",
        commissioning_body="Riverton Region Assemblies Network",
        authority="internal",
    )
    assembly_services.assembly_publish(actor=people["grace"], assembly=regional)
    local = Assembly.objects.get(slug="riverton-peoples-movement-assembly-for-housing-justice")
    link = services.link_request(actor=people["olu"], child=local, parent=regional)
    services.link_accept(actor=people["grace"], link=link)
    resolution = Resolution.objects.filter(assembly=local).order_by("pk").first()
    if resolution is not None:
        services.item_forward(actor=people["olu"], assembly=local, resolution=resolution)
    load_templates(people)


def load_templates(people: dict[str, Any]) -> None:
    region = Organization.objects.get(slug="riverton-region-assemblies-network")
    services.template_publish(
        actor=people["grace"],
        organization=region,
        kind=TemplateKind.MANDATE,
        title="Mandate of a local people's assembly",
        description="The remit our local assemblies start from; they adapt the question to "
        "their town.",
        body=json.dumps(
            {
                "question": "What must change so that everyone in our town has a safe, "
                "affordable home, and who will do what to get there?",
                "authority": "internal",
                "response_commitment": "The regional assembly takes up every resolution "
                "forwarded to it at its next meeting.",
            },
            indent=2,
        ),
    )
    services.template_publish(
        actor=people["grace"],
        organization=region,
        kind=TemplateKind.AGENDA,
        title="One-day movement assembly agenda",
        description="What worked for us: short openings, long breakouts, resolutions last.",
        body="Opening and testimonies (30 min)\nBreakouts by theme (90 min)\n"
        "Report-backs and resolutions for action (45 min)\nDelegates to the region (15 min)",
    )
