"""The record's refusals carry codes (and their placeholders as params), not only prose."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from assemblea.accountability import services
from assemblea.accountability.models import Verdict

pytestmark = pytest.mark.django_db


def test_answers_and_commitments_refuse_with_codes(reported: Any, organizer: Any) -> None:
    item = services.recommendation_adopt(
        actor=organizer,
        assembly=reported,
        title="Safer crossings",
        text="Build raised crossings near every school.",
        addressed_to="City Council",
        adopted_on=datetime.date(2026, 11, 2),
    )
    with pytest.raises(ValidationError) as short:
        services.response_publish(
            actor=reported.respondent, recommendation=item, verdict=Verdict.REJECTED
        )
    assert short.value.error_dict["reasons"][0].code == "required"
    with pytest.raises(ValidationError) as uncommitted:
        services.commitment_add(
            actor=organizer,
            recommendation=item,
            title="x",
            office="y",
            starts_on=datetime.date(2026, 12, 1),
        )
    assert uncommitted.value.error_list[0].code == "only_accepted_partly_accepted"
    with pytest.raises(ValidationError) as empty:
        services.comment_post(actor=organizer, recommendation=item, text="  ")
    assert empty.value.error_dict["text"][0].code == "write_comment_question"
