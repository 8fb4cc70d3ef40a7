"""Live pages in a browser: a member's phone and the projector follow the chair over their
event streams, without polling; when the stream is cut, the page says "Reconnecting…" and
keeps up by polling (docs/live.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assemblea.deliberation import services
from tests.browser.test_session import _assembly, _phone

# Live pages fan out through PostgreSQL's LISTEN/NOTIFY there: CI's PostgreSQL run repeats it.
pytestmark = pytest.mark.postgres

# The fallback polls every 5 s; a pushed change arrives well within a second.
PUSHED = 5_000
POLLED = 15_000
FALLBACK_URLS = ("/room/live/", "/you/")


def _open_room(django_user_model: Any) -> tuple[Any, Any, Any, Any]:
    assembly, session = _assembly(django_user_model)
    chair = django_user_model.objects.get(username="chair")
    services.session_open(actor=chair, session=session)
    item = session.items.first()
    services.agenda_item_start(actor=chair, item=item)
    for name in ("m0", "m1", "m2"):
        member = django_user_model.objects.get(username=name)
        services.attendance_check_in(actor=member, session=session)
    for name in ("m1", "m0"):
        services.speaker_request_add(actor=django_user_model.objects.get(username=name), item=item)
    return assembly, session, chair, item


def _requests(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def _goto_streaming(page: Any, url: str) -> None:
    with page.expect_response(lambda response: "stream/" in response.url):
        page.goto(url)


def test_a_phone_and_the_projector_follow_the_chair_without_polling(
    live_server, browser, transactional_db, django_user_model
) -> None:
    assembly, session, chair, item = _open_room(django_user_model)
    args = [assembly.slug, session.pk]
    phone = _phone(browser, live_server, "m0")
    projector = _phone(browser, live_server, "chair")
    phone_requests, projector_requests = _requests(phone), _requests(projector)
    _goto_streaming(phone, live_server.url + reverse("deliberation:session", args=args))
    _goto_streaming(projector, live_server.url + reverse("deliberation:room", args=args))
    expect(phone.get_by_test_id("your-request")).to_contain_text("Your place: 2")
    projector.wait_for_timeout(1_000)  # both streams are open and listening

    services.speaker_call_next(actor=chair, item=item)  # Member 1 has the floor
    expect(projector.get_by_test_id("now-speaking")).to_have_text("Member 1", timeout=PUSHED)
    expect(phone.get_by_test_id("now-speaking")).to_have_text("Member 1", timeout=PUSHED)
    # The phone's own part: they are next now, and the live region says so.
    expect(phone.get_by_test_id("your-request")).to_contain_text("Your place: 1", timeout=PUSHED)
    expect(phone.get_by_test_id("you-announce")).to_have_text("You are next.")
    services.speaker_call_next(actor=chair, item=item)
    expect(phone.get_by_test_id("your-request")).to_have_text("You have the floor.", timeout=PUSHED)
    expect(projector.get_by_test_id("now-speaking")).to_have_text("Member 0", timeout=PUSHED)
    # The speaker's clock counts on in the page, with nothing sent.
    clock = projector.locator(".room-speaker [data-clock-from]")
    start = clock.text_content()
    projector.wait_for_timeout(2_200)
    assert clock.text_content() != start

    for requests in (phone_requests, projector_requests):
        assert [url for url in requests if url.endswith(FALLBACK_URLS)] == []
        assert sum("stream/" in url for url in requests) == 1  # one connection, kept open
    expect(phone.locator("#live-status")).to_be_hidden()
    phone.context.close()
    projector.context.close()


def test_when_the_stream_is_cut_the_page_says_so_and_keeps_up_by_polling(
    live_server, browser, transactional_db, django_user_model
) -> None:
    assembly, session, chair, item = _open_room(django_user_model)
    projector = _phone(browser, live_server, "chair")
    projector.route("**/room/stream/**", lambda route: route.abort())
    requests = _requests(projector)
    projector.goto(live_server.url + reverse("deliberation:room", args=[assembly.slug, session.pk]))
    status = projector.locator("#live-status")
    expect(status).to_have_text("Reconnecting…")
    expect(status).to_have_attribute("role", "status")
    expect(projector.get_by_test_id("now-speaking")).to_have_text("Nobody")

    services.speaker_call_next(actor=chair, item=item)
    expect(projector.get_by_test_id("now-speaking")).to_have_text("Member 1", timeout=POLLED)
    polled = [url for url in requests if url.endswith("/room/live/")]
    assert polled, "the page polled the room's fragment"
    assert sum("stream/" in url for url in requests) >= 2  # and tried the stream again

    # The stream comes back: the page stops saying it is reconnecting, and stops polling.
    projector.unroute("**/room/stream/**")
    expect(status).to_be_hidden(timeout=POLLED)
    projector.wait_for_timeout(500)
    before = len([url for url in requests if url.endswith("/room/live/")])
    services.speaker_call_next(actor=chair, item=item)
    expect(projector.get_by_test_id("now-speaking")).to_have_text("Member 0", timeout=PUSHED)
    projector.wait_for_timeout(6_000)
    assert len([url for url in requests if url.endswith("/room/live/")]) == before
    projector.context.close()
