"""A form sent without its CSRF token gets the site's own page, not Django's bare English one."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"), [("en", "The form could not be sent"), ("es", "No se pudo enviar")]
)
def test_a_form_without_its_token_says_what_to_do_in_the_reader_language(
    language: str, words: str, settings: Any
) -> None:
    client = Client(enforce_csrf_checks=True, headers={"accept-language": language})
    response = client.post(reverse("accounts:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    page = response.content.decode()
    assert words in page
    assert "CSRF verification failed" not in page
