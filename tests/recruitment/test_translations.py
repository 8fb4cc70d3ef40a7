"""The registration form in each language of the assembly: questions and category labels as
the organizer entered them side by side, with `lang`, the original for a missing label, and
the mandate's question in a registrant's e-mail in their language."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from assemblea.assemblies.models import Assembly
from assemblea.recruitment import services
from assemblea.recruitment.models import NoticeKind, TargetCategory, TargetValue
from assemblea.recruitment.services import CategorySpec, ValueSpec

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual(recruiting: Any, organizer: Any) -> Any:
    Assembly.objects.filter(pk=recruiting.assembly_id).update(languages=["en", "es"])
    recruiting.assembly.refresh_from_db()
    gender = TargetCategory.objects.get(recruitment=recruiting, name="gender")
    gender.translations = {"es": {"question": "Su género"}}
    gender.save()
    TargetValue.objects.filter(category=gender, value="woman").update(
        translations={"es": {"value": "mujer"}}
    )  # "man" is left untranslated
    return recruiting


def _form(client: Any, recruitment: Any, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(reverse("recruitment:register", args=[recruitment.assembly.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_spanish_reader_gets_the_spanish_form_with_lang_and_fallbacks(
    client: Any, bilingual: Any
) -> None:
    page = _form(client, bilingual, "es")
    assert '<legend><span lang="es">Su género</span></legend>' in page
    assert '<span lang="es">mujer</span>' in page
    # Not yet translated: the original, in its own language, marked.
    assert re.search(r'<span lang="en">man</span> <small class="ml-note">', page)
    assert '<span lang="en">Your age</span>' in page
    # What is posted stays the original value the lottery counts.
    assert 'value="woman"' in page


def test_an_english_reader_gets_the_english_form(client: Any, bilingual: Any) -> None:
    page = _form(client, bilingual, "en")
    assert '<legend><span lang="en">Your gender</span></legend>' in page
    assert '<span lang="en">woman</span>' in page
    assert "mujer" not in page and "ml-note" not in page


def test_a_spanish_registration_posts_the_original_value(client: Any, bilingual: Any) -> None:
    client.cookies["django_language"] = "es"
    response = client.post(
        reverse("recruitment:register", args=[bilingual.assembly.slug]),
        {
            "name": "Ana",
            "email": "ana@example.org",
            "language": "es",
            "answer_gender": "woman",
            "answer_age": "40+",
            "consents_to_privacy_notice": "on",
        },
    )
    assert response.status_code == 200
    assert response.templates[0].name == "recruitment/registered.html"
    registration = bilingual.registrations.get()
    assert registration.answers == {"gender": "woman", "age": "40+"}


def test_the_organizer_enters_questions_and_labels_side_by_side(
    client: Any, make_assembly: Any, organizer: Any
) -> None:
    assembly = make_assembly(planned_size=6, languages=["en", "es"])
    recruitment = services.recruitment_start(
        actor=organizer,
        assembly=assembly,
        category=assembly.categories.get(),
        privacy_notice="We keep it safe.",
    )
    client.force_login(organizer)
    url = reverse("recruitment:targets", args=[assembly.slug])
    response = client.post(
        url,
        {
            "save": "1",
            "c0_name": "gender",
            "c0_question": "Your gender",
            "c0_question_tr_es": "Su género",
            "c0_v0_value": "woman",
            "c0_v0_share": "0.5",
            "c0_v0_min": "3",
            "c0_v0_max": "3",
            "c0_v0_label_tr_es": "mujer",
            "c0_v1_value": "man",
            "c0_v1_share": "0.5",
            "c0_v1_min": "3",
            "c0_v1_max": "3",
            "c0_v1_label_tr_es": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    category = recruitment.target_categories.get()
    assert category.question == "Your gender"
    assert category.translations == {"es": {"question": "Su género"}}
    labels = {value.value: value.translations for value in category.values.all()}
    assert labels == {"woman": {"es": {"value": "mujer"}}, "man": {}}


def test_the_side_by_side_inputs_are_offered_on_the_proposed_targets(
    client: Any, make_assembly: Any, organizer: Any
) -> None:
    assembly = make_assembly(planned_size=6, languages=["en", "es"])
    services.recruitment_start(
        actor=organizer,
        assembly=assembly,
        category=assembly.categories.get(),
        privacy_notice="We keep it safe.",
    )
    client.force_login(organizer)
    response = client.post(
        reverse("recruitment:targets", args=[assembly.slug]),
        {
            "save": "1",
            "c0_name": "gender",
            "c0_question": "",
            "c0_v0_value": "woman",
            "c0_v0_share": "0.5",
            "c0_v0_min": "9",
            "c0_v0_max": "1",
        },
    )  # refused (min above max): the form comes back with the other language's inputs
    page = response.content.decode()
    assert 'name="c0_question_tr_es"' in page and 'lang="es"' in page
    assert 'name="c0_v0_label_tr_es"' in page


@pytest.mark.django_db(transaction=True)
def test_a_notice_gives_the_mandate_question_in_the_registrant_language(
    bilingual: Any, organizer: Any
) -> None:
    mandate = bilingual.assembly.mandate
    mandate.translations = {"es": {"question": "¿Cómo reducir las muertes?"}}
    mandate.save()
    for language in ("es", "en"):
        services.notice_template_save(
            actor=organizer,
            recruitment=bilingual,
            kind=NoticeKind.REGISTERED,
            language=language,
            subject="{assembly}",
            body="{name}: {question}",
        )
    for name, language in (("Ana", "es"), ("Bo", "en")):
        services.registration_submit(
            recruitment=bilingual,
            answers={"gender": "woman", "age": "40+"},
            name=name,
            email=f"{name}@example.org",
            language=language,
            consents_to_privacy_notice=True,
        )
    bodies = sorted(message.body for message in mail.outbox)
    assert bodies == ["Ana: ¿Cómo reducir las muertes?", f"Bo: {mandate.question}"]


def test_targets_saved_without_translations_keep_none(bilingual: Any, organizer: Any) -> None:
    assert CategorySpec("x", "X?", [ValueSpec("a", 1.0, 0, 6)]).questions == {}
