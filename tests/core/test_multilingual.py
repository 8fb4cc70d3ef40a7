"""Texts people write in every language of their assembly (core/multilingual.py): the
reader's version with its `lang`, the original one tap away, a visible fallback, the
missing-translations list, and who may translate."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assemblea.assemblies import services
from assemblea.assemblies.models import AssemblyRoleName, Mandate
from assemblea.core.models import Event
from assemblea.core.multilingual import (
    missing_of,
    text_in,
    translation_inputs_add,
    translation_inputs_take,
    translations_apply,
)
from assemblea.core.policy import Refused

pytestmark = pytest.mark.django_db

QUESTION_EN = "How should Testville reduce traffic deaths?"
QUESTION_ES = "¿Cómo debería Testville reducir las muertes en el tráfico?"


@pytest.fixture
def bilingual(make_assembly: Any) -> Any:
    assembly = make_assembly(languages=["en", "es"])
    assert assembly.mandate.question == QUESTION_EN
    return assembly


@pytest.fixture
def translator(make_user: Any, organizer: Any, bilingual: Any) -> Any:
    person = make_user("tania")
    services.assembly_role_grant(
        actor=organizer, assembly=bilingual, user=person, role=AssemblyRoleName.TRANSLATOR
    )
    return person


def _public(client: Any, assembly: Any, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(reverse("assemblies:public", kwargs={"slug": assembly.slug}))
    assert response.status_code == 200
    return response.content.decode()


def _save(actor: Any, assembly: Any, text: str, **extra: Any) -> Any:
    return services.translation_save(
        actor=actor,
        assembly=assembly,
        key="assemblies.mandate",
        object_id=assembly.mandate.pk,
        language=extra.pop("language", "es"),
        values={"question": text, **extra},
    )


def test_the_reader_sees_their_language_with_lang_and_the_original_one_tap_away(
    client: Any, bilingual: Any, organizer: Any
) -> None:
    _save(organizer, bilingual, QUESTION_ES)
    spanish = _public(client, bilingual, "es")
    assert re.search(r'<div class="ml-text" lang="es"><p>¿Cómo debería', spanish)
    original = re.search(
        r'<details class="ml-original"><summary>(.*?)</summary>(.*?)</details>', spanish, re.S
    )
    assert original is not None
    assert 'lang="en"' in original.group(2) and QUESTION_EN in original.group(2)
    english = _public(client, bilingual, "en")
    assert re.search(r'<div class="ml-text" lang="en"><p>How should Testville', english)
    assert QUESTION_ES not in english
    assert "ml-original" not in english  # the original is what an English reader sees


def test_a_missing_translation_falls_back_to_the_original_marked_not_yet_translated(
    client: Any, bilingual: Any
) -> None:
    spanish = _public(client, bilingual, "es")
    # The original, with its own language, and the note (in Spanish once translated).
    assert re.search(r'<div class="ml-text" lang="en"><p>How should Testville', spanish)
    assert 'class="ml-note"' in spanish
    assert "ml-original" not in spanish
    shown = text_in(bilingual.mandate, "question", "es")
    assert shown.is_fallback and shown.lang == "en" and shown.text == QUESTION_EN


def test_english_text_on_a_spanish_page_of_a_monolingual_assembly_has_lang_and_no_note(
    client: Any, make_assembly: Any
) -> None:
    assembly = make_assembly(languages=["en"])
    spanish = _public(client, assembly, "es")
    assert re.search(r'<div class="ml-text" lang="en"><p>How should', spanish)
    assert 'class="ml-note"' not in spanish  # Spanish is not one of its languages


def test_an_original_written_in_spanish_is_shown_to_english_readers_with_lang_es(
    bilingual: Any,
) -> None:
    mandate = bilingual.mandate
    mandate.source_language = "es"
    mandate.question = QUESTION_ES
    translations_apply(mandate, {"en": {"question": "In English"}})
    mandate.save()
    assert text_in(mandate, "question", "en").text == "In English"
    assert text_in(mandate, "question", "es").lang == "es"
    assert not text_in(mandate, "question", "es").is_translation


def test_missing_translations_are_listed_on_the_management_page_until_filled(
    client: Any, bilingual: Any, organizer: Any
) -> None:
    categories = list(bilingual.categories.all())
    assert [text.obj for text in missing_of(bilingual)] == [bilingual.mandate, *categories]
    client.force_login(organizer)
    page = client.get(reverse("assemblies:manage", kwargs={"slug": bilingual.slug})).content
    assert b'id="missing-translations-heading"' in page
    assert reverse("assemblies:translate", kwargs={"slug": bilingual.slug}).encode() in page
    _save(organizer, bilingual, QUESTION_ES)
    assert bilingual.mandate not in [text.obj for text in missing_of(bilingual)]


def test_a_monolingual_assembly_lists_nothing_missing(
    client: Any, make_assembly: Any, organizer: Any
) -> None:
    assembly = make_assembly(languages=["en"])
    client.force_login(organizer)
    page = client.get(reverse("assemblies:manage", kwargs={"slug": assembly.slug})).content
    assert b"missing-translations-heading" not in page


def test_the_translator_fills_a_translation_on_the_translate_page_and_it_is_recorded(
    client: Any, bilingual: Any, translator: Any
) -> None:
    client.force_login(translator)
    url = reverse("assemblies:translate", kwargs={"slug": bilingual.slug})
    page = client.get(url).content.decode()
    assert "Translate into Spanish" in page
    assert f'lang="en">{QUESTION_EN}' in page  # the original beside the input
    assert 'name="field_question"' in page and 'lang="es"' in page
    response = client.post(
        url,
        {
            "key": "assemblies.mandate",
            "object_id": bilingual.mandate.pk,
            "language": "es",
            "anchor": "x",
            "field_question": QUESTION_ES,
        },
    )
    assert response.status_code == 302
    mandate = Mandate.objects.get(pk=bilingual.mandate.pk)
    assert mandate.translations == {"es": {"question": QUESTION_ES}}
    assert mandate.question == QUESTION_EN
    event = Event.objects.get(verb="assembly.translation_saved")
    assert event.data == {
        "model": "assemblies.mandate",
        "object_id": mandate.pk,
        "language": "es",
        "fields": ["question"],
    }
    assert not event.public


def test_the_translator_may_not_change_the_original_nor_manage(
    client: Any, bilingual: Any, translator: Any
) -> None:
    # A translation in the original's own language would be a change of the original.
    with pytest.raises(ValidationError) as refused:
        _save(translator, bilingual, "Changed!", language="en")
    assert refused.value.error_list[0].code == "translation_language"
    # Fields that are not translated are ignored: nothing but translations changes.
    _save(translator, bilingual, QUESTION_ES, commissioning_body="Someone else")
    mandate = Mandate.objects.get(pk=bilingual.mandate.pk)
    assert mandate.question == QUESTION_EN and mandate.commissioning_body == "Testville Council"
    assert mandate.translations == {"es": {"question": QUESTION_ES}}
    with pytest.raises(Refused):
        services.mandate_update(
            actor=translator,
            assembly=bilingual,
            question="Changed!",
            commissioning_body="",
            authority=mandate.authority,
            commits_to_respond=False,
            response_commitment="",
            response_deadline=None,
        )
    client.force_login(translator)
    manage = client.get(reverse("assemblies:mandate", kwargs={"slug": bilingual.slug}))
    assert manage.status_code == 403


def test_a_stranger_may_not_translate(client: Any, bilingual: Any, make_user: Any) -> None:
    stranger = make_user("stranger")
    with pytest.raises(Refused):
        _save(stranger, bilingual, QUESTION_ES)
    client.force_login(stranger)
    url = reverse("assemblies:translate", kwargs={"slug": bilingual.slug})
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {"key": "assemblies.mandate", "object_id": bilingual.mandate.pk, "field_question": "x"},
    )
    assert response.status_code == 403
    assert Mandate.objects.get(pk=bilingual.mandate.pk).translations == {}
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_a_text_of_another_assembly_cannot_be_reached_through_this_one(
    bilingual: Any, translator: Any, make_assembly: Any
) -> None:
    other = make_assembly(title="Other", languages=["en", "es"])
    from django.http import Http404

    with pytest.raises(Http404):
        services.translation_save(
            actor=translator,
            assembly=bilingual,
            key="assemblies.mandate",
            object_id=other.mandate.pk,
            language="es",
            values={"question": "x"},
        )
    with pytest.raises(Http404):
        services.translation_save(
            actor=translator,
            assembly=bilingual,
            key="accounts.user",
            object_id=translator.pk,
            language="es",
            values={"username": "x"},
        )


def test_the_organizer_enters_the_mandate_side_by_side(
    client: Any, bilingual: Any, organizer: Any
) -> None:
    client.force_login(organizer)
    url = reverse("assemblies:mandate", kwargs={"slug": bilingual.slug})
    page = client.get(url).content.decode()
    assert 'name="tr_es_question"' in page and 'name="tr_es_response_commitment"' in page
    assert page.index('name="question"') < page.index('name="tr_es_question"')
    mandate = bilingual.mandate
    response = client.post(
        url,
        {
            "question": QUESTION_EN,
            "tr_es_question": QUESTION_ES,
            "commissioning_body": mandate.commissioning_body,
            "authority": mandate.authority,
            "commits_to_respond": "on",
            "response_commitment": "We answer in writing.",
            "tr_es_response_commitment": "",
            "response_deadline": mandate.response_deadline.isoformat(),
        },
    )
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.translations == {"es": {"question": QUESTION_ES}}
    assert Event.objects.filter(verb="assembly.translation_saved").count() == 1


def test_form_helper_adds_inputs_for_the_other_languages_and_takes_them_back(
    bilingual: Any,
) -> None:
    from django import forms

    class Form(forms.Form):
        title = forms.CharField()
        other = forms.CharField()

    form = Form({"title": "Hello", "other": "x", "tr_es_title": "Hola"})
    assert translation_inputs_add(form, assembly=bilingual, fields=["title"]) == ["es"]
    assert list(form.fields) == ["title", "tr_es_title", "other"]
    assert form.fields["tr_es_title"].widget.attrs["lang"] == "es"
    assert form.is_valid()
    data = dict(form.cleaned_data)
    assert translation_inputs_take(data) == {"es": {"title": "Hola"}}
    assert data == {"title": "Hello", "other": "x"}


def test_a_list_translation_must_have_one_line_per_item(
    bilingual: Any, organizer: Any, make_user: Any
) -> None:
    from assemblea.core.multilingual import item_in

    category = bilingual.categories.first()
    assert category is not None
    with pytest.raises(ValidationError):
        services.translation_save(
            actor=organizer,
            assembly=bilingual,
            key="assemblies.seatcategory",
            object_id=category.pk,
            language="fr",
            values={"name": "x"},
        )

    class Options:
        TRANSLATED_FIELDS = ("options",)
        ASSEMBLY_PATH = "assembly"
        source_language = "en"
        options = ["Yes", "No"]
        translations = {"es": {"options": ["Sí", ""]}}
        assembly = bilingual

    assert item_in(Options(), "options", 0, "es").text == "Sí"
    second = item_in(Options(), "options", 1, "es")
    assert second.text == "No" and second.lang == "en" and second.is_fallback
