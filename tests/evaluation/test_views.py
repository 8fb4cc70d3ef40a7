"""The evaluation's pages, as the public, members, organizers and evaluators see them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assemblea.evaluation import services
from assemblea.evaluation.models import Annotation, SurveyAnswer
from assemblea.evaluation.questions import Audience, question_keys

pytestmark = pytest.mark.django_db


def test_the_report_says_what_is_not_available(client: Any, convened: Any) -> None:
    page = client.get(reverse("evaluation:report", args=[convened.slug]))
    assert page.status_code == 200
    assert "Not available: this assembly has no such data." in page.content.decode()
    assert "this questionnaire has not been opened" in page.content.decode()
    pdf = client.get(reverse("evaluation:report_pdf", args=[convened.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_member_answers_once_and_sees_the_threshold(
    client: Any, convened: Any, organizer: Any, make_user: Any, seat: Any
) -> None:
    member = make_user("member")
    seat(member)
    services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    client.force_login(member)
    report = reverse("evaluation:report", args=[convened.slug])
    assert "Answer anonymously: Members" in client.get(report).content.decode()
    url = reverse("evaluation:survey", args=[convened.slug, Audience.MEMBERS])
    data = dict.fromkeys(question_keys(Audience.MEMBERS), "5") | {"comment": "Good."}
    answered = client.post(url, data, follow=True)
    assert "stored without your name" in answered.content.decode()
    assert "1 answer so far. Results show from 5 answers" in answered.content.decode()
    again = client.post(url, data)
    assert "You have answered this questionnaire" in again.content.decode()
    assert SurveyAnswer.objects.count() == 1
    assert "Answer anonymously: Members" not in client.get(report).content.decode()


def test_a_missing_answer_is_shown_next_to_its_statement(
    client: Any, convened: Any, organizer: Any, make_user: Any, seat: Any
) -> None:
    member = make_user("member")
    seat(member)
    services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    client.force_login(member)
    url = reverse("evaluation:survey", args=[convened.slug, Audience.MEMBERS])
    page = client.post(url, {"m_time": "3"})
    assert page.status_code == 200 and "This field is required." in page.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_outsiders_cannot_answer_manage_or_annotate(
    client: Any, convened: Any, organizer: Any, make_user: Any
) -> None:
    services.survey_open(actor=organizer, assembly=convened, audience=Audience.MEMBERS)
    client.force_login(make_user("outsider"))
    slug = convened.slug
    assert (
        client.get(reverse("evaluation:survey", args=[slug, Audience.MEMBERS])).status_code == 403
    )
    assert client.get(reverse("evaluation:manage", args=[slug])).status_code == 403
    assert client.get(reverse("evaluation:annotate", args=[slug])).status_code == 403
    assert client.get(reverse("evaluation:survey", args=[slug, "nobody"])).status_code == 404


def test_organizer_names_an_evaluator_who_annotates(
    client: Any, convened: Any, organizer: Any, make_user: Any
) -> None:
    evaluator = make_user("evaluator", display_name="Eva")
    client.force_login(organizer)
    manage = reverse("evaluation:manage", args=[convened.slug])
    unknown = client.post(manage, {"grant": "1", "username": "nobody"})
    assert "Nobody has the username" in unknown.content.decode()
    client.post(manage, {"open": Audience.ORGANIZERS})
    client.post(manage, {"grant": "1", "username": "evaluator"})
    client.force_login(evaluator)
    annotate = reverse("evaluation:annotate", args=[convened.slug])
    client.post(
        annotate, {"section": "organizers", "text": "Well run.", "written_on": "2026-11-20"}
    )
    note = Annotation.objects.get()
    assert (note.author, note.section) == (evaluator, "organizers")
    page = client.get(reverse("evaluation:report", args=[convened.slug])).content.decode()
    assert "Evaluator’s note, 2026-11-20, by Eva" in page and "Well run." in page


def test_the_evaluators_list_is_a_logged_look(client, convened, organizer):
    from assemblea.core.models import Event

    client.force_login(organizer)
    assert client.get(reverse("evaluation:manage", args=[convened.slug])).status_code == 200
    event = Event.objects.get(verb="assembly.personal_data_viewed")
    assert (event.actor, event.public, event.data) == (organizer, False, {"what": "evaluators"})
