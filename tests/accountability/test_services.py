"""The public record: answers, versions, commitments, progress, escalation, the clock."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from assemblea.accountability import selectors, services
from assemblea.accountability.models import CommitmentStatus, Verdict

pytestmark = pytest.mark.django_db(transaction=True)

ADOPTED = datetime.date(2026, 11, 2)


def _adopt(assembly: Any, organizer: Any, title: str = "Safer crossings", **extra: Any) -> Any:
    return services.recommendation_adopt(
        actor=organizer,
        assembly=assembly,
        title=title,
        text="Build raised crossings near every school.",
        addressed_to="City Council",
        adopted_on=ADOPTED,
        **extra,
    )


def test_recommendations_are_numbered_and_only_organizers_record_them(
    reported: Any, organizer: Any
) -> None:
    first = _adopt(reported, organizer)
    second = _adopt(reported, organizer, title="Bus lanes")
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(PermissionDenied):
        _adopt(reported, reported.respondent)


def test_anything_short_of_acceptance_needs_reasons_and_answers_keep_their_versions(
    reported: Any, organizer: Any
) -> None:
    item = _adopt(reported, organizer)
    with pytest.raises(ValidationError) as error:
        services.response_publish(
            actor=reported.respondent, recommendation=item, verdict=Verdict.REJECTED
        )
    assert "required for anything short of acceptance" in error.value.message_dict["reasons"][0]
    with pytest.raises(PermissionDenied):
        services.response_publish(
            actor=organizer.__class__.objects.create(username="someone"),
            recommendation=item,
            verdict=Verdict.REJECTED,
            reasons="No budget.",
        )
    services.response_publish(
        actor=reported.respondent,
        recommendation=item,
        verdict=Verdict.STUDY,
        reasons="We need traffic counts.",
        actions="Count traffic near schools.",
        responsible="Transport department",
        due_on=datetime.date(2027, 6, 1),
    )
    services.response_publish(
        actor=reported.respondent, recommendation=item, verdict=Verdict.REJECTED, reasons="Cost."
    )
    versions = list(item.responses.order_by("version").values_list("version", "verdict"))
    assert versions == [(1, Verdict.STUDY), (2, Verdict.REJECTED)]
    assert selectors.stage_of(item) == selectors.Stage.ANSWERED


def test_commitments_progress_and_bad_figures(reported: Any, organizer: Any) -> None:
    item = _adopt(reported, organizer)
    with pytest.raises(ValidationError, match="Only an accepted"):
        services.commitment_add(
            actor=organizer, recommendation=item, title="x", office="y", starts_on=ADOPTED
        )
    services.response_publish(
        actor=reported.respondent,
        recommendation=item,
        verdict=Verdict.PARTIAL,
        reasons="Near primary schools only.",
        actions="Raised crossings at 12 primary schools.",
        responsible="Transport department",
        due_on=datetime.date(2027, 12, 31),
    )
    with pytest.raises(ValidationError) as error:
        services.commitment_add(
            actor=reported.respondent,
            recommendation=item,
            title="12 raised crossings",
            office="Transport department",
            starts_on=datetime.date(2027, 2, 1),
            milestones=[("Designs", datetime.date(2027, 1, 1))],
        )
    assert "before the commitment starts" in error.value.message_dict["milestones"][0]
    commitment = services.commitment_add(
        actor=reported.respondent,
        recommendation=item,
        title="12 raised crossings",
        office="Transport department",
        budget=Decimal("480000"),
        starts_on=datetime.date(2027, 2, 1),
        due_on=datetime.date(2027, 12, 31),
        milestones=[("Designs", datetime.date(2027, 4, 1))],
    )
    assert selectors.stage_of(item) == selectors.Stage.COMMITTED
    report = dict(
        actor=reported.respondent, commitment=commitment, reported_on=datetime.date(2027, 5, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.progress_report(progress=120, status=CommitmentStatus.UNDER_WAY, **report)
    assert "between 0 and 100" in error.value.message_dict["progress"][0]
    services.progress_report(progress=40, status=CommitmentStatus.UNDER_WAY, **report)
    with pytest.raises(ValidationError) as error:
        services.progress_report(progress=30, status=CommitmentStatus.UNDER_WAY, **report)
    assert "from 40 % to 30 %" in error.value.message_dict["note"][0]
    services.progress_report(
        progress=30,
        status=CommitmentStatus.STALLED,
        note="A contractor went bankrupt.",
        **report,
    )
    assert selectors.stage_of(item) == selectors.Stage.STALLED
    services.commitment_escalate(
        actor=organizer,
        commitment=commitment,
        escalated_to="Council transport committee",
        reason="Stalled for three months.",
        owner="Parents for Safe Streets",
    )
    services.progress_report(progress=100, status=CommitmentStatus.DONE, note="Built.", **report)
    assert selectors.stage_of(item) == selectors.Stage.DONE
    steps = [step.label for step in selectors.timeline(item)]
    assert steps[0] == "Adopted" and "Escalated to Council transport committee" in steps


def test_the_clock_says_how_late_answers_are(reported: Any, organizer: Any) -> None:
    on_time, late = _adopt(reported, organizer), _adopt(reported, organizer, title="Bus lanes")
    services.response_publish(
        actor=reported.respondent, recommendation=on_time, verdict=Verdict.REJECTED, reasons="No."
    )
    on_time.responses.update(published_at=datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC))
    clock = selectors.response_clock(reported, datetime.date(2027, 4, 23))
    # The first answer came before the deadline, the other is 23 days late.
    assert [item.days_late for item in clock.items] == [0, 23]
    assert clock.summary == "1 of 2 answers is 23 days late."
    assert late.number == 2


def test_reminders_go_to_respondents_before_the_deadline(reported: Any, organizer: Any) -> None:
    _adopt(reported, organizer)
    mail.outbox.clear()
    assert services.reminders_send(today=datetime.date(2027, 1, 1)) == 0
    assert services.reminders_send(today=datetime.date(2027, 3, 20)) == 1
    assert mail.outbox[0].to == ["council@example.org"]
    assert "0 of 1 answers are in" in mail.outbox[0].body


def test_followers_hear_of_answers(reported: Any, organizer: Any) -> None:
    item = _adopt(reported, organizer)
    assert services.follower_add(assembly=reported, email="Neighbour@Example.org")
    assert not services.follower_add(assembly=reported, email="neighbour@example.org")
    token = mail.outbox[-1].body.split("/record/follow/")[1].split("/")[0]
    services.follower_confirm(assembly=reported, token=token)
    mail.outbox.clear()
    services.response_publish(
        actor=reported.respondent, recommendation=item, verdict=Verdict.REJECTED, reasons="No."
    )
    assert [m.to for m in mail.outbox] == [["neighbour@example.org"]]
    assert "Rejected" in mail.outbox[0].body


def test_a_standing_body_carries_open_items_into_its_next_cycle(
    reported: Any, organizer: Any
) -> None:
    open_item = _adopt(reported, organizer)
    done = _adopt(reported, organizer, title="Done already")
    done.dropped_on = ADOPTED
    done.save()
    reported.cycle = 2
    reported.save()
    assert selectors.open_items_from_earlier_cycles(reported) == [open_item]


def test_progress_reports_fall_due_by_the_plan(reported: Any, organizer: Any) -> None:
    item = _adopt(reported, organizer)
    services.response_publish(
        actor=reported.respondent,
        recommendation=item,
        verdict=Verdict.ACCEPTED,
        actions="Do it.",
        responsible="Transport",
        due_on=datetime.date(2027, 12, 31),
    )
    services.commitment_add(
        actor=reported.respondent,
        recommendation=item,
        title="Crossings",
        office="Transport",
        starts_on=datetime.date(2027, 1, 31),
    )
    services.follow_up_plan_set(
        actor=organizer,
        assembly=reported,
        first_report_months=3,
        then_every_months=6,
        remind_days_before=14,
    )
    due = selectors.progress_reports_due(reported, datetime.date(2028, 6, 1))
    assert due == [
        datetime.date(2027, 4, 30),
        datetime.date(2027, 10, 31),
        datetime.date(2028, 4, 30),
    ]
