"""Evidence titles in the reader's language, with `lang` and a visible fallback."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assemblea.deliberation.models import Evidence

pytestmark = pytest.mark.django_db


def test_evidence_titles_in_spanish_with_lang_and_fallback(client: Any, make_assembly: Any) -> None:
    assembly = make_assembly(languages=["en", "es"])
    Evidence.objects.create(
        assembly=assembly,
        kind="document",
        title="Crash statistics",
        provided_by="Police",
        perspective="official",
        translations={"es": {"title": "Estadísticas de accidentes"}},
    )
    Evidence.objects.create(
        assembly=assembly,
        kind="document",
        title="Street design guide",
        provided_by="Engineers",
        perspective="professional",
    )
    client.cookies["django_language"] = "es"
    page = client.get(reverse("deliberation:evidence", args=[assembly.slug])).content.decode()
    assert '<span lang="es">Estadísticas de accidentes</span>' in page
    assert '<span lang="en">Street design guide</span> <small class="ml-note">' in page
