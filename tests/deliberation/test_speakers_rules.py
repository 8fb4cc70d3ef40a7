"""Speakers' list rules: a point of order, direct response or clarifying question goes
ahead of the list only once the chair approves it (unless the room's rule says otherwise),
and the room's rule limits how many each member makes on an agenda item."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assemblea.deliberation import selectors, services
from assemblea.deliberation.forms import SpeakerRequestForm
from assemblea.deliberation.models import RequestKind, RequestStatus, RoomRules, SpeakerRequest

pytestmark = pytest.mark.django_db


def _room_under_way(room: Any, **rules: Any) -> Any:
    RoomRules.objects.update_or_create(
        assembly=room.assembly, defaults={"speakers_order": "fifo", **rules}
    )
    item = services.agenda_item_add(actor=room.facilitator, session=room.session, title="Rents")
    services.session_open(actor=room.facilitator, session=room.session)
    services.agenda_item_start(actor=room.facilitator, item=item)
    for member in room.members[:4]:
        services.attendance_check_in(actor=member, session=room.session)
    return item


def _queue(item: Any) -> list[str]:
    return [line.name for line in selectors.speakers_queue(item)]


def test_a_point_of_order_waits_for_the_chair_and_then_goes_first(room: Any) -> None:
    item = _room_under_way(room)
    services.speaker_request_add(actor=room.members[0], item=item)
    point = services.speaker_request_add(
        actor=room.members[1], item=item, kind=RequestKind.POINT_OF_ORDER
    )
    assert point.status == RequestStatus.PENDING
    assert _queue(item) == ["Member 0"]  # it does not jump before the chair agrees
    assert selectors.speakers_pending(item) == [point]
    with pytest.raises(PermissionDenied):
        services.speaker_request_decide(actor=room.members[2], speaker_request=point, approve=True)
    services.speaker_request_decide(actor=room.facilitator, speaker_request=point, approve=True)
    assert _queue(item) == ["Member 1", "Member 0"]
    with pytest.raises(ValidationError) as refused:
        services.speaker_request_decide(actor=room.facilitator, speaker_request=point, approve=True)
    assert refused.value.code == "request_not_pending"


def test_a_declined_request_leaves_the_member_free_to_ask_in_turn(room: Any) -> None:
    item = _room_under_way(room)
    question = services.speaker_request_add(
        actor=room.members[0], item=item, kind=RequestKind.CLARIFYING_QUESTION
    )
    services.speaker_request_decide(actor=room.facilitator, speaker_request=question, approve=False)
    question.refresh_from_db()
    assert question.status == RequestStatus.DECLINED
    assert _queue(item) == []
    services.speaker_request_add(actor=room.members[0], item=item)
    assert _queue(item) == ["Member 0"]


def test_the_room_rule_limits_requests_that_jump_per_member_and_item(room: Any) -> None:
    item = _room_under_way(room, jumps_per_member=1, jumps_need_approval=False)
    first = services.speaker_request_add(
        actor=room.members[0], item=item, kind=RequestKind.DIRECT_RESPONSE
    )
    assert first.status == RequestStatus.WAITING  # no approval needed by this rule
    services.speaker_call_next(actor=room.facilitator, item=item)
    services.speaker_finish(actor=room.facilitator, item=item)
    with pytest.raises(ValidationError) as refused:
        services.speaker_request_add(
            actor=room.members[0], item=item, kind=RequestKind.POINT_OF_ORDER
        )
    assert refused.value.code == "jump_limit_reached"
    assert refused.value.params == {"limit": 1}
    # Speaking in turn is never limited, and the chair may still add a point of order.
    services.speaker_request_add(actor=room.members[0], item=item)
    services.speaker_request_add(
        actor=room.facilitator, item=item, seat=room.seats[1], kind=RequestKind.POINT_OF_ORDER
    )
    assert _queue(item) == ["Member 1", "Member 0"]


def test_a_withdrawn_pending_request_does_not_count(room: Any) -> None:
    item = _room_under_way(room, jumps_per_member=1)
    point = services.speaker_request_add(
        actor=room.members[0], item=item, kind=RequestKind.POINT_OF_ORDER
    )
    services.speaker_request_withdraw(actor=room.members[0], speaker_request=point)
    again = services.speaker_request_add(
        actor=room.members[0], item=item, kind=RequestKind.POINT_OF_ORDER
    )
    assert again.status == RequestStatus.PENDING


def test_the_form_explains_each_kind_and_the_rule(room: Any) -> None:
    rules = RoomRules(assembly=room.assembly, jumps_need_approval=True, jumps_per_member=2)
    form = SpeakerRequestForm(rules=rules)
    labels = dict(form.fields["kind"].choices)
    assert set(labels) == set(RequestKind.values)
    assert all(len(str(label)) > len(kind) + 15 for kind, label in labels.items())
    assert "the rules or the agenda are not being followed" in str(labels["point_of_order"])
    assert "chair approves" in form.fields["kind"].help_text
    assert "At most 2" in form.fields["kind"].help_text


def test_the_chair_approves_and_declines_on_the_console(client: Any, room: Any) -> None:
    item = _room_under_way(room)
    point = services.speaker_request_add(
        actor=room.members[0], item=item, kind=RequestKind.POINT_OF_ORDER
    )
    response_kind = services.speaker_request_add(
        actor=room.members[1], item=item, kind=RequestKind.DIRECT_RESPONSE
    )
    url = reverse(
        "deliberation:chair", kwargs={"slug": room.assembly.slug, "session_id": room.session.pk}
    )
    client.force_login(room.facilitator)
    page = client.get(url).content.decode()
    assert "Approve Member 0" in page and "Decline Member 1" in page
    client.post(url, {"approve": point.pk})
    client.post(url, {"decline": response_kind.pk})
    statuses = dict(SpeakerRequest.objects.values_list("seat__name", "status"))
    assert statuses == {"Member 0": "waiting", "Member 1": "declined"}
    client.force_login(room.members[2])
    assert client.post(url, {"approve": point.pk}).status_code == 403


def test_the_rules_page_saves_the_speakers_list_rule(client: Any, room: Any) -> None:
    client.force_login(room.organizer)
    url = reverse("deliberation:rules", kwargs={"slug": room.assembly.slug})
    data = {
        "quorum_kind": "none",
        "quorum_fraction": "0.5",
        "quorum_fixed": "0",
        "speakers_order": "fifo",
        "speaking_seconds": "90",
        "table_size_min": "2",
        "table_size_max": "8",
        "jumps_per_member": "3",
    }
    client.post(url, data)
    rules = RoomRules.objects.get(assembly=room.assembly)
    assert (rules.jumps_need_approval, rules.jumps_per_member) == (False, 3)
