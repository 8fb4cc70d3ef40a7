"""Import from Polis: a preview with problems counted and shown with examples, nothing
saved before the organizer confirms; the four real conversations import and map."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assemblea.conversations import maps, services
from assemblea.conversations.models import Conversation, MapSnapshot, Participant, Vote
from assemblea.engines.opinion import read_polis

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "../shared/data/polis"
REAL = [
    "15-per-hour-seattle",
    "vtaiwan.uberx",
    "austria-climate.5twd2jsnkf.2022-08-08",
    "american-assembly.bowling-green",
]

COMMENTS = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    "1,,0,0,0,0,1,Parks first\n1,,3,0,0,0,1,Caf\xe9s\n"
    "1,,1,0,0,0,1,Roads first\n1,,2,1,0,0,-1,Spam\n"
)
VOTES = (
    "timestamp,datetime,comment-id,voter-id,vote\n"
    "1,,0,0,1\n2,,1,0,-1\n3,,0,1,1\n4,,9,1,1\n5,,1,1,2\n6,,0,1,-1\n"
)


def test_problems_are_previewed_and_nothing_is_saved_before_confirming(
    client: Any, world: Any
) -> None:
    index = reverse("conversations:import", args=[world.assembly.slug])
    client.force_login(world.users["organizer"])
    answer = client.post(
        index,
        {
            "upload": "1",
            "question": "What first?",
            "language": "en",
            "source_name": "Test town",
            "comments": SimpleUploadedFile("comments.csv", COMMENTS.encode("latin-1")),
            "votes": SimpleUploadedFile("votes.csv", VOTES.encode()),
        },
    )
    page = answer.content.decode()
    assert "Votes on statements not in comments.csv: 1" in page
    assert "Votes other than 1, 0 or -1: 1" in page
    assert "Repeated votes (the latest is kept): 1" in page
    assert "Not UTF-8" in page
    assert "voter 1 on statement 9" in page
    assert not Conversation.objects.exists() and not Vote.objects.exists()
    confirmed = client.post(index, {"confirm": "1"})
    conversation = Conversation.objects.get()
    assert confirmed.url == conversation.get_absolute_url()
    assert conversation.source == "polis"
    assert dict(
        Vote.objects.filter(participant__number=1).values_list("statement__number", "value")
    ) == {0: -1}
    assert conversation.statements.get(number=2).status == "rejected"
    assert b"CC BY 4.0" in client.get(conversation.get_absolute_url()).content
    assert client.post(index, {"confirm": "1"}).status_code == 200  # the staged files are gone
    assert Conversation.objects.count() == 1


def test_only_organizers_import(client: Any, world: Any) -> None:
    index = reverse("conversations:import", args=[world.assembly.slug])
    client.force_login(world.users["facilitator"])
    assert client.get(index).status_code == 403


@pytest.mark.parametrize("name", REAL)
def test_the_real_conversations_import_and_map(
    name: str, world: Any, settings: Any, tmp_path: Path
) -> None:
    folder = DATA / name
    if not folder.exists():
        pytest.skip(f"{folder} is not beside the checkout")
    settings.VAR_DIR = tmp_path
    organizer = world.users["organizer"]
    files = {
        f.name: open(f, "rb")  # noqa: SIM115
        for f in folder.iterdir()
        if f.name in ("comments.csv", "votes.csv", "participants-votes.csv")
    }
    try:
        token = services.polis_stage(
            actor=organizer,
            assembly=world.assembly,
            files={n: SimpleUploadedFile(n, f.read()) for n, f in files.items()},
        )
    finally:
        for f in files.values():
            f.close()
    conversation = services.conversation_import(
        actor=organizer,
        assembly=world.assembly,
        token=token,
        question=name,
        language="en",
        source_name=name,
    )
    expected = read_polis(folder, accept=True)
    assert Participant.objects.filter(conversation=conversation).count() == len(
        expected.matrix.participants
    )
    snapshot = maps.map_compute(conversation.pk)
    assert isinstance(snapshot, MapSnapshot)
    assert snapshot.vote_count == len(expected.matrix.rows)
    assert snapshot.too_small == ""
    assert 2 <= len(snapshot.data["groups"]) <= 5
    assert snapshot.data["consensus"] and snapshot.data["divisive"]
