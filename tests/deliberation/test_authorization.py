"""Who may do what in the sessions, rule by rule: every role × every write view and every
private read (× phase where it matters), with the status and, on a refusal, proof that
nothing changed."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from assemblea.assemblies.phases import Phase
from assemblea.deliberation import services
from assemblea.deliberation.models import Resolution
from tests.view_matrix import ROLES, SIGNED_IN, ViewRule, assembly_put_in, rule_check

pytestmark = pytest.mark.django_db

PLANNERS = frozenset({"organizer", "facilitator"})
IN_THE_ROOM = frozenset({"organizer", "facilitator", "member", "observer", "respondent"})
MEMBER = frozenset({"member"})
SOON = timezone.now() + datetime.timedelta(days=3)


@dataclass(frozen=True)
class Rule(ViewRule):
    phase: str = Phase.IN_SESSION


def _url(name: str, *, session: bool = False) -> Callable[[Any], str]:
    def url(c: Any) -> str:
        args: list[Any] = [c.assembly.slug] + ([c.session.pk] if session else [])
        return reverse(name, args=args)

    return url


def _rules(c: Any) -> dict[str, Any]:
    return {
        "quorum_kind": "none",
        "quorum_fraction": "0.5",
        "quorum_fixed": "0",
        "speakers_order": "fifo",
        "speaking_seconds": "90",
        "table_size_min": "2",
        "table_size_max": "8",
        "jumps_need_approval": "on",
        "jumps_per_member": "1",
    }


SESSION = {
    "title": "Second weekend",
    "format": "in_person",
    "starts_at": SOON.strftime("%Y-%m-%dT%H:%M"),
    "ends_at": (SOON + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
    "place": "Library",
}

RULES = [
    # Private reads
    Rule("room rules page", "get", _url("deliberation:rules"), PLANNERS),
    Rule("session edit page", "get", _url("deliberation:session_edit", session=True), PLANNERS),
    Rule("members' balancing values", "get", _url("deliberation:profiles"), PLANNERS),
    Rule("chair's console", "get", _url("deliberation:chair", session=True), PLANNERS),
    Rule("tables", "get", _url("deliberation:tables", session=True), IN_THE_ROOM),
    Rule("room", "get", _url("deliberation:room", session=True), IN_THE_ROOM),
    Rule("room (live part)", "get", _url("deliberation:room_live", session=True), IN_THE_ROOM),
    Rule("speaking summary", "get", _url("deliberation:summary", session=True), IN_THE_ROOM),
    Rule("credentials", "get", _url("deliberation:credentials"), IN_THE_ROOM),
    Rule(
        "private assembly's sessions",
        "get",
        _url("deliberation:sessions"),
        IN_THE_ROOM | {"delegating"},
        private=True,
    ),
    Rule(
        "private assembly's session",
        "get",
        _url("deliberation:session", session=True),
        IN_THE_ROOM | {"delegating"},
        private=True,
    ),
    Rule(
        "private assembly's evidence",
        "get",
        _url("deliberation:evidence"),
        IN_THE_ROOM | {"delegating"},
        private=True,
    ),
    Rule(
        "private assembly's calendar",
        "get",
        _url("deliberation:calendar"),
        IN_THE_ROOM | {"delegating"},
        private=True,
    ),
    # Writes
    Rule("schedule a session", "post", _url("deliberation:sessions"), PLANNERS, lambda c: SESSION),
    Rule(
        "schedule a session once closed",
        "post",
        _url("deliberation:sessions"),
        frozenset(),
        lambda c: SESSION,
        phase=Phase.CLOSED,
    ),
    Rule("room rules", "post", _url("deliberation:rules"), PLANNERS, _rules),
    Rule(
        "change a session",
        "post",
        _url("deliberation:session_edit", session=True),
        PLANNERS,
        lambda c: SESSION,
    ),
    Rule(
        "balancing values",
        "post",
        _url("deliberation:profiles"),
        PLANNERS,
        lambda c: {"new_category": "age", f"value-{c.member_seat.pk}-0": "30s"},
    ),
    Rule(
        "check in oneself",
        "post",
        _url("deliberation:session", session=True),
        MEMBER,
        lambda c: {"check_in": "1"},
    ),
    Rule(
        "check in once the assembly closed",
        "post",
        _url("deliberation:session", session=True),
        frozenset(),
        lambda c: {"check_in": "1"},
        phase=Phase.CLOSED,
        refused=(302, 403, 404),  # the page says why
    ),
    Rule(
        "ask to speak",
        "post",
        _url("deliberation:session", session=True),
        MEMBER,
        lambda c: {"join": "1", "kind": "speak"},
        setup=lambda c: services.attendance_check_in(actor=c.users["member"], session=c.session),
    ),
    Rule(
        "add an agenda item",
        "post",
        _url("deliberation:chair", session=True),
        PLANNERS,
        lambda c: {"add_item": "1", "title": "Budget", "minutes_allotted": "10"},
    ),
    Rule(
        "check a member in",
        "post",
        _url("deliberation:chair", session=True),
        PLANNERS,
        lambda c: {"check_in": c.member_seat.pk},
    ),
    Rule(
        "close the session",
        "post",
        _url("deliberation:chair", session=True),
        PLANNERS,
        lambda c: {"close": "1"},
    ),
    Rule(
        "set the tables",
        "post",
        _url("deliberation:tables", session=True),
        PLANNERS,
        lambda c: {"assign": "1", "seed": "7"},
        setup=lambda c: _present(c, 6),
    ),
    Rule(
        "add evidence",
        "post",
        _url("deliberation:evidence"),
        PLANNERS,
        lambda c: {
            "add": "1",
            "kind": "document",
            "title": "Study",
            "provided_by": "Uni",
            "perspective": "Academic",
        },
    ),
    Rule(
        "ask for evidence",
        "post",
        _url("deliberation:evidence"),
        MEMBER,
        lambda c: {"ask": "1", "kind": "speaker", "text": "A tenant, please."},
    ),
    Rule(
        "answer an evidence request",
        "post",
        _url("deliberation:evidence"),
        PLANNERS,
        lambda c: {"answer_to": c.evidence_request.pk, "status": "declined", "answer": "No."},
        refused=(302, 403, 404),
    ),
    Rule(
        "record a resolution",
        "post",
        _url("deliberation:resolutions"),
        PLANNERS,
        lambda c: {
            "add": "1",
            "text": "Open a hotline.",
            "owner": c.delegating_org.pk,
            "due_on": "2030-01-01",
        },
        refused=(200, 302, 403, 404),
    ),
    Rule(
        "set a resolution's status",
        "post",
        _url("deliberation:resolutions"),
        PLANNERS,
        lambda c: {"status_of": c.resolution.pk, "status": "done"},
        refused=(302, 403, 404),
    ),
    Rule(
        "decide a credential",
        "post",
        _url("deliberation:credentials"),
        frozenset({"organizer"}),
        lambda c: {"seat": c.member_seat.pk, "status": "contested", "note": "Doubt"},
    ),
    Rule(
        "a new calendar address",
        "post",
        lambda c: reverse("deliberation:my_calendar"),
        SIGNED_IN,
    ),
]


def _room(c: Any) -> None:
    organizer = c.users["organizer"]
    start = timezone.now()
    c.session = services.session_create(
        actor=organizer,
        assembly=c.assembly,
        title="First weekend",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        place="Town hall",
    )
    services.session_open(actor=organizer, session=c.session)
    item = services.agenda_item_add(
        actor=organizer, session=c.session, title="Welcome", minutes_allotted=10
    )
    services.agenda_item_start(actor=organizer, item=item)
    c.evidence_request = services.evidence_request_add(
        actor=c.users["member"], assembly=c.assembly, kind="document", text="Rents data"
    )
    c.resolution = Resolution.objects.create(
        assembly=c.assembly,
        text="Hotline",
        owner=c.delegating_org,
        due_on=datetime.date(2030, 1, 1),
    )


def _present(c: Any, count: int) -> None:
    """`count` members in the room (the cast's member and seats without accounts)."""
    from assemblea.assemblies.services import seat_fill

    seats = [c.member_seat] + [
        seat_fill(actor=c.users["organizer"], category=c.lottery, name=f"Present {n}")
        for n in range(count - 1)
    ]
    for seat in seats:
        services.attendance_check_in(actor=c.users["organizer"], session=c.session, seat=seat)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_matrix(cast: Any, matrix_check: Any, rule: Rule, role: str) -> None:
    c = cast(phase=Phase.IN_SESSION)
    _room(c)
    assembly_put_in(c, rule)
    c.session.refresh_from_db()
    rule.setup(c)
    rule_check(c, matrix_check, rule, role)


BAD_IDS = ["abc", "1e9", "-1", "", "99999999999999999999999"]


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize(
    ("name", "session", "field"),
    [
        ("deliberation:chair", True, "check_in"),
        ("deliberation:chair", True, "remove_item"),
        ("deliberation:chair", True, "start_item"),
        ("deliberation:chair", True, "move_up"),
        ("deliberation:chair", True, "withdraw"),
        ("deliberation:chair", True, "committee_status"),
        ("deliberation:chair", True, "add_speaker"),
        ("deliberation:tables", True, "pin"),
        ("deliberation:tables", True, "facilitator_of"),
        ("deliberation:evidence", False, "answer_to"),
        ("deliberation:resolutions", False, "status_of"),
        ("deliberation:credentials", False, "seat"),
        ("deliberation:session", True, "withdraw"),
    ],
)
def test_a_bad_posted_id_is_a_400_or_404_not_a_500(
    cast: Any, client: Any, name: str, session: bool, field: str, bad: str
) -> None:
    c = cast(phase=Phase.IN_SESSION)
    _room(c)
    client.force_login(c.users["organizer"])
    args: list[Any] = [c.assembly.slug] + ([c.session.pk] if session else [])
    data = {field: bad, "kind": "speak", "status": "done"}
    assert client.post(reverse(name, args=args), data).status_code in (400, 404)


def test_an_evidence_answer_keeps_the_words_typed(cast: Any, client: Any) -> None:
    """The button that names the request used to share its name with the answer's text,
    so the request's number was published as the answer."""
    c = cast(phase=Phase.IN_SESSION)
    _room(c)
    client.force_login(c.users["organizer"])
    page = client.get(reverse("deliberation:evidence", args=[c.assembly.slug])).content.decode()
    assert f'name="answer_to" value="{c.evidence_request.pk}"' in page
    client.post(
        reverse("deliberation:evidence", args=[c.assembly.slug]),
        {"answer_to": c.evidence_request.pk, "status": "declined", "answer": "Not this year."},
    )
    c.evidence_request.refresh_from_db()
    assert (c.evidence_request.status, c.evidence_request.answer) == ("declined", "Not this year.")
