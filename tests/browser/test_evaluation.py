"""The evaluation in the browser: the civic assembly's report with its charts, a member
answering the questionnaire anonymously, and the independent evaluator annotating."""

from playwright.sync_api import expect

from assemblea.evaluation.models import SurveyAnswer, SurveyRespondent
from assemblea.evaluation.questions import QUESTIONS, Audience

SLUG = "riverton-citizens-assembly-on-housing"


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("assemblea-demo")
    page.get_by_role("button", name="Log in").click()


def test_report_survey_and_annotation(live_server, page, demo):
    # The public report, reached from the assembly's page, with its charts as tables.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/a/{SLUG}/")
    page.get_by_role("link", name="How well it went: the evaluation report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evaluation:")
    panel = page.get_by_role("table", name="Members against the population and the quotas")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("row", name="gender: woman")).to_be_visible()
    first = str(QUESTIONS[Audience.MEMBERS][0].text)
    expect(page.get_by_role("table", name=first).first).to_be_visible()
    expect(page.get_by_text("6 answers, given anonymously.")).to_be_visible()
    expect(page.get_by_text("The lottery met every quota.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # María, a member, answers the members' questionnaire.
    log_in(page, live_server, "maria")
    page.goto(f"{live_server.url}/a/{SLUG}/evaluation/")
    page.get_by_role("link", name="Answer anonymously: Members' questionnaire").click()
    for question in QUESTIONS[Audience.MEMBERS]:
        page.get_by_role("group", name=str(question.text)).get_by_label("4 · Agree").check()
    page.get_by_label("What would you change").fill("Shorter days, please.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("your answers were stored without your name")).to_be_visible()
    expect(page.get_by_text("7 answers, given anonymously.")).to_be_visible()
    expect(page.get_by_text("Shorter days, please.")).to_be_visible()
    assert SurveyAnswer.objects.filter(comment="Shorter days, please.").count() == 1
    assert SurveyRespondent.objects.filter(survey__assembly__slug=SLUG).count() == 7

    # Eva, the independent evaluator, annotates the deliberative experience.
    log_in(page, live_server, "eva")
    page.goto(f"{live_server.url}/a/{SLUG}/evaluation/")
    page.locator("#section-experience").locator("..").get_by_role(
        "link", name="Annotate this section"
    ).click()
    expect(page.get_by_label("Section")).to_have_value("experience")
    page.get_by_label("Annotation").fill("One facilitator for fifty members is far too few.")
    page.get_by_role("button", name="Add the annotation").click()
    expect(page.get_by_text("The annotation is on the report.")).to_be_visible()
    expect(page.get_by_text("One facilitator for fifty members is far too few.")).to_be_visible()
