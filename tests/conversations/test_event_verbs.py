"""Every verb of the conversations, recorded through its service and read in English and
Spanish; public events never name a voter or an author."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from assemblea.conversations import services
from assemblea.core.events import event_describe, registered_verbs
from assemblea.core.models import Event
from assemblea.deliberation.models import Evidence

pytestmark = pytest.mark.django_db


def test_every_verb_is_recorded_by_its_service_and_reads_in_both_languages(
    two_camps: Any, seeded: Any, world: Any, conversation: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assemblea.conversations.exports import polis_zip

    organizer = world.users["organizer"]
    pending = services.statement_add(
        actor=world.users["stranger"], conversation=conversation, text="Close Main Street."
    )
    services.statement_moderate(actor=organizer, statement=pending, accept=True)
    other = services.statement_add(
        actor=world.users["stranger"], conversation=conversation, text="Rude words."
    )
    services.statement_moderate(actor=organizer, statement=other, accept=False, reason="Rude")
    services.statement_translate(actor=organizer, statement=seeded[0], language="es", text="Hola")
    services.statement_send(
        actor=organizer, statement=seeded[2], kind="evidence", origin="https://x.test/s/3/"
    )
    services.conversation_open(actor=organizer, conversation=conversation, is_open=False)
    services.conversation_open(actor=organizer, conversation=conversation, is_open=True)
    polis_zip(actor=organizer, conversation=conversation)
    settings.VAR_DIR = tmp_path
    comments = "comment-id,comment-body,moderated\n0,A,1\n1,B,1\n2,C,1\n"
    token = services.polis_stage(
        actor=organizer,
        assembly=world.assembly,
        files={
            "comments.csv": SimpleUploadedFile("comments.csv", comments.encode()),
            "votes.csv": SimpleUploadedFile("votes.csv", b"comment-id,voter-id,vote\n0,1,1\n"),
        },
    )
    services.conversation_import(
        actor=organizer,
        assembly=world.assembly,
        token=token,
        question="Q",
        language="en",
        source_name="Test",
    )
    assert Evidence.objects.filter(assembly=world.assembly).count() == 1
    stored = list(Event.objects.filter(verb__startswith="conversations."))
    mine = {code for code in registered_verbs() if code.startswith("conversations.")}
    assert {event.verb for event in stored} == mine
    for event in stored:
        english = event_describe(event, strict=True)
        with translation.override("es"):
            spanish = event_describe(event, strict=True)
        # (Spanish differs once pending-polis.po is merged into the catalogue.)
        assert english != event.verb and spanish != event.verb
        if event.public:
            for person in [*two_camps, world.users["stranger"]]:
                assert person.username not in str(event.data)
    private = {e.verb for e in stored if not e.public}
    assert private == {"conversations.statement_rejected", "conversations.exported"}
