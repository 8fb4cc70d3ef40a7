"""The first draw counts who is on the panel per quota (the issue's "On the panel: —")."""

from typing import Any

import pytest
from django.urls import reverse

from assemblea.recruitment import services
from assemblea.recruitment.models import RunStatus

pytestmark = pytest.mark.django_db(transaction=True)

PROFILES = [("woman", "16-39"), ("woman", "40+"), ("man", "16-39"), ("man", "40+")]


def test_the_first_draw_fills_on_panel(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any
) -> None:
    for number in range(24):
        register(*PROFILES[number % 4], number)
    run = services.selection_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.READY, run.error
    assert all(row["on_panel"] is None for row in run.report["quotas"])
    services.selection_draw(actor=organizer, run=run, seed="04 18 22 31 40")
    run.refresh_from_db()
    on_panel = {(r["category"], r["value"]): r["on_panel"] for r in run.report["quotas"]}
    assert on_panel[("gender", "woman")] == 3 and on_panel[("gender", "man")] == 3
    assert on_panel[("age", "16-39")] + on_panel[("age", "40+")] == 6
    slug = recruiting.assembly.slug
    public = client.get(reverse("recruitment:lottery_file", args=[slug, run.pk, "report.json"]))
    rows = [row for row in public.json()["quotas"] if row["category"] == "gender"]
    assert [row["on_panel"] for row in rows] == [3, 3]  # small cells (age) may be withheld
    client.force_login(organizer)
    page = client.get(reverse("recruitment:selection", args=[slug])).content.decode()
    assert "<td>3</td></tr>" in page


def test_registrations_are_counted_on_the_public_record_not_listed(
    recruiting: Any, register: Any, organizer: Any
) -> None:
    from assemblea.core.events import event_describe
    from assemblea.core.models import Event
    from assemblea.recruitment import events

    for number in range(8):
        register(*PROFILES[number % 4], number)
    registered = Event.objects.filter(verb=events.REGISTERED)
    assert registered.count() == 8 and not registered.filter(public=True).exists()
    services.selection_start(actor=organizer, recruitment=recruiting)
    started = Event.objects.get(verb=events.SELECTION_QUEUED)
    assert started.public
    assert "from 8 registrations" in event_describe(started, strict=True)


def test_certain_selections_are_warned_and_at_risk_is_explained(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any
) -> None:
    # Three women for a minimum of three women's seats: the lottery must take all three.
    for number in range(3):
        register("woman", PROFILES[number % 2][1], number)
    for number in range(3, 24):
        register("man", PROFILES[number % 2][1], number)
    run = services.selection_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.READY, run.error
    client.force_login(organizer)
    slug = recruiting.assembly.slug
    page = client.get(reverse("recruitment:selection", args=[slug])).content.decode()
    assert "3 people in the pool have a chance of selection of 99 % or more" in page
    assert "gender = woman: the pool has 3 people for a minimum of 3 seats" in page
    overview = client.get(reverse("recruitment:overview", args=[slug])).content.decode()
    assert "at risk" in overview and "“At risk”: the pool has fewer than three" in overview


def test_an_even_pool_has_no_warning(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any
) -> None:
    for number in range(24):
        register(*PROFILES[number % 4], number)
    services.selection_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    client.force_login(organizer)
    page = client.get(reverse("recruitment:selection", args=[recruiting.assembly.slug]))
    assert "99 % or more" not in page.content.decode()


def test_confirm_several_at_once(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any
) -> None:
    from django.core.exceptions import ValidationError

    from assemblea.recruitment.models import RegistrationStatus

    for number in range(24):
        register(*PROFILES[number % 4], number)
    run = services.selection_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    run.refresh_from_db()
    selected = services.selection_draw(actor=organizer, run=run, seed="1 2 3")
    pool_person = recruiting.registrations.filter(status=RegistrationStatus.POOL).first()
    with pytest.raises(ValidationError) as error:
        services.registrations_confirm(
            actor=organizer, recruitment=recruiting, registrations=[*selected[:2], pool_person]
        )
    assert error.value.error_list[0].code == "confirm_not_selected"
    assert not recruiting.registrations.filter(status=RegistrationStatus.CONFIRMED).exists()
    client.force_login(organizer)
    url = reverse("recruitment:panel", args=[recruiting.assembly.slug])
    page = client.get(url).content.decode()
    assert 'form="confirm-many"' in page
    response = client.post(
        url, {"confirm_many": "1", "confirm_ids": [str(r.pk) for r in selected[:5]]}
    )
    assert response.status_code == 302
    confirmed = recruiting.registrations.filter(status=RegistrationStatus.CONFIRMED)
    assert set(confirmed.values_list("pk", flat=True)) == {r.pk for r in selected[:5]}
