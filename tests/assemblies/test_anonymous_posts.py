"""An anonymous POST, or a POST of nonsense ids, to any page of the civic apps is a refusal
(a redirect to log in, a 400, 403, 404 or 405) — never a server error, never a change."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assemblea.assemblies.phases import Phase

pytestmark = pytest.mark.django_db

NAMESPACES = ("assemblies", "accountability", "deliberation", "evaluation", "network")
# Pages an anonymous visitor may post to: following a record by e-mail (a confirmation is
# queued), and the one-click unsubscribe link (RFC 8058).
OPEN_TO_ALL = {"accountability:tracker", "accountability:unfollow", "accountability:follow_confirm"}
# Posting here, signed in, is the write itself: a new address for one's own calendar.
ONE_BUTTON = {"deliberation:my_calendar"}
JUNK = {
    name: "abc"
    for name in (
        "revoke",
        "from_poll",
        "withdraw",
        "check_in",
        "leave",
        "add_speaker",
        "seat",
        "seat_a",
        "seat_b",
        "pin",
        "unpin",
        "facilitator_of",
        "facilitator",
        "answer_to",
        "status_of",
        "committee_status",
        "move_up",
        "move_down",
        "remove_item",
        "start_item",
        "close",
        "open",
        "decide",
        "parent",
        "category",
        "organization",
        "assembly",
        "grant",
        "fill_seat",
        "rotate",
        "link",
        "add",
        "ask",
        "comment",
        "to_phase",
        "publish",
        "delete_category",
        "save_category",
        "save_allocation",
        "assign",
        "swap",
        "adopt",
        "add_item",
        "email",
    )
}


def _patterns() -> list[tuple[str, list[str]]]:
    found = []
    for namespace in NAMESPACES:
        resolver = get_resolver().namespace_dict[namespace][1]
        for pattern in resolver.url_patterns:
            assert isinstance(pattern, URLPattern | URLResolver)
            if isinstance(pattern, URLPattern) and pattern.name:
                found.append((f"{namespace}:{pattern.name}", list(pattern.pattern.converters)))
    return found


PATTERNS = _patterns()


def _kwargs(c: Any, names: list[str]) -> dict[str, Any]:
    values = {
        "slug": c.assembly.slug,
        "token": "not-a-token",
        "audience": "members",
        "what": "resolution",
    }
    return {name: values.get(name, 1) for name in names}


@pytest.mark.parametrize(("name", "params"), PATTERNS, ids=[name for name, _p in PATTERNS])
@pytest.mark.parametrize("who", ["anonymous", "stranger", "member"])
def test_a_post_of_nonsense_is_refused_never_a_500(
    cast: Any, client: Any, snapshot: Any, name: str, params: list[str], who: str
) -> None:
    c = cast(phase=Phase.IN_SESSION)
    if c.users[who] is not None:
        client.force_login(c.users[who])
    url = reverse(name, kwargs=_kwargs(c, params))
    before = snapshot(include_views=False)
    response = client.post(url, JUNK)
    status = response.status_code
    assert status != 500
    if name not in OPEN_TO_ALL:
        assert status in (302, 400, 403, 404, 405) or (status == 200 and who != "anonymous"), (
            name,
            status,
        )
        if status == 302 and who == "anonymous":
            assert "/login" in response["Location"], (name, response["Location"])
    if not (name in ONE_BUTTON and who != "anonymous"):
        assert snapshot(include_views=False) == before, (name, who, "changed")


def test_the_home_page_is_read_only(client: Any) -> None:
    assert client.post("/", {"x": "1"}).status_code == 405
    assert client.get("/").status_code == 200
