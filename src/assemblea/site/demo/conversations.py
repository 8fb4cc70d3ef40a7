"""The demo's opinion map: a public conversation of the citizens' assembly on housing,
with statements from the organizers, votes from twelve residents in two camps (and common
ground between them), and one resident's statement waiting for moderation."""

from __future__ import annotations

from typing import Any

from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.conversations.models import Audience
from assemblea.conversations.services import (
    conversation_start,
    statement_add,
    statement_translate,
    vote_cast,
)

STATEMENTS = [
    (
        "Rents should rise no faster than wages.",
        "Los alquileres no deberían subir más que los salarios.",
    ),
    ("The city should build more social housing.", ""),
    ("New towers spoil the old town.", ""),
    ("Empty flats should pay a higher tax.", ""),
    ("Landlords need fewer rules, not more.", ""),
    ("Every neighbourhood should have homes people on low incomes can afford.", ""),
]
# Camp 0 agrees with the even statements, camp 1 with the odd ones; everyone agrees with
# the last (common ground).
PATTERN = {0: ("agree", "agree", "pass", "agree", "disagree", "agree")}
PATTERN[1] = ("disagree", "disagree", "agree", "disagree", "agree", "agree")


def conversations_load(people: dict[str, Any]) -> None:
    ana = people["ana"]
    civic = Assembly.objects.get(slug="riverton-citizens-assembly-on-housing")
    conversation = conversation_start(
        actor=ana,
        assembly=civic,
        question="What should Riverton do about the cost of housing?",
        audience=Audience.PUBLIC,
        rules="Speak about housing in Riverton; no names of landlords or tenants.",
    )
    statements = []
    for text, spanish in STATEMENTS:
        statement = statement_add(actor=ana, conversation=conversation, text=text, language="en")
        if spanish:
            statement_translate(actor=ana, statement=statement, language="es", text=spanish)
        statements.append(statement)
    residents = [
        seat.user
        for seat in SeatHolder.objects.filter(
            category__assembly=civic, user__username__startswith="resident", ended_on__isnull=True
        )
        .select_related("user")
        .order_by("user__username")[:12]
    ]
    for i, resident in enumerate(residents):
        for statement, value in zip(statements, PATTERN[i % 2], strict=True):
            vote_cast(actor=resident, statement=statement, value=value)
    if residents:
        statement_add(
            actor=residents[0],
            conversation=conversation,
            text="Students need their own housing near the college.",
        )
