"""Issue 16: a facilitator is not shown management links that would refuse them."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from assemblea.assemblies.models import AssemblyRole

pytestmark = pytest.mark.django_db


def _nav(user: Any, assembly: Any) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("assemblies/_manage_nav.html", {"assembly": assembly}, request=request)


def test_facilitators_see_only_the_links_their_role_allows(
    client: Any, make_user: Any, make_assembly: Any, organizer: Any
) -> None:
    assembly = make_assembly()
    facilitator = make_user("fay")
    AssemblyRole.objects.create(assembly=assembly, user=facilitator, role="facilitator")
    settings_url = reverse("assemblies:settings", args=[assembly.slug])
    roles_url = reverse("assemblies:roles", args=[assembly.slug])
    assert settings_url in _nav(organizer, assembly) and roles_url in _nav(organizer, assembly)
    shown = _nav(facilitator, assembly)
    assert settings_url not in shown and roles_url not in shown
    client.force_login(facilitator)
    refused = client.get(settings_url)
    assert refused.status_code == 403
    assert "organizers" in refused.content.decode()
