from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from assemblea.accounts.models import OrganizationKind
from assemblea.accounts.services import organization_create
from assemblea.assemblies import services


@pytest.fixture
def make_user(django_user_model: Any) -> Any:
    def make(username: str, **extra: Any) -> Any:
        return django_user_model.objects.create_user(
            username=username, password="correct horse battery", **extra
        )

    return make


@pytest.fixture
def organizer(make_user: Any) -> Any:
    return make_user("organizer")


@pytest.fixture
def city(organizer: Any) -> Any:
    return organization_create(
        actor=organizer, name="City of Testville", kind=OrganizationKind.GOVERNMENT
    )


@pytest.fixture
def make_assembly(organizer: Any, city: Any) -> Any:
    """An assembly of the city, published by its organizer as most tests need; pass
    visibility="private" for one that was never published (as every new assembly starts)."""

    def make(**overrides: Any) -> Any:
        visibility = overrides.pop("visibility", "public")
        arguments: dict[str, Any] = {
            "actor": organizer,
            "organization": city,
            "title": "Testville Citizens' Assembly",
            "kind": "civic_one_time",
            "question": "How should Testville reduce traffic deaths?",
            "commissioning_body": "Testville Council",
            "commits_to_respond": True,
            "response_deadline": timezone.localdate() + datetime.timedelta(days=120),
        }
        arguments.update(overrides)
        assembly = services.assembly_create(**arguments)
        if visibility == "public":
            services.assembly_publish(actor=arguments["actor"], assembly=assembly)
        return assembly

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_by_default() -> Any:
    """Requests activate the reader's language in the thread; start every test in English."""
    translation.activate("en")
    yield
    translation.deactivate()


def tasks_run(settings: Any) -> None:
    """Run queued background tasks: nothing to do in-process; a worker batch with the
    database backend (as in production, and in CI's PostgreSQL run)."""
    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        import io

        from django.core.management import call_command

        call_command(
            "db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO()
        )


@pytest.fixture
def run_tasks(settings: Any) -> Any:
    return lambda: tasks_run(settings)
