"""Who may do what in the public record, rule by rule: every role × every write view and
every private read (× phase where it matters), with the status and, on a refusal, proof that
nothing changed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from assemblea.accountability import services
from assemblea.accountability.models import Comment, Commitment, Verdict
from assemblea.assemblies.phases import Phase
from tests.view_matrix import (
    EVERYONE,
    ROLES,
    SIGNED_IN,
    WITH_A_ROLE,
    ViewRule,
    assembly_put_in,
    assembly_url,
    rule_check,
)

pytestmark = pytest.mark.django_db

ADOPTERS = frozenset({"organizer", "facilitator"})
ANSWERERS = frozenset({"organizer", "respondent"})
ESCALATORS = frozenset({"organizer", "facilitator", "member"})
TODAY = timezone.localdate()


@dataclass(frozen=True)
class Rule(ViewRule):
    phase: str = Phase.REPORTED


_url = assembly_url


def _number(c: Any) -> int:
    return int(c.item.number)


def _commitment(c: Any) -> int:
    return int(c.commitment.pk)


ADOPT = {
    "title": "Night buses",
    "text": "Run buses all night.",
    "addressed_to": "Council",
    "adopted_on": TODAY.isoformat(),
}
RESPOND = {"verdict": Verdict.REJECTED, "reasons": "No money."}
COMMIT = {"title": "Second crossing", "office": "Roads", "starts_on": TODAY.isoformat()}
PROGRESS = {"progress": "50", "status": "under_way", "reported_on": TODAY.isoformat()}
ESCALATE = {"escalated_to": "Mayor", "reason": "Stalled.", "owner": "Members"}

RULES = [
    # Private reads: the forms behind each write
    Rule("adopt page", "get", _url("accountability:adopt"), ADOPTERS),
    Rule("review page", "get", _url("accountability:review"), ADOPTERS),
    Rule("plan page", "get", _url("accountability:plan"), frozenset({"organizer"})),
    Rule("answer page", "get", _url("accountability:respond", _number), ANSWERERS),
    Rule("commitment page", "get", _url("accountability:commit", _number), ANSWERERS),
    Rule("progress page", "get", _url("accountability:progress", _commitment), ANSWERERS),
    Rule("escalate page", "get", _url("accountability:escalate", _commitment), ESCALATORS),
    Rule(
        "private assembly's record",
        "get",
        _url("accountability:tracker"),
        WITH_A_ROLE | {"delegating"},
        private=True,
    ),
    Rule(
        "private assembly's feed",
        "get",
        _url("accountability:feed"),
        WITH_A_ROLE | {"delegating"},
        private=True,
    ),
    Rule(
        "private assembly's report",
        "get",
        _url("accountability:report"),
        WITH_A_ROLE | {"delegating"},
        private=True,
    ),
    # Writes
    Rule("adopt", "post", _url("accountability:adopt"), ADOPTERS, data=lambda c: ADOPT),
    Rule(
        "adopt in draft",
        "post",
        _url("accountability:adopt"),
        frozenset(),
        data=lambda c: ADOPT,
        phase=Phase.DRAFT,
    ),
    Rule("answer", "post", _url("accountability:respond", _number), ANSWERERS, lambda c: RESPOND),
    Rule(
        "answer once closed",
        "post",
        _url("accountability:respond", _number),
        frozenset(),
        lambda c: RESPOND,
        phase=Phase.CLOSED,
    ),
    Rule("commit", "post", _url("accountability:commit", _number), ANSWERERS, lambda c: COMMIT),
    Rule(
        "report progress",
        "post",
        _url("accountability:progress", _commitment),
        ANSWERERS,
        lambda c: PROGRESS,
    ),
    Rule(
        "escalate",
        "post",
        _url("accountability:escalate", _commitment),
        ESCALATORS,
        lambda c: ESCALATE,
    ),
    Rule(
        "comment",
        "post",
        _url("accountability:recommendation", _number),
        SIGNED_IN,
        lambda c: {"comment": "1", "text": "When?"},
    ),
    Rule(
        "comment once closed",
        "post",
        _url("accountability:recommendation", _number),
        frozenset(),
        lambda c: {"comment": "1", "text": "When?"},
        phase=Phase.CLOSED,
        refused=(200, 403, 404),  # the form says the record is closed
    ),
    Rule(
        "answer a comment",
        "post",
        _url("accountability:answer", lambda c: c.comment.pk),
        ANSWERERS,
        lambda c: {"answer": "Next year."},
        refused=(302, 403, 404),
    ),
    Rule(
        "record a review",
        "post",
        _url("accountability:review"),
        ADOPTERS,
        lambda c: {"body": "Members", "held_on": TODAY.isoformat(), "findings": "Slow."},
    ),
    Rule(
        "set the plan",
        "post",
        _url("accountability:plan"),
        frozenset({"organizer"}),
        lambda c: {"first_report_months": "2", "then_every_months": "3", "remind_days_before": "7"},
    ),
    Rule(
        "follow by e-mail",
        "post",
        _url("accountability:tracker"),
        EVERYONE,
        lambda c: {"email": "someone@example.org"},
    ),
    Rule(
        "follow a private assembly",
        "post",
        _url("accountability:tracker"),
        frozenset(),
        lambda c: {"email": "someone@example.org"},
        private=True,
        refused=(302, 404),
    ),
]


def _record(c: Any) -> None:
    organizer, respondent = c.users["organizer"], c.users["respondent"]
    c.item = services.recommendation_adopt(
        actor=organizer,
        assembly=c.assembly,
        title="Safer crossings",
        text="Raised crossings at schools.",
        addressed_to="Council",
        adopted_on=TODAY - datetime.timedelta(days=10),
    )
    services.response_publish(
        actor=respondent,
        recommendation=c.item,
        verdict=Verdict.ACCEPTED,
        actions="Build them.",
        responsible="Roads office",
        due_on=TODAY + datetime.timedelta(days=100),
    )
    c.commitment = services.commitment_add(
        actor=respondent,
        recommendation=c.item,
        title="Crossings at five schools",
        office="Roads",
        starts_on=TODAY,
    )
    c.comment = services.comment_post(actor=c.users["stranger"], recommendation=c.item, text="?")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_matrix(cast: Any, matrix_check: Any, rule: Rule, role: str) -> None:
    c = cast(phase=Phase.REPORTED)
    _record(c)
    assembly_put_in(c, rule)
    rule_check(c, matrix_check, rule, role)


@pytest.mark.parametrize("bad", ["abc", "1e9", "-1", "", "99999999999999999999999"])
def test_a_bad_poll_id_is_a_400_or_404_not_a_500(cast: Any, client: Any, bad: str) -> None:
    c = cast(phase=Phase.REPORTED)
    client.force_login(c.users["organizer"])
    url = reverse("accountability:tracker", args=[c.assembly.slug])
    assert client.post(url, {"from_poll": bad}).status_code in (400, 404)


def test_another_assemblys_objects_are_404_from_here(cast: Any, client: Any) -> None:
    c = cast(phase=Phase.REPORTED)
    _record(c)
    client.force_login(c.users["other_organizer"])
    other_url = reverse("accountability:progress", args=[c.other.slug, c.commitment.pk])
    response = client.post(other_url, PROGRESS)
    assert response.status_code == 404
    assert Commitment.objects.get().progress == 0
    answer_url = reverse("accountability:answer", args=[c.other.slug, c.comment.pk])
    assert client.post(answer_url, {"answer": "Mine now"}).status_code == 404
    assert Comment.objects.get().answer == ""
