"""Issue 16: nothing in the evaluation PDF is drawn past the page edge."""

from __future__ import annotations

from typing import Any

import pytest

from assemblea.evaluation import services
from assemblea.evaluation.questions import MINIMUM_ANSWERS, Audience
from tests.evaluation.pdf_bounds import pdf_outside_marks

pytestmark = pytest.mark.django_db


def test_every_bar_and_line_of_the_evaluation_pdf_lies_on_the_page(
    convened: Any, organizer: Any, make_user: Any, seat: Any
) -> None:
    from assemblea.evaluation.report import evaluation_report_pdf
    from tests.evaluation.test_services import all_fours

    survey = services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    for number in range(MINIMUM_ANSWERS):
        member = make_user(f"member{number}")
        seat(member, name=f"Member {number}")
        services.survey_answer(actor=member, survey=survey, scores=all_fours(), comment="Bien.")
    data = evaluation_report_pdf(convened)
    assert pdf_outside_marks(data) == []
