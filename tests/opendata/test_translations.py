"""Open data carries the translations of the texts people wrote, valid against its schema,
and an import keeps them."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from assemblea.accountability import services as accountability
from assemblea.assemblies.models import Assembly
from assemblea.core.multilingual import text_in
from assemblea.decisions.models import Poll
from assemblea.opendata import services
from assemblea.opendata.export import assembly_document, document_json
from assemblea.opendata.schema import document_schema
from tests.decisions.conftest import build_room, poll_decided

pytestmark = pytest.mark.django_db


def test_translations_are_exported_valid_and_imported(make_assembly: Any, make_user: Any) -> None:
    room = build_room(make_assembly(languages=["en", "es"]), make_user)
    poll = poll_decided(room, yes=7)
    accountability.recommendation_from_poll(
        actor=room.facilitator, poll=poll, addressed_to="Testville Council"
    )
    mandate = room.assembly.mandate
    mandate.translations = {"es": {"question": "¿Cómo reducir las muertes en el tráfico?"}}
    mandate.save()
    Poll.objects.filter(pk=poll.pk).update(translations={"es": {"title": "¿Aprobar?"}})
    recommendation = room.assembly.recommendations.get()
    recommendation.source_language = "en"
    recommendation.translations = {"es": {"title": "Calles seguras"}}
    recommendation.save()

    document = json.loads(document_json(assembly_document(room.assembly)))
    jsonschema.Draft202012Validator(document_schema()).validate(document)
    assert document["assembly"]["mandate"]["translations"] == mandate.translations
    assert document["polls"][0]["translations"] == {"es": {"title": "¿Aprobar?"}}
    assert document["recommendations"][0]["source_language"] == "en"
    assert document["seat_categories"][0]["translations"] == {}

    broken = json.loads(json.dumps(document))
    broken["polls"][0]["translations"] = {"es": {"title": 3}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(document_schema()).validate(broken)

    result = services.assembly_import(actor=make_user("importer"), document=document, slug="copy")
    copy = Assembly.objects.get(pk=result.assembly.pk)
    assert text_in(copy.mandate, "question", "es").text.startswith("¿Cómo")
    assert copy.recommendations.get().translations == {"es": {"title": "Calles seguras"}}
