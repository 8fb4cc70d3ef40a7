"""A bilingual assembly, walked in the browser at 390 px and 1280 px: the organizer makes it
English and Spanish and enters the mandate and a registration question side by side; a
translator fills the label left untranslated; a Spanish reader registers on the Spanish form,
an English reader sees the English one, and the original is one tap away."""

import pytest
from playwright.sync_api import expect

from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.models import AssemblyRoleName
from assemblea.assemblies.phases import Phase
from assemblea.recruitment import services as recruitment_services
from assemblea.recruitment.models import Recruitment

QUESTION_EN = "How should Testville reduce traffic deaths?"
QUESTION_ES = "¿Cómo debería Testville reducir las muertes en el tráfico?"
PASSWORD = "correct horse battery"


def _cookie(page, live_server, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


def _log_in(page, live_server, username):
    page.context.clear_cookies()
    _cookie(page, live_server, "en")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def _axe_clean(page, serious_violations, what):
    assert serious_violations(page) == [], what


def _organizer_builds_it(page, live_server, slug, serious_violations):
    base = f"{live_server.url}/a/{slug}/manage"
    page.goto(f"{base}/settings/")
    page.get_by_label("Spanish").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message-success, .messages").first).to_be_visible()

    # The mandate, English and Spanish side by side.
    page.goto(f"{base}/mandate/")
    expect(page.locator('textarea[name="question"]')).to_have_attribute("lang", "en")
    spanish = page.get_by_label("Question or remit (Spanish)")
    expect(spanish).to_have_attribute("lang", "es")
    spanish.fill(QUESTION_ES)
    _axe_clean(page, serious_violations, "mandate form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The mandate was saved.")).to_be_visible()

    # The registration question and its labels, in both languages.
    page.goto(f"{live_server.url}/a/{slug}/recruitment/targets/")
    page.get_by_label("Population shares").fill("gender, woman, 50%\ngender, man, 50%")
    page.get_by_label("Floor for small groups (seats)").fill("0")
    page.get_by_role("button", name="Propose targets").click()
    page.get_by_label("Question on the registration form", exact=True).fill("Your gender")
    page.get_by_label("Question on the registration form (Spanish)").fill("Su género")
    page.get_by_label("woman in Spanish").fill("mujer")  # "man" is left for the translator
    _axe_clean(page, serious_violations, "targets, side by side")
    page.get_by_role("button", name="Save the targets").click()
    expect(page.get_by_text("The targets were saved.")).to_be_visible()

    # The overview lists what is still missing in Spanish.
    page.goto(f"{base}/")
    missing = page.locator("#missing-translations-heading")
    expect(missing).to_be_visible()
    expect(page.locator("section", has=missing)).to_contain_text("man")


def _translator_fills_the_gap(page, live_server, slug, serious_violations):
    _log_in(page, live_server, "tania")
    page.goto(f"{live_server.url}/a/{slug}/manage/translate/")
    expect(page.get_by_role("heading", name="Translate into Spanish")).to_be_visible()
    _axe_clean(page, serious_violations, "translate page")
    entry = page.locator("section.translate-entry", has=page.locator('blockquote:text-is("man")'))
    expect(entry.locator(".ml-missing")).to_be_visible()
    expect(entry.locator("blockquote")).to_have_attribute("lang", "en")
    entry.get_by_label("Value (Spanish)").fill("hombre")
    entry.get_by_role("button", name="Save translation").click()
    expect(page.get_by_text("The translation was saved.")).to_be_visible()
    # The translator cannot reach the organizers' pages.
    response = page.goto(f"{live_server.url}/a/{slug}/manage/mandate/")
    assert response is not None and response.status == 403


def _spanish_reader_registers(page, live_server, slug, serious_violations):
    page.context.clear_cookies()
    _cookie(page, live_server, "es")
    page.goto(f"{live_server.url}/register/{slug}/")
    question = page.locator('fieldset:has(input[name="answer_gender"]) legend')
    expect(question).to_have_text("Su género")
    expect(question.locator("span")).to_have_attribute("lang", "es")
    expect(page.locator('label.choice:has(input[value="woman"])')).to_contain_text("mujer")
    expect(page.locator('label.choice:has(input[value="man"])')).to_contain_text("hombre")
    expect(page.locator(".lead span[lang=es]")).to_contain_text("reducir")
    _axe_clean(page, serious_violations, "Spanish registration form")
    page.locator('input[name="name"]').fill("Lucía Pérez")
    page.locator('input[name="email"]').fill("lucia@example.org")
    page.locator("#id_language").select_option("es")
    page.locator('label.choice:has(input[value="woman"])').click()
    page.locator('input[name="consents_to_privacy_notice"]').check()
    page.get_by_role("button", name="Inscribirse").click()
    expect(page.locator("h1")).to_have_text("Gracias por inscribirte")
    recruitment = Recruitment.objects.get(assembly__slug=slug)
    assert recruitment.registrations.get().answers == {"gender": "woman"}

    # The public page in Spanish, the English original one tap away.
    page.goto(f"{live_server.url}/a/{slug}/")
    expect(page.locator('.ml-text[lang="es"]').first).to_contain_text(QUESTION_ES)
    original = page.locator("details.ml-original").first
    expect(original.locator("[lang=en]")).not_to_be_visible()
    original.locator("summary").click()
    expect(original.locator("[lang=en]")).to_have_text(QUESTION_EN)
    _axe_clean(page, serious_violations, "Spanish public page, original open")


def _english_reader_sees_english(page, live_server, slug):
    page.context.clear_cookies()
    _cookie(page, live_server, "en")
    page.goto(f"{live_server.url}/register/{slug}/")
    expect(page.locator('fieldset:has(input[name="answer_gender"]) legend')).to_have_text(
        "Your gender"
    )
    expect(page.locator('label.choice:has(input[value="man"])')).to_have_text("man")
    expect(page.get_by_text("hombre")).to_have_count(0)
    page.goto(f"{live_server.url}/a/{slug}/")
    expect(page.locator('.ml-text[lang="en"]').first).to_contain_text(QUESTION_EN)
    expect(page.locator("details.ml-original")).to_have_count(0)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_bilingual_assembly_from_the_organizer_to_readers_in_both_languages(
    live_server, page, make_assembly, organizer, make_user, serious_violations, width
):
    page.set_viewport_size({"width": width, "height": 900})
    assembly = make_assembly(planned_size=6)
    recruitment_services.recruitment_start(
        actor=organizer,
        assembly=assembly,
        category=assembly.categories.get(),
        privacy_notice="We keep it safe.",
    )
    translator = make_user("tania")
    assembly_services.assembly_role_grant(
        actor=organizer, assembly=assembly, user=translator, role=AssemblyRoleName.TRANSLATOR
    )
    _log_in(page, live_server, "organizer")
    _organizer_builds_it(page, live_server, assembly.slug, serious_violations)
    _translator_fills_the_gap(page, live_server, assembly.slug, serious_violations)

    for phase in (Phase.CONVENED, Phase.RECRUITING):
        assembly_services.assembly_change_phase(actor=organizer, assembly=assembly, to_phase=phase)
    recruitment = Recruitment.objects.get(assembly=assembly)
    recruitment_services.walk_in_set(actor=organizer, recruitment=recruitment, open=True)

    _spanish_reader_registers(page, live_server, assembly.slug, serious_violations)
    _english_reader_sees_english(page, live_server, assembly.slug)
