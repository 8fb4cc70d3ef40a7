"""The organization page lists the organization's assemblies that the reader may see, though
the accounts app does not import the assemblies app (the assemblies app adds them)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_page_lists_the_visible_assemblies_of_the_organization(
    client: Any, city: Any, make_assembly: Any
) -> None:
    make_assembly(title="Open Assembly")
    make_assembly(title="Hidden Assembly", visibility="private")
    page = client.get(reverse("accounts:organization", kwargs={"slug": city.slug}))
    text = page.content.decode()
    assert "Open Assembly" in text
    assert "Hidden Assembly" not in text


def test_accounts_does_not_import_the_assemblies_app() -> None:
    import ast
    from pathlib import Path

    import assemblea.accounts

    for path in Path(assemblea.accounts.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("assemblea.assemblies"), path
