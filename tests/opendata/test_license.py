"""The open data says under which licence it is published: on its page, in the JSON
document and in the zip of CSV files (ASSEMBLEA_OPEN_DATA_LICENSE / _URL)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import jsonschema
import pytest
from django.test import Client
from django.urls import reverse

from assemblea.opendata.export import assembly_document
from assemblea.opendata.schema import document_schema

pytestmark = pytest.mark.django_db

NAME = "ODbL 1.0"
URL = "https://opendatacommons.org/licenses/odbl/1-0/"


@pytest.fixture
def licensed(settings: Any, make_assembly: Any) -> Any:
    settings.OPEN_DATA_LICENSE_NAME = NAME
    settings.OPEN_DATA_LICENSE_URL = URL
    return make_assembly()


def test_the_open_data_page_names_the_licence_with_a_link(client: Client, licensed: Any) -> None:
    page = client.get(reverse("opendata:overview", args=[licensed.slug])).content.decode()
    assert f'<a href="{URL}" rel="license">{NAME}</a>' in page


def test_the_json_document_carries_the_licence(client: Client, licensed: Any) -> None:
    document = client.get(reverse("opendata:document", args=[licensed.slug])).json()
    assert document["license"] == {"name": NAME, "url": URL}
    jsonschema.validate(document, document_schema())


def test_the_zip_carries_a_licence_file(client: Client, licensed: Any) -> None:
    response = client.get(reverse("opendata:csv", args=[licensed.slug]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        text = archive.read("LICENSE.txt").decode()
    assert NAME in text and URL in text and licensed.title in text


def test_a_document_exported_before_the_licence_field_is_still_valid(licensed: Any) -> None:
    document = assembly_document(licensed)
    del document["license"]
    jsonschema.validate(document, document_schema())
    document["license"] = {"name": NAME}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, document_schema())
