"""The evaluation's refusals carry codes (and their placeholders as params), not only prose."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from assemblea.evaluation import services
from assemblea.evaluation.questions import Audience

pytestmark = pytest.mark.django_db


def test_questionnaire_and_evaluator_refusals_carry_codes(convened: Any, organizer: Any) -> None:
    survey = services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    with pytest.raises(ValidationError) as open_twice:
        services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    assert open_twice.value.error_list[0].code == "questionnaire_already_open"
    services.survey_close(actor=organizer, survey=survey)
    with pytest.raises(ValidationError) as closed:
        services.survey_close(actor=organizer, survey=survey)
    assert closed.value.error_list[0].code == "questionnaire_already_closed"
    with pytest.raises(ValidationError) as insider:
        services.evaluator_grant(actor=organizer, assembly=convened, user=organizer)
    assert insider.value.error_dict["username"][0].code == "independent_evaluator_cannot_hold"
    with pytest.raises(ValidationError) as nobody:
        services.evaluator_grant_by_username(
            actor=organizer, assembly=convened, username="nobody-here"
        )
    error = nobody.value.error_dict["username"][0]
    assert (error.code, error.params) == ("username_unknown", {"name": "nobody-here"})
    assert "nobody-here" in nobody.value.message_dict["username"][0]
