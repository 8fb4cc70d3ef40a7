"""Issue 16: numbers, decimals, dates and plurals in the reader's language on the pages
outside decisions ("1,7", not "1.7"; "1 presente", not "1 presentes"; "31 de enero de
2026"), charts included.

The Spanish of this round's new strings waits in pending-*.po until it is merged into
django.po; the fixture compiles it next to the catalogue, so these tests read what a
Spanish reader will read once it is merged."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

import assemblea
from assemblea.accountability import services as record
from assemblea.assemblies.models import AssemblyRoleName
from assemblea.assemblies.services import assembly_role_grant
from assemblea.deliberation import services as deliberation
from tests.accountability.conftest import reported
from tests.core.test_charts_pages import _answered, _chart
from tests.deliberation.conftest import room
from tests.evaluation.conftest import convened, seat

__all__ = ["convened", "reported", "room", "seat"]

pytestmark = pytest.mark.django_db

PENDING = Path(assemblea.__file__).parent / "locale" / "es" / "LC_MESSAGES"


@pytest.fixture(autouse=True)
def pending_spanish(settings: Any, tmp_path: Path) -> None:
    files = sorted(PENDING.glob("pending-*.po"))
    if not files:
        return  # merged into django.po already
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is needed to read the pending Spanish")
    target = tmp_path / "es" / "LC_MESSAGES"
    target.mkdir(parents=True)
    merged = tmp_path / "pending.po"
    subprocess.run(
        ["msgcat", "--use-first", "-o", str(merged), *map(str, files)],
        check=True,
    )
    subprocess.run(
        ["msgfmt", "-o", str(target / "django.mo"), str(merged)],
        check=True,
    )
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]


def _spanish(client: Any, user: Any = None) -> Any:
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = "es"
    return client


def test_one_member_present_is_singular_in_spanish(room: Any, client: Any) -> None:
    deliberation.attendance_check_in(actor=room.members[0], session=room.session)
    _spanish(client, room.members[0])
    args = [room.assembly.slug, room.session.pk]
    live = client.get(reverse("deliberation:room_live", args=args)).content.decode()
    assert "1 presente, se necesitan" in live and "1 presentes" not in live
    _spanish(client, room.facilitator)
    chair = client.get(reverse("deliberation:chair", args=args)).content.decode()
    assert "1 presente, se necesitan" in chair and "1 presentes" not in chair
    deliberation.attendance_check_in(actor=room.members[1], session=room.session)
    chair = client.get(reverse("deliberation:chair", args=args)).content.decode()
    assert "2 presentes, se necesitan" in chair


def test_the_evaluation_report_writes_decimals_with_a_comma(
    client: Any, convened: Any, organizer: Any, make_user: Any, seat: Any
) -> None:
    _answered(convened, organizer, make_user, seat)
    for number in range(3):
        assembly_role_grant(
            actor=organizer,
            assembly=convened,
            user=make_user(f"facilitator{number}"),
            role=AssemblyRoleName.FACILITATOR,
        )
    url = reverse("evaluation:report", args=[convened.slug])
    page = _spanish(client).get(url).content.decode()
    _svg, rows, _markup = _chart(page, "likert-members")
    assert "<strong>1,7</strong>" in page  # 5 members, 3 facilitators
    client.cookies["django_language"] = "en"
    assert "<strong>1.7</strong>" in client.get(url).content.decode()
    assert rows and all(row[-1].endswith(" %") for row in rows)
    assert "Respuestas a cada afirmación" in page


def test_the_tracker_writes_dates_and_delays_in_spanish(
    client: Any, organizer: Any, reported: Any
) -> None:
    record.recommendation_adopt(
        actor=organizer,
        assembly=reported,
        title="Cruces seguros",
        text="Cruces elevados.",
        addressed_to="Ayuntamiento",
        adopted_on=datetime.date(2026, 1, 2),
        answer_due_on=datetime.date(2026, 1, 31),
    )
    page = _spanish(client).get(reverse("accountability:tracker", args=[reported.slug]))
    html = page.content.decode()
    _svg, rows, _markup = _chart(html, "due")
    assert rows[0][0] == "1. Cruces seguros: respuesta"
    assert rows[0][1] == "31 de enero de 2026"
    assert rows[0][3].startswith("con ") and rows[0][3].endswith(" días de retraso")
    assert "Respuestas y compromisos frente a sus fechas límite" in html


def test_the_final_report_pdf_writes_spanish_dates_and_stays_on_its_pages(
    client: Any, organizer: Any, reported: Any
) -> None:
    import io

    from pypdf import PdfReader

    from assemblea.accountability.models import Verdict
    from tests.evaluation.pdf_bounds import pdf_outside_marks

    item = record.recommendation_adopt(
        actor=organizer,
        assembly=reported,
        title="Cruces seguros",
        text="Cruces elevados.",
        addressed_to="Ayuntamiento",
        adopted_on=datetime.date(2026, 1, 2),
    )
    record.response_publish(
        actor=reported.respondent,
        recommendation=item,
        verdict=Verdict.ACCEPTED,
        actions="Doce cruces.",
        responsible="Movilidad",
        due_on=datetime.date(2027, 12, 31),
    )
    record.commitment_add(
        actor=reported.respondent,
        recommendation=item,
        title="Doce cruces elevados",
        office="Movilidad",
        starts_on=datetime.date(2026, 2, 1),
        due_on=datetime.date(2027, 12, 31),
        milestones=[("Diseños", datetime.date(2027, 3, 1))],
    )
    pdf = _spanish(client).get(reverse("accountability:report_pdf", args=[reported.slug]))
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "31 de diciembre de 2027" in words and "1 de marzo de 2027" in words
    assert "2027-12-31" not in words
    assert pdf_outside_marks(pdf.content) == []
