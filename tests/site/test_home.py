"""The home page lives in the site app, under its name `site:home` and its older one."""

from typing import Any

import pytest
from django.urls import resolve, reverse

from assemblea.assemblies.services import assembly_role_grant


def test_the_home_page_answers_to_both_names() -> None:
    assert reverse("site:home") == "/"
    assert resolve("/").func.__module__ == "assemblea.site.views"


@pytest.mark.django_db
def test_the_home_page_lists_public_assemblies_and_the_readers_own(
    client: Any, make_assembly: Any, make_user: Any, organizer: Any
) -> None:
    public = make_assembly(title="Testville Assembly on Traffic")
    private = make_assembly(title="Testville strategy draft", visibility="private")
    anonymous = client.get("/")
    assert anonymous.status_code == 200
    assert anonymous.templates[0].name == "site/home.html"
    assert list(anonymous.context["recent"]) == [public]
    assert anonymous.context["mine"] == []
    assert private.title not in anonymous.content.decode()

    member = make_user("member")
    assembly_role_grant(actor=organizer, assembly=private, user=member, role="facilitator")
    client.force_login(member)
    signed_in = client.get("/")
    assert list(signed_in.context["mine"]) == [private]
    assert "Your assemblies" in signed_in.content.decode()


@pytest.mark.django_db
def test_the_home_page_only_reads(client: Any) -> None:
    assert client.post("/").status_code == 405
