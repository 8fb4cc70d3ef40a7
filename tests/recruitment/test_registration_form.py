"""The organizers' registration form: own questions, year of birth, own pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assemblea.recruitment import services
from assemblea.recruitment.targets import age_brackets, bracket_for_birth_year

pytestmark = pytest.mark.django_db


def test_age_brackets_are_read_and_a_birth_year_finds_its_bracket() -> None:
    brackets = age_brackets(["16-39", "40 – 64", "65+"])
    assert brackets == [("16-39", 16, 39), ("40 – 64", 40, 64), ("65+", 65, 200)]
    assert bracket_for_birth_year(brackets, 1987, 2026) == "16-39"
    assert bracket_for_birth_year(brackets, 1961, 2026) == "65+"
    assert bracket_for_birth_year(brackets, 2015, 2026) is None
    assert age_brackets(["young", "old"]) is None


def test_the_form_asks_the_year_of_birth_and_the_organizers_questions(
    client: Any, recruiting: Any, organizer: Any
) -> None:
    services.registration_form_set(
        actor=organizer,
        recruitment=recruiting,
        questions="How did you hear about us?*\nAnything about your neighbourhood?",
        birth_year_category="age",
    )
    url = reverse("recruitment:register", args=[recruiting.assembly.slug])
    page = client.get(url).content.decode()
    assert "Your year of birth" in page and "How did you hear about us?" in page
    assert 'name="answer_age"' not in page
    data = {
        "answer_gender": "woman",
        "name": "Ada",
        "email": "ada@example.org",
        "language": "en",
        "consents_to_privacy_notice": "on",
        "birth_year": "2020",
    }
    refused = client.post(url, data).content.decode()
    assert "This lottery is for people aged 16-39, 40+." in refused
    assert "Please answer." in refused
    year = timezone.localdate().year - 50
    client.post(
        url, data | {"birth_year": str(year), "extra_how-did-you-hear-about-us": "A letter"}
    )
    registration = recruiting.registrations.get()
    assert registration.answers == {"gender": "woman", "age": "40+"}
    assert registration.contact.extra_answers == {
        "how-did-you-hear-about-us": "A letter",
        "birth_year": str(year),
    }


def test_a_category_that_is_not_brackets_cannot_come_from_a_birth_year(
    recruiting: Any, organizer: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        services.registration_form_set(
            actor=organizer, recruitment=recruiting, questions="", birth_year_category="gender"
        )
    assert error.value.error_dict["birth_year_category"][0].code == "not_age_brackets"


def test_an_own_page_has_its_title_and_is_tracked_in_the_export(
    client: Any, recruiting: Any, organizer: Any
) -> None:
    services.registration_page_save(
        actor=organizer,
        recruitment=recruiting,
        slug="youth",
        title="Young people of Testville: your say",
        intro="Under 30? Register here.",
    )
    url = reverse("recruitment:register_page", args=[recruiting.assembly.slug, "youth"])
    assert "Young people of Testville" in client.get(url).content.decode()
    client.post(
        url,
        {
            "answer_gender": "man",
            "answer_age": "16-39",
            "name": "Ben",
            "phone": "555 0101",
            "language": "en",
            "consents_to_privacy_notice": "on",
        },
    )
    assert recruiting.registrations.get().page == "youth"
    client.force_login(organizer)
    export = client.get(
        reverse("recruitment:registrations_export", args=[recruiting.assembly.slug])
    )
    header, row = export.content.decode().splitlines()[:2]
    assert header.split(",")[4] == "page" and row.split(",")[4] == "youth"
    missing = reverse("recruitment:register_page", args=[recruiting.assembly.slug, "nope"])
    assert client.get(missing).status_code == 404
