"""Who may do what to an assembly, rule by rule: every role × every write view and every
private read, with the status and, on a refusal, proof that nothing changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from assemblea.assemblies.phases import Phase
from tests.view_matrix import (
    ORGANIZER,
    ROLES,
    WITH_A_ROLE,
    ViewRule,
    assembly_put_in,
    assembly_url,
    rule_check,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Rule(ViewRule):
    phase: str = Phase.DRAFT


_url = assembly_url


RULES = [
    # Private reads
    Rule("manage page", "get", _url("assemblies:manage"), ORGANIZER),
    Rule("settings page", "get", _url("assemblies:settings"), ORGANIZER),
    Rule("mandate page", "get", _url("assemblies:mandate"), ORGANIZER),
    Rule("composition page", "get", _url("assemblies:composition"), ORGANIZER),
    Rule(
        "category page",
        "get",
        _url("assemblies:category", lambda c: c.lottery.pk),
        ORGANIZER,
    ),
    Rule("roles page", "get", _url("assemblies:roles"), ORGANIZER),
    Rule("members page", "get", _url("assemblies:members"), WITH_A_ROLE),
    Rule(
        "seat-end page",
        "get",
        _url("assemblies:seat_end", lambda c: c.member_seat.pk),
        WITH_A_ROLE,
    ),
    Rule(
        "private assembly's page",
        "get",
        _url("assemblies:public"),
        WITH_A_ROLE | {"delegating"},
        private=True,
    ),
    # Writes
    Rule(
        "change phase",
        "post",
        _url("assemblies:change_phase"),
        ORGANIZER,
        data=lambda c: {"to_phase": Phase.CONVENED},
    ),
    Rule(
        "unpublish", "post", _url("assemblies:publish"), ORGANIZER, data=lambda c: {"publish": "0"}
    ),
    Rule(
        "publish",
        "post",
        _url("assemblies:publish"),
        ORGANIZER,
        data=lambda c: {"publish": "1"},
        private=True,
    ),
    Rule(
        "settings",
        "post",
        _url("assemblies:settings"),
        ORGANIZER,
        data=lambda c: {"title": "Taken over", "languages": ["en"], "cohorts": "1"},
    ),
    Rule(
        "mandate",
        "post",
        _url("assemblies:mandate"),
        ORGANIZER,
        data=lambda c: {"question": "Hijacked?", "authority": "advisory"},
    ),
    Rule(
        "mandate once in session",
        "post",
        _url("assemblies:mandate"),
        frozenset(),
        data=lambda c: {"question": "Hijacked?", "authority": "advisory"},
        phase=Phase.IN_SESSION,
        refused=(200, 403, 404),
    ),
    Rule(
        "add a seat category",
        "post",
        _url("assemblies:composition"),
        ORGANIZER,
        data=lambda c: {"seat_type": "reserved", "name": "Youth", "seats": "1"},
        setup=lambda c: (
            type(c.assembly)
            .objects.filter(pk=c.assembly.pk)
            .update(planned_size=c.assembly.planned_size + 1)
        ),
    ),
    Rule(
        "remove a seat category",
        "post",
        _url("assemblies:category", lambda c: c.delegates.pk),
        ORGANIZER,
        data=lambda c: {"delete_category": "1"},
    ),
    Rule(
        "seat a member",
        "post",
        _url("assemblies:members"),
        ORGANIZER,
        data=lambda c: {"fill_seat": "1", "category": c.lottery.pk, "name": "New", "cohort": 1},
    ),
    Rule(
        "end a seat",
        "post",
        _url("assemblies:seat_end", lambda c: c.member_seat.pk),
        ORGANIZER,
        data=lambda c: {"reason": "Moved away"},
    ),
    Rule(
        "give a role",
        "post",
        _url("assemblies:roles"),
        ORGANIZER,
        data=lambda c: {"grant": "1", "username": "stranger", "role": "observer"},
    ),
    Rule(
        "remove a role",
        "post",
        _url("assemblies:roles"),
        ORGANIZER,
        data=lambda c: {"revoke": c.assembly.roles.get(role="observer").pk},
    ),
    Rule(
        "publish a closed assembly's record",
        "post",
        _url("assemblies:publish"),
        ORGANIZER,
        data=lambda c: {"publish": "1"},
        phase=Phase.CLOSED,
        private=True,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_matrix(cast: Any, matrix_check: Any, rule: Rule, role: str) -> None:
    c = cast(phase=rule.phase)
    assembly_put_in(c, rule)
    rule.setup(c)
    rule_check(c, matrix_check, rule, role)


@pytest.mark.parametrize("role", ROLES)
def test_only_an_administrator_of_the_organization_creates_for_it(
    cast: Any, matrix_check: Any, city: Any, role: str
) -> None:
    from assemblea.assemblies.models import Assembly

    c = cast()
    before = Assembly.objects.count()
    matrix_check(
        c,
        role,
        "post",
        reverse("assemblies:create"),
        {
            "organization": city.pk,
            "title": "Convened by whom?",
            "kind": "civic_one_time",
            "languages": ["en"],
            "question": "Who may convene?",
            "authority": "advisory",
        },
        allowed=role == "organizer",
        refused=(200,),  # the form offers only one's own organizations
    )
    assert Assembly.objects.count() == before + (role == "organizer")


@pytest.mark.parametrize("bad", ["abc", "1e9", "-1", "", "99999999999999999999999"])
def test_a_bad_posted_id_is_a_400_or_404_not_a_500(cast: Any, client: Any, bad: str) -> None:
    c = cast()
    client.force_login(c.users["organizer"])
    response = client.post(reverse("assemblies:roles", args=[c.assembly.slug]), {"revoke": bad})
    assert response.status_code in (400, 404)
