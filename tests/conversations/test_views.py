"""The conversations' pages: one statement at a time without JavaScript (and the card
alone with htmx), the map and bars, moderation, what the public never sees, the Polis
export (pseudonymous) and the printable report (on its pages)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.urls import reverse

from assemblea.conversations import services
from assemblea.conversations.models import Statement, StatementStatus, Vote
from tests.evaluation.pdf_bounds import pdf_outside_marks

pytestmark = pytest.mark.django_db


def url(name: str, conversation: Any, *more: Any) -> str:
    return reverse(
        f"conversations:{name}", args=[conversation.assembly.slug, conversation.pk, *more]
    )


def test_one_statement_at_a_time_then_the_next(
    client: Any, seeded: Any, world: Any, conversation: Any
) -> None:
    client.force_login(world.users["stranger"])
    page = client.get(url("detail", conversation)).content.decode()
    assert "Your turn" in page and "Anyone with an account may take part" in page
    shown = next(s for s in seeded if s.text in page)
    answer = client.post(url("vote", conversation), {"statement": shown.number, "vote": "agree"})
    assert answer.status_code == 302
    assert Vote.objects.get(statement=shown).value == 1
    card = client.post(
        url("vote", conversation),
        {"statement": shown.number, "vote": "disagree"},
        HTTP_HX_REQUEST="true",
    )
    assert card.status_code == 200 and b'id="card"' in card.content and b"<html" not in card.content
    assert Vote.objects.get(statement=shown).value == -1
    for s in seeded:
        client.post(url("vote", conversation), {"statement": s.number, "vote": "pass"})
    assert "there are none left" in client.get(url("detail", conversation)).content.decode()


def test_a_refused_vote_says_why_in_the_card_that_replaces_itself(
    client: Any, seeded: Any, world: Any, conversation: Any
) -> None:
    client.force_login(world.users["stranger"])
    shown = seeded[0]
    card = client.post(
        url("vote", conversation),
        {"statement": shown.number, "vote": "maybe"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'role="alert"' in card and "Vote agree, disagree or pass." in card
    assert not Vote.objects.exists()
    # Nothing is left over for the next page to say again.
    assert "Vote agree, disagree or pass." not in client.get(url("detail", conversation)).text
    # Without htmx the message comes on the page the vote goes back to.
    page = client.post(
        url("vote", conversation), {"statement": shown.number, "vote": "maybe"}, follow=True
    )
    assert "Vote agree, disagree or pass." in page.content.decode()


def test_an_anonymous_reader_is_asked_to_sign_in(
    client: Any, seeded: Any, conversation: Any
) -> None:
    page = client.get(url("detail", conversation)).content.decode()
    assert "Sign in to vote" in page
    assert (
        client.post(url("vote", conversation), {"statement": 1, "vote": "agree"}).status_code == 302
    )
    assert not Vote.objects.exists()


def test_moderation_hides_rejected_statements_from_the_public(
    client: Any, conversation: Any, world: Any
) -> None:
    client.force_login(world.users["stranger"])
    client.post(
        url("add", conversation), {"text": "Ban all cars forever, idiots.", "language": "en"}
    )
    statement = Statement.objects.get(conversation=conversation)
    assert statement.status == StatementStatus.PENDING
    client.force_login(world.users["member"])
    assert client.get(url("moderate", conversation)).status_code == 403
    client.force_login(world.users["facilitator"])
    assert b"Ban all cars" in client.get(url("moderate", conversation)).content
    client.post(
        url("moderate", conversation),
        {"statement": statement.number, "reject": "1", "reason": "No insults"},
    )
    statement.refresh_from_db()
    assert statement.status == StatementStatus.REJECTED
    client.logout()
    assert b"Ban all cars" not in client.get(url("map", conversation)).content
    assert client.get(url("statement", conversation, statement.number)).status_code == 404
    client.force_login(world.users["stranger"])
    assert b"No insults" in client.get(url("detail", conversation)).content


def test_the_map_shows_groups_bars_and_no_account(
    client: Any, two_camps: Any, conversation: Any
) -> None:
    page = client.get(url("map", conversation)).content.decode()
    assert "Group A" in page and "Group B" in page
    assert "Common ground" in page and "Buses should run every ten minutes." in page
    assert "<path d=" in page and "data-split=" in page
    assert "style=" not in page
    for person in two_camps:
        assert person.username not in page
    pdf = client.get(url("report_pdf", conversation))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf_outside_marks(pdf.content) == []


def test_too_small_says_so(
    client: Any, seeded: Any, world: Any, conversation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.vote_cast(actor=world.users["member"], statement=seeded[0], value="agree")
    page = client.get(url("map", conversation)).content.decode()
    assert "Too small to map yet" in page and "<path d=" not in page


def test_the_export_is_polis_format_with_numbers_only(
    client: Any, two_camps: Any, world: Any, conversation: Any
) -> None:
    client.force_login(world.users["member"])
    assert client.get(url("export", conversation)).status_code == 403
    client.force_login(world.users["organizer"])
    answer = client.get(url("export", conversation))
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert sorted(archive.namelist()) == ["comments.csv", "participants-votes.csv", "votes.csv"]
    votes = archive.read("votes.csv").decode()
    assert votes.splitlines()[0] == "timestamp,datetime,comment-id,voter-id,vote"
    assert len(votes.splitlines()) == 49
    everything = b"".join(archive.read(n) for n in archive.namelist()).decode()
    for person in two_camps:
        assert person.username not in everything


def test_an_organizer_sends_common_ground_to_the_evidence(
    client: Any, two_camps: Any, world: Any, conversation: Any
) -> None:
    from assemblea.deliberation.models import Evidence

    client.force_login(world.users["organizer"])
    page = client.get(url("statement", conversation, 3)).content.decode()
    assert "Common ground: send it into the assembly" in page
    client.post(url("send", conversation, 3), {"kind": "evidence"})
    evidence = Evidence.objects.get(assembly=world.assembly)
    assert evidence.link.endswith(url("statement", conversation, 3))
    assert "Buses" in evidence.title
    client.force_login(world.users["member"])
    assert client.post(url("send", conversation, 3), {"kind": "evidence"}).status_code == 403


def test_the_map_page_polls_while_a_newer_map_is_computed(
    client: Any,
    two_camps: Any,
    world: Any,
    conversation: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        services.vote_cast(
            actor=world.users["member"],
            statement=Statement.objects.get(conversation=conversation, number=1),
            value="agree",
        )
    page = client.get(url("map", conversation)).content.decode()
    assert "Newer votes are being counted." in page and "part=status&amp;shown=48" in page
    from assemblea.conversations.maps import map_compute

    map_compute(conversation.pk)
    status = client.get(
        url("map", conversation), {"part": "status", "shown": "48"}
    ).content.decode()
    assert "A newer map, on 49 votes, is ready" in status and "hx-get" not in status


def test_svg_numbers_are_not_localised(client: Any, two_camps: Any, conversation: Any) -> None:
    import re

    client.cookies["django_language"] = "es"
    page = client.get(url("map", conversation)).content.decode()
    assert 'lang="es"' in page
    drawn = re.findall(r'<(?:path d|rect x|text x)="([^"]*)"', page)
    assert drawn and not any(re.search(r"\d,\d", value) for value in drawn)
