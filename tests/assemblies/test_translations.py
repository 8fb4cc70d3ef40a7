"""Seat categories and the mandate in the reader's language; the translator role is given
and taken like any other, and sees the Translate page in the management menu."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assemblea.assemblies import services
from assemblea.assemblies.models import AssemblyRoleName
from assemblea.assemblies.permissions import can
from assemblea.assemblies.phases import AssemblyAction, Phase

pytestmark = pytest.mark.django_db


def test_category_names_on_the_public_page_in_the_reader_language(
    client: Any, make_assembly: Any, organizer: Any
) -> None:
    assembly = make_assembly(languages=["en", "es"])
    category = assembly.categories.get()
    services.translation_save(
        actor=organizer,
        assembly=assembly,
        key="assemblies.seatcategory",
        object_id=category.pk,
        language="es",
        values={"name": "Residentes por sorteo"},
    )
    client.cookies["django_language"] = "es"
    page = client.get(reverse("assemblies:public", args=[assembly.slug])).content.decode()
    assert '<span lang="es">Residentes por sorteo</span>' in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("assemblies:public", args=[assembly.slug])).content.decode()
    assert f'<span lang="en">{category.name}</span>' in page


@pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.IN_SESSION, Phase.MONITORING])
def test_a_translator_may_translate_in_any_open_phase_but_not_manage(
    make_assembly: Any, organizer: Any, make_user: Any, phase: str
) -> None:
    from assemblea.assemblies.models import Assembly

    assembly = make_assembly(languages=["en", "es"])
    translator = make_user("tania")
    services.assembly_role_grant(
        actor=organizer, assembly=assembly, user=translator, role=AssemblyRoleName.TRANSLATOR
    )
    Assembly.objects.filter(pk=assembly.pk).update(phase=phase)
    assembly.refresh_from_db()
    assert can(translator, AssemblyAction.TRANSLATE, assembly)
    assert can(organizer, AssemblyAction.TRANSLATE, assembly)
    for action in (AssemblyAction.EDIT_MANDATE, AssemblyAction.MANAGE_ROLES, AssemblyAction.VOTE):
        assert not can(translator, action, assembly)
    Assembly.objects.filter(pk=assembly.pk).update(phase=Phase.CLOSED)
    assembly.refresh_from_db()
    assert not can(translator, AssemblyAction.TRANSLATE, assembly)


def test_the_translate_link_shows_to_translators_of_a_bilingual_assembly(
    client: Any, make_assembly: Any, organizer: Any, make_user: Any
) -> None:
    assembly = make_assembly(languages=["en", "es"], visibility="private")
    translator = make_user("tania")
    services.assembly_role_grant(
        actor=organizer, assembly=assembly, user=translator, role=AssemblyRoleName.TRANSLATOR
    )
    client.force_login(translator)
    url = reverse("assemblies:translate", args=[assembly.slug])
    page = client.get(url).content.decode()  # a private assembly: the role lets them in
    assert f'href="{url}"' in page
    assert "Translate into Spanish" in page
    single = make_assembly(title="Only English", languages=["en"])
    client.force_login(organizer)
    manage = client.get(reverse("assemblies:manage", args=[single.slug])).content.decode()
    assert reverse("assemblies:translate", args=[single.slug]) not in manage


def test_the_organizer_names_a_seat_category_side_by_side(
    client: Any, make_assembly: Any, organizer: Any
) -> None:
    assembly = make_assembly(languages=["en", "es"])
    category = assembly.categories.get()
    client.force_login(organizer)
    url = reverse("assemblies:category", args=[assembly.slug, category.pk])
    page = client.get(url).content.decode()
    assert 'name="tr_es_name"' in page and 'name="tr_es_description"' in page
    response = client.post(
        url,
        {
            "save_category": "1",
            "seat_type": category.seat_type,
            "name": category.name,
            "tr_es_name": "Residentes",
            "seats": category.seats,
            "description": "",
            "may_vote": "on",
            "may_speak": "on",
            "may_propose": "on",
            "counts_for_quorum": "on",
        },
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.translations == {"es": {"name": "Residentes"}}
