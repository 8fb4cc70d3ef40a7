"""Recommendations and the government's answers in the reader's language, with `lang`, the
original one tap away and a visible fallback."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from assemblea.accountability import services
from assemblea.accountability.models import Response
from tests.decisions.conftest import build_room, poll_decided

pytestmark = pytest.mark.django_db


def test_a_recommendation_and_its_answer_read_in_spanish(
    client: Any, make_assembly: Any, make_user: Any
) -> None:
    room = build_room(make_assembly(languages=["en", "es"]), make_user)
    poll = poll_decided(room, yes=7)
    recommendation = services.recommendation_from_poll(
        actor=room.facilitator, poll=poll, addressed_to="Testville Council"
    )
    recommendation.translations = {"es": {"title": "Calles seguras"}}
    recommendation.save()
    Response.objects.create(
        recommendation=recommendation,
        verdict="accepted",
        reasons="It saves lives.",
        actions="Build them.",
        published_at=timezone.now(),
        translations={"es": {"reasons": "Salva vidas."}},
    )
    url = reverse("accountability:recommendation", args=[room.assembly.slug, recommendation.number])
    client.cookies["django_language"] = "es"
    page = client.get(url).content.decode()
    assert '<span lang="es">Calles seguras</span></h1>' in page
    assert '<p lang="en">Safe streets</p></details>' in page
    assert '<div class="ml-text" lang="es"><p>Salva vidas.</p></div>' in page
    # The text and the actions are not translated yet: the original, marked.
    assert '<div class="ml-text" lang="en"><p>Build them.</p></div><p class="ml-note">' in page
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert '<span lang="en">Safe streets</span></h1>' in english
    assert "Calles seguras" not in english and "ml-note" not in english
