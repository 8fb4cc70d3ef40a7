"""The sortition engine's errors reach the organizers by code, in their language: the app says
them in its own words (recruitment/engine_errors.py), not the engine's English sentence."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from assemblea.engines.sortition import InfeasibleQuotasError, InputError, QuotaChange
from assemblea.recruitment import services
from assemblea.recruitment.engine_errors import engine_error_record, engine_error_text
from assemblea.recruitment.models import RunStatus

pytestmark = pytest.mark.django_db(transaction=True)

PENDING = pathlib.Path(settings.LOCALE_PATHS[0]) / "es" / "LC_MESSAGES" / "pending-recruit14.po"


@pytest.fixture
def spanish(tmp_path: Any, settings: Any) -> None:
    """The Spanish catalogue with this branch's pending strings compiled in (once they are
    merged into django.po, the file is gone and the catalogue has them already)."""
    if PENDING.exists() and shutil.which("msgfmt"):
        target = tmp_path / "es" / "LC_MESSAGES"
        target.mkdir(parents=True)
        subprocess.run(["msgfmt", "-o", str(target / "django.mo"), str(PENDING)], check=True)
        settings.LOCALE_PATHS = [str(tmp_path), *settings.LOCALE_PATHS]


def _infeasible() -> InfeasibleQuotasError:
    return InfeasibleQuotasError(["too few women"], [QuotaChange("gender", "woman", 3, 6, 1, 6)])


def test_an_engine_error_is_kept_by_code_and_params() -> None:
    kept = engine_error_record(_infeasible())
    assert kept["code"] == "infeasible_quotas"
    assert kept["params"]["relaxation"][0]["new_min"] == 1
    coded = InputError("the id is empty", "people.csv", 3, "id", code="empty_id")
    assert engine_error_record(coded) == {"code": "empty_id", "params": {}}
    assert engine_error_record(ValueError("no code")) == {}


def test_a_code_the_table_lacks_shows_nothing_so_the_sentence_stays() -> None:
    assert engine_error_text("no_such_code", {}) == ""
    assert engine_error_text("pool_too_small", {"seats": 6}) == ""  # params that do not fit


def test_an_engine_error_reads_in_spanish(spanish: None) -> None:
    params = engine_error_record(_infeasible())["params"]
    with translation.override("es"):
        text = engine_error_text("infeasible_quotas", params)
    assert "Ningún panel puede cumplir estas cuotas." in text
    assert "gender = woman: bajar el mínimo de 3 a 1" in text
    with translation.override("en"):
        assert "lower the minimum from 3 to 1" in engine_error_text("infeasible_quotas", params)


def test_a_failed_selection_shows_the_engine_s_error_in_spanish_on_the_page(
    spanish: None, recruiting: Any, register: Any, organizer: Any, run_tasks: Any, client: Any
) -> None:
    for number in range(8):  # only men: the women's minimums cannot be met
        register("man", "40+", number)
    run = services.selection_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "No panel can meet these quotas" in run.error  # the engine's sentence, kept
    organizer.preferred_language = "es"
    organizer.save(update_fields=["preferred_language"])
    client.force_login(organizer)
    url = reverse("recruitment:selection", args=[recruiting.assembly.slug])
    page = client.get(url).content.decode()
    assert "Ningún panel puede cumplir estas cuotas." in page
    assert "No panel can meet these quotas" not in page


def test_a_stalled_run_keeps_its_reason_by_code_and_reads_in_spanish(
    recruiting: Any, register: Any, organizer: Any
) -> None:
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from assemblea.core.events import event_describe
    from assemblea.core.models import Event
    from assemblea.recruitment import events, selectors
    from assemblea.recruitment.models import SelectionRun

    profiles = [("woman", "16-39"), ("woman", "40+"), ("man", "16-39"), ("man", "40+")]
    for number in range(24):
        register(*profiles[number % 4], number)
    with transaction.atomic():  # the commit that would start the task does not come here
        stalled = services.selection_start(actor=organizer, recruitment=recruiting)
        long_ago = timezone.now() - selectors.STALL_AFTER - datetime.timedelta(minutes=1)
        SelectionRun.objects.filter(pk=stalled.pk).update(created_at=long_ago)
        services.selection_start(actor=organizer, recruitment=recruiting)
        stalled.refresh_from_db()
        assert stalled.progress["error"]["code"] == "run_stalled"
        event = Event.objects.get(verb=events.SELECTION_FAILED)
        with translation.override("es"):
            assert "no dio señales de vida" in stalled.error_text
            assert "no dio señales de vida" in event_describe(event, strict=True)
        transaction.set_rollback(True)
