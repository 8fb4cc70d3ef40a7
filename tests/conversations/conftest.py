from __future__ import annotations

from typing import Any

import pytest

from assemblea.assemblies.phases import Phase
from assemblea.conversations import services
from assemblea.conversations.models import Audience


@pytest.fixture(autouse=True)
def maps_in_the_request(settings: Any) -> None:
    """These tests read the map its task draws when the votes commit: it runs in-process,
    also in the PostgreSQL run, where other tasks go to the database workers."""
    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        }


@pytest.fixture
def world(cast: Any) -> Any:
    return cast(phase=Phase.IN_SESSION)


@pytest.fixture
def conversation(world: Any) -> Any:
    return services.conversation_start(
        actor=world.users["organizer"],
        assembly=world.assembly,
        question="How should Testville share its streets?",
        audience=Audience.PUBLIC,
    )


@pytest.fixture
def seeded(conversation: Any, world: Any) -> Any:
    """Four accepted statements (added by the organizer, so no moderation)."""
    texts = [
        "Streets should be safe for children first.",
        "Cars need more parking downtown.",
        "Buses should run every ten minutes.",
        "Bike lanes slow everyone down.",
    ]
    for text in texts:
        services.statement_add(actor=world.users["organizer"], conversation=conversation, text=text)
    return list(conversation.statements.order_by("number"))


@pytest.fixture
def two_camps(seeded: Any, make_user: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """Twelve residents in two camps; the map is computed by the task as votes commit."""
    people = []
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(12):
            person = make_user(f"resident{i}")
            people.append(person)
            camp = i % 2
            for n, statement in enumerate(seeded):
                value = "agree" if (n % 2 == camp) else "disagree"
                if n == 2:
                    value = "agree"
                services.vote_cast(actor=person, statement=statement, value=value)
    return people
