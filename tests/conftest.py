from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from assemblea.accounts.models import OrganizationKind
from assemblea.accounts.services import organization_create
from assemblea.assemblies import services
from tests.view_matrix import ROLES


@pytest.fixture(autouse=True)
def tasks_in_the_request(settings: Any) -> None:
    """Tests run background tasks inside the request, where they can assert on the outcome,
    unless the suite runs against the database workers (CI's PostgreSQL run) or a test
    chooses the thread backend itself (the recruitment browser test)."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        }


@pytest.fixture(autouse=True)
def mail_where_it_is_queued(settings: Any, monkeypatch: Any, request: Any) -> None:
    """Tests read the mails they cause from the outbox, so the mail task runs in-process
    when the transaction commits, also in the PostgreSQL run where other tasks go to the
    database workers (tests/core/test_mail.py tests the task itself)."""
    testing_the_task_itself = request.node.path.name == "test_mail.py"
    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db") and not (
        testing_the_task_itself
    ):
        from django.db import transaction

        from assemblea.core import mail as core_mail

        monkeypatch.setattr(
            core_mail,
            "_enqueue_on_commit",
            lambda mail_id: transaction.on_commit(lambda: core_mail.mail_deliver.call(mail_id)),
        )


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
    """An assembly of the city, public as most tests need; pass visibility="private" for one
    that was never published (as every new assembly starts)."""

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
            # As if published, without the "published" event, so that tests which read the
            # event log see only what they did (tests/assemblies/test_publishing.py covers
            # publishing itself).
            from assemblea.assemblies.models import Assembly, Visibility

            Assembly.objects.filter(pk=assembly.pk).update(visibility=Visibility.PUBLIC)
            assembly.refresh_from_db()
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


# --- Authorization matrices (tests/<app>/test_authorization.py) -------------------------

# Every kind of person the permission rules tell apart (tests/view_matrix.py).
CAST_ROLES = ROLES
MATRIX_APPS = frozenset({"assemblies", "accountability", "deliberation", "evaluation", "network"})


@pytest.fixture
def cast(make_assembly: Any, make_user: Any, organizer: Any, city: Any) -> Any:
    """`cast(phase=...)`: a public assembly of the city in `phase` with one person in each of
    CAST_ROLES (`.users[role]`, None for anonymous), and another organization's assembly
    (`.other`) with its own organizer and member."""
    from types import SimpleNamespace

    from assemblea.assemblies.models import (
        Assembly,
        AssemblyRoleName,
        DelegateAllocation,
        SeatCategory,
        SeatType,
    )
    from assemblea.assemblies.phases import Phase
    from assemblea.evaluation.models import EvaluatorGrant

    def make(phase: str = Phase.DRAFT, **overrides: Any) -> Any:
        assembly = make_assembly(**overrides)
        users: dict[str, Any] = {"anonymous": None, "organizer": organizer}
        for role in ("stranger", "member", "other_member", "evaluator", "delegating"):
            users[role] = make_user(role)
        users["other_organizer"] = make_user("other_organizer")
        for role in ("facilitator", "observer", "respondent"):
            users[role] = make_user(role)
            services.assembly_role_grant(
                actor=organizer, assembly=assembly, user=users[role], role=AssemblyRoleName(role)
            )
        lottery = assembly.categories.filter(seat_type=SeatType.LOTTERY).first()
        assert lottery is not None
        member_seat = services.seat_fill(
            actor=organizer, category=lottery, name="Mara Member", user=users["member"]
        )
        delegates = SeatCategory.objects.create(
            assembly=assembly,
            seat_type=SeatType.DELEGATE,
            name="Delegates",
            seats=2,
            position=99,
        )
        delegating_org = organization_create(
            actor=users["delegating"], name="Tenants Union", kind=OrganizationKind.COMMUNITY
        )
        DelegateAllocation.objects.create(category=delegates, organization=delegating_org, seats=2)
        Assembly.objects.filter(pk=assembly.pk).update(
            planned_size=(assembly.planned_size or 0) + 2
        )
        other_org = organization_create(
            actor=users["other_organizer"], name="Elsewhere", kind=OrganizationKind.GOVERNMENT
        )
        other = make_assembly(
            actor=users["other_organizer"], organization=other_org, title="Elsewhere Assembly"
        )
        services.seat_fill(
            actor=users["other_organizer"],
            category=other.categories.first(),
            name="Otto Other",
            user=users["other_member"],
        )
        EvaluatorGrant.objects.create(assembly=assembly, user=users["evaluator"])
        Assembly.objects.filter(pk__in=[assembly.pk, other.pk]).update(phase=phase)
        assembly.refresh_from_db()
        other.refresh_from_db()
        return SimpleNamespace(
            assembly=assembly,
            other=other,
            users=users,
            lottery=lottery,
            delegates=delegates,
            member_seat=member_seat,
            delegating_org=delegating_org,
            other_org=other_org,
        )

    return make


PERSONAL_DATA_VIEWED = "assembly.personal_data_viewed"


def db_state(*, include_views: bool = True) -> dict[str, Any]:
    """Every row of the civic apps and the event log, to show that a refusal changed nothing.
    `include_views=False` leaves out the private "personal data viewed" events (a permitted
    look records one; it is not a change).

    Plain SQL, a query per table: the refusal matrices take thousands of these, and building
    each query through the ORM cost more than the requests they check."""
    from django.apps import apps
    from django.db import connection

    from assemblea.core.models import Event

    quote = connection.ops.quote_name
    state: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.app_label in MATRIX_APPS:
                table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
                cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")
                state[model._meta.label] = cursor.fetchall()
        events, verb = quote(Event._meta.db_table), quote(Event._meta.get_field("verb").column)
        cursor.execute(f"SELECT {quote(Event._meta.pk.column)}, {verb} FROM {events} ORDER BY 1")
        state["events"] = [
            row for row in cursor.fetchall() if include_views or row[1] != PERSONAL_DATA_VIEWED
        ]
    return state


def without_views(state: dict[str, Any]) -> dict[str, Any]:
    """`db_state()` as `db_state(include_views=False)` would have read it."""
    return {**state, "events": [row for row in state["events"] if row[1] != PERSONAL_DATA_VIEWED]}


@pytest.fixture
def matrix_check(client: Any) -> Any:
    """`matrix_check(cast, role, method, url, data, allowed, refused=(403, 404))`.

    Allowed: no refusal (status below 400, not sent to the login page) and, for a POST,
    something changed. Refused: a refusal status (an anonymous visitor may also be sent to
    log in) and nothing at all changed — not a row, not an event."""

    def check(
        cast: Any,
        role: str,
        method: str,
        url: str,
        data: dict[str, Any] | None,
        allowed: bool,
        refused: tuple[int, ...] = (403, 404),
    ) -> Any:
        user = cast.users[role]
        client.logout()
        if user is not None:
            client.force_login(user)
        before = db_state()
        before_changes = without_views(before)
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        status = response.status_code
        to_login = status == 302 and "/login" in response.get("Location", "")
        if allowed:
            assert status < 400 and not to_login, (role, method, url, status)
            if method == "post":
                assert db_state(include_views=False) != before_changes, (role, url, "no change")
        else:
            assert status in refused or (role == "anonymous" and to_login), (
                role,
                method,
                url,
                status,
            )
            assert db_state() == before, (role, method, url, "changed on a refusal")
        return response

    return check


@pytest.fixture
def snapshot() -> Any:
    """`snapshot()`: db_state() — every row of the civic apps and the event log."""
    return db_state
