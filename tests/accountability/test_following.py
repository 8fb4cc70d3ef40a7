"""Follow by e-mail: double opt-in, one-click unsubscribe (RFC 8058), throttled requests."""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assemblea.accountability import services
from assemblea.accountability.models import Follower, Verdict
from assemblea.assemblies import services as assembly_services

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "neighbour@example.org"


def _adopt(assembly: Any, organizer: Any, title: str = "Safer crossings") -> Any:
    return services.recommendation_adopt(
        actor=organizer,
        assembly=assembly,
        title=title,
        text="Build raised crossings near every school.",
        addressed_to="City Council",
        adopted_on=datetime.date(2026, 11, 2),
    )


def _answer(assembly: Any, item: Any) -> None:
    services.response_publish(
        actor=assembly.respondent, recommendation=item, verdict=Verdict.REJECTED, reasons="No."
    )


def _link(message: Any, kind: str) -> str:
    found = re.search(rf"https?://\S+/record/{kind}/\S+/", message.body)
    assert found, message.body
    return found.group(0)


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _follow(client: Client, assembly: Any, email: str = ADDRESS) -> Any:
    return client.post(
        reverse("accountability:tracker", args=[assembly.slug]), {"email": email}, follow=True
    )


def test_nothing_but_the_confirmation_reaches_an_address_until_it_is_confirmed(
    client: Client, reported: Any, organizer: Any
) -> None:
    item = _adopt(reported, organizer)
    mail.outbox.clear()
    page = _follow(client, reported, "Neighbour@Example.org").content.decode()
    assert "Check your e-mail" in page
    assert [m.to for m in mail.outbox] == [[ADDRESS]]
    confirmation = mail.outbox[0]
    assert "Confirm" in confirmation.subject
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mail.outbox.clear()
    _answer(reported, item)
    assert mail.outbox == []
    assert Follower.objects.get().confirmed_at is None


def test_the_token_is_stored_hashed_and_works_once_through_a_button(
    client: Client, reported: Any, organizer: Any
) -> None:
    item = _adopt(reported, organizer)
    _follow(client, reported)
    confirm = _path(_link(mail.outbox[-1], "follow"))
    token = confirm.rstrip("/").rsplit("/", 1)[1]
    follower = Follower.objects.get()
    assert follower.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(list(Follower.objects.values()))
    page = client.get(confirm)
    assert page.status_code == 200 and "Yes, send me the updates" in page.content.decode()
    assert Follower.objects.get().confirmed_at is None  # opening the link confirms nothing
    assert client.post(confirm).status_code == 302
    assert Follower.objects.get().confirmed_at is not None
    assert client.get(confirm).status_code == 404
    assert client.post(confirm).status_code == 404
    mail.outbox.clear()
    _answer(reported, item)
    assert [m.to for m in mail.outbox] == [[ADDRESS]]
    update = mail.outbox[0]
    unsubscribe = _link(update, "unfollow")
    assert update.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert update.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in update.body
    assert ADDRESS not in unsubscribe and "bmVpZ2hib3Vy" not in unsubscribe  # not even base64


def test_a_wrong_or_expired_confirmation_link_is_refused(
    client: Client, reported: Any, organizer: Any
) -> None:
    _follow(client, reported)
    confirm = _path(_link(mail.outbox[-1], "follow"))
    assert client.post(confirm[:-3] + "xx/").status_code == 404
    Follower.objects.update(confirmation_sent_at=timezone.now() - datetime.timedelta(days=8))
    assert client.post(confirm).status_code == 404
    assert Follower.objects.get().confirmed_at is None


def test_one_click_unsubscribe_works_without_a_csrf_token_and_forgets_the_address(
    reported: Any, organizer: Any
) -> None:
    item = _adopt(reported, organizer)
    client = Client(enforce_csrf_checks=True)
    services.follower_add(assembly=reported, email=ADDRESS)
    token = _link(mail.outbox[-1], "follow").rstrip("/").rsplit("/", 1)[1]
    services.follower_confirm(assembly=reported, token=token)
    mail.outbox.clear()
    _answer(reported, item)
    unsubscribe = _path(_link(mail.outbox[-1], "unfollow"))
    page = client.get(unsubscribe)
    assert page.status_code == 200 and "Stop the e-mails" in page.content.decode()
    assert Follower.objects.exists()
    response = client.post(
        unsubscribe,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Follower.objects.exists()
    mail.outbox.clear()
    _answer(reported, _adopt(reported, organizer, title="Bus lanes"))
    assert mail.outbox == []
    assert client.post(unsubscribe).status_code == 404


def test_a_forged_unsubscribe_link_removes_nobody(client: Client, reported: Any) -> None:
    services.follower_add(assembly=reported, email=ADDRESS)
    follower = Follower.objects.get()
    url = reverse("accountability:unfollow", args=[reported.slug, f"{follower.pk}:forged"])
    assert client.post(url).status_code == 404
    assert Follower.objects.exists()


def test_repeated_requests_for_one_address_are_throttled(
    client: Client, reported: Any, make_assembly: Any, organizer: Any
) -> None:
    mail.outbox.clear()
    for _attempt in range(5):
        _follow(client, reported)
    assert len(mail.outbox) == 1
    # Later, a few more confirmations, never more than three per assembly.
    for _attempt in range(5):
        Follower.objects.update(confirmation_sent_at=timezone.now() - datetime.timedelta(hours=2))
        _follow(client, reported)
    assert len(mail.outbox) == services.FOLLOW_CONFIRMATIONS_PER_ASSEMBLY
    # Across assemblies, at most three a day for one address.
    mail.outbox.clear()
    Follower.objects.all().delete()
    others = [make_assembly(title=f"Assembly {number}") for number in range(5)]
    for assembly in others:
        _follow(client, assembly)
    assert len(mail.outbox) == services.FOLLOW_CONFIRMATIONS_PER_DAY
    assert Follower.objects.count() == services.FOLLOW_CONFIRMATIONS_PER_DAY
    # Another address is not held up by the first.
    _follow(client, others[-1], "someone.else@example.org")
    assert mail.outbox[-1].to == ["someone.else@example.org"]


def test_a_private_assembly_cannot_be_followed_and_its_followers_hear_nothing(
    client: Client, reported: Any, organizer: Any
) -> None:
    item = _adopt(reported, organizer)
    services.follower_add(assembly=reported, email=ADDRESS)
    token = _link(mail.outbox[-1], "follow").rstrip("/").rsplit("/", 1)[1]
    services.follower_confirm(assembly=reported, token=token)
    assembly_services.assembly_unpublish(actor=organizer, assembly=reported)
    mail.outbox.clear()
    _answer(reported, item)
    assert mail.outbox == []
    client.force_login(organizer)
    page = _follow(client, reported, "new@example.org").content.decode()
    assert "Only a public assembly can be followed" in page
    assert not Follower.objects.filter(email="new@example.org").exists()
