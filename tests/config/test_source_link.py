"""AGPL §13: every page links to the source, by default the project's own repository."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_source_is_the_repository_the_project_names() -> None:
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    publiccode = (ROOT / "publiccode.yml").read_text(encoding="utf-8")
    (listed,) = re.findall(r'^url: "([^"]+)"$', publiccode, flags=re.MULTILINE)
    assert django_settings.SOURCE_URL_DEFAULT == urls["Source"] == listed
    assert "example" not in django_settings.SOURCE_URL_DEFAULT
    if "ASSEMBLEA_SOURCE_URL" not in os.environ:
        assert django_settings.SOURCE_URL == django_settings.SOURCE_URL_DEFAULT


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        lambda assembly: reverse("site:home"),
        lambda assembly: reverse("accounts:login"),
        lambda assembly: assembly.get_absolute_url(),
        lambda assembly: reverse("opendata:overview", args=[assembly.slug]),
        lambda assembly: "/no-such-page/",
    ],
    ids=["home", "login", "assembly", "open data", "404"],
)
def test_every_page_links_to_the_source_in_its_footer(make_assembly: Any, page: Any) -> None:
    assembly = make_assembly()
    html = Client().get(page(assembly)).content.decode()
    footer = html[html.index("<footer") :]
    assert f'href="{django_settings.SOURCE_URL}"' in footer
