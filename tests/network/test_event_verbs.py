"""Every verb of the network, recorded through its service and read in English and Spanish."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import translation

from assemblea.core.events import assembly_event_record, event_describe, registered_verbs
from assemblea.core.models import Event
from assemblea.network import events, services
from assemblea.network.models import ForwardStatus, TemplateKind

pytestmark = pytest.mark.django_db


def test_every_verb_is_recorded_by_its_service_and_reads_in_both_languages(
    chain: Any, organizer: Any, regional_organizer: Any, city: Any
) -> None:
    link = services.link_request(actor=organizer, child=chain.local, parent=chain.regional)
    services.link_accept(actor=regional_organizer, link=link)
    item = services.item_forward(actor=organizer, assembly=chain.local, resolution=chain.resolution)
    services.item_decide(actor=regional_organizer, item=item, status=ForwardStatus.ACCEPTED)
    link = services.link_request(
        actor=regional_organizer, child=chain.national, parent=chain.regional
    )
    services.link_accept(actor=regional_organizer, link=link)
    recommendation = chain.resolution  # a second item, declined
    chain.resolution.pk = None
    recommendation.assembly = chain.local
    recommendation.save()
    second = services.item_forward(actor=organizer, assembly=chain.local, resolution=recommendation)
    services.item_decide(
        actor=regional_organizer, item=second, status=ForwardStatus.DECLINED, note="Not ours."
    )
    template = services.template_publish(
        actor=regional_organizer,
        organization=chain.regional.organization,
        kind=TemplateKind.MANDATE,
        title="Local assembly mandate",
        description="Where our local assemblies start.",
        body=json.dumps({"question": "What should our town do about empty homes?"}),
    )
    services.template_copy_mandate(actor=organizer, template=template, assembly=chain.local)
    stored = list(Event.objects.filter(verb__startswith="network."))
    mine = {code for code in registered_verbs() if code.startswith("network.")}
    assert {event.verb for event in stored} == mine
    for event in stored:
        english = event_describe(event, strict=True)
        with translation.override("es"):
            spanish = event_describe(event, strict=True)
        assert english != event.verb and spanish != event.verb
        assert spanish != english, event.verb


def test_a_verb_recorded_with_a_wrong_key_fails(chain: Any) -> None:
    with pytest.raises(ValueError, match="undeclared keys"):
        assembly_event_record(
            assembly=chain.local, verb=events.FORWARDED, data={"title": "x", "parent": "y", "z": 1}
        )
    with pytest.raises(ValueError, match="missing keys"):
        assembly_event_record(assembly=chain.local, verb=events.LINK_REQUESTED, data={})
