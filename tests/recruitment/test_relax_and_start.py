"""Accepting the engine's relaxation and starting again is one action in one transaction: if
the new selection cannot start, the quotas are not left relaxed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assemblea.core.models import Event
from assemblea.recruitment import services
from assemblea.recruitment.models import RegistrationStatus, RunStatus, TargetValue

pytestmark = pytest.mark.django_db(transaction=True)


def _bounds() -> list[tuple[str, int, int]]:
    return list(TargetValue.objects.order_by("pk").values_list("value", "min_seats", "max_seats"))


@pytest.fixture
def failed(recruiting: Any, register: Any, organizer: Any, run_tasks: Any) -> Any:
    for number in range(8):  # only men: the women's minimums cannot be met
        register("man", "16-39" if number % 2 else "40+", number)
    run = services.selection_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.relaxation
    return run


def test_relaxing_and_starting_happen_together(failed: Any, organizer: Any) -> None:
    before = _bounds()
    again = services.selection_restart_relaxed(actor=organizer, run=failed)
    assert _bounds() != before
    again.refresh_from_db()
    assert again.status in (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.READY)


def test_when_the_new_selection_cannot_start_nothing_is_relaxed(
    failed: Any, recruiting: Any, organizer: Any, client: Any
) -> None:
    recruiting.registrations.filter(pk__in=recruiting.registrations.values("pk")[:5]).update(
        status=RegistrationStatus.WITHDRAWN
    )  # the pool is now smaller than the seats: the selection cannot start
    before, events = _bounds(), Event.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.selection_restart_relaxed(actor=organizer, run=failed)
    assert refused.value.error_list[0].code == "pool_smaller_than_seats"
    assert _bounds() == before and Event.objects.count() == events
    client.force_login(organizer)
    response = client.post(
        reverse("recruitment:selection_action", args=[recruiting.assembly.slug]),
        {"action": "relax", "run": str(failed.pk)},
    )
    assert response.status_code == 302
    assert _bounds() == before and Event.objects.count() == events
    assert recruiting.runs.count() == 1
