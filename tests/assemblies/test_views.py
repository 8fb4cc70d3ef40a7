import datetime
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from assemblea.assemblies import services
from assemblea.assemblies.models import Assembly, SeatType
from assemblea.assemblies.phases import Phase

pytestmark = pytest.mark.django_db


def test_the_guide_describes_every_kind_without_an_account(client):
    from assemblea.assemblies.kinds import KINDS

    page = client.get(reverse("assemblies:guide")).content.decode()
    for kind in KINDS:
        assert f'id="kind-{kind.slug}"' in page
        assert escape(str(kind.example)) in page


def test_the_home_page_links_to_the_guide(client):
    page = client.get("/").content.decode()
    assert reverse("assemblies:guide") in page


def test_the_questionnaire_recommends_with_reasons_and_runners_up(client):
    response = client.get(
        reverse("assemblies:which_model"),
        {"convener": "government", "who": "legislators", "authority": "advisory"},
    )
    page = response.content.decode()
    assert "Recommended: Mixed committee" in page
    assert "Runners-up" in page
    assert "Drawn residents and legislators sitting together is a mixed committee." in page
    assert 'value="legislators" required' not in page  # radios are optional
    assert "checked" in page  # answers are kept


def test_the_questionnaire_refuses_an_answer_it_does_not_offer(client):
    page = client.get(reverse("assemblies:which_model"), {"convener": "aliens"}).content.decode()
    assert "Select a valid choice" in page
    assert "Recommended:" not in page


def test_public_page_shows_mandate_composition_and_named_members_only(
    client, make_assembly, organizer
):
    assembly = make_assembly()
    lottery = assembly.categories.get()
    services.seat_fill(
        actor=organizer, category=lottery, name="Named Person", consents_to_be_named=True
    )
    services.seat_fill(actor=organizer, category=lottery, name="Private Person")
    page = client.get(assembly.get_absolute_url()).content.decode()
    assert "How should Testville reduce traffic deaths?" in page
    assert "Testville Council" in page
    assert "Residents chosen by lottery" in page
    assert "Named Person" in page
    assert "Private Person" not in page
    assert 'aria-current="step">Draft' in page


def test_private_assembly_is_404_for_others_and_visible_to_its_organizer(
    client, make_assembly, organizer, make_user
):
    assembly = make_assembly(visibility="private")
    assert client.get(assembly.get_absolute_url()).status_code == 404
    client.force_login(make_user("stranger"))
    assert client.get(assembly.get_absolute_url()).status_code == 404
    assert client.get(reverse("assemblies:manage", args=[assembly.slug])).status_code == 404
    client.force_login(organizer)
    assert client.get(assembly.get_absolute_url()).status_code == 200


def test_someone_without_the_role_gets_403_and_nothing_changes(client, make_assembly, make_user):
    assembly = make_assembly()
    client.force_login(make_user("stranger"))
    url = reverse("assemblies:mandate", args=[assembly.slug])
    assert client.get(url).status_code == 403
    response = client.post(url, {"question": "Hijacked", "authority": "advisory"})
    assert response.status_code == 403
    assembly.mandate.refresh_from_db()
    assert assembly.mandate.question == "How should Testville reduce traffic deaths?"
    phase_url = reverse("assemblies:change_phase", args=[assembly.slug])
    assert client.post(phase_url, {"to_phase": "convened"}).status_code == 403
    assembly.refresh_from_db()
    assert assembly.phase == Phase.DRAFT


def test_create_form_errors_show_next_to_the_field_and_keep_what_was_typed(client, organizer, city):
    client.force_login(organizer)
    past = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("assemblies:create"),
        {
            "organization": city.pk,
            "title": "My carefully typed title",
            "kind": "civic_one_time",
            "languages": ["en"],
            "question": "A question I do not want to type again",
            "authority": "advisory",
            "commits_to_respond": "on",
            "response_deadline": past,
            "use_usual_composition": "on",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The response deadline is in the past" in page
    assert 'id="id_response_deadline_error"' in page
    assert "My carefully typed title" in page
    assert "A question I do not want to type again" in page
    assert not Assembly.objects.exists()


def test_create_with_mixed_seats_then_add_a_category(client, organizer, city):
    client.force_login(organizer)
    response = client.post(
        reverse("assemblies:create"),
        {
            "organization": city.pk,
            "title": "Budget assembly",
            "kind": "governing_power",
            "languages": ["en", "es"],
            "question": "What to fund?",
            "authority": "binding_threshold",
            "use_usual_composition": "on",
        },
    )
    assembly = Assembly.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assemblies:composition", args=[assembly.slug])
    assert sorted(assembly.categories.values_list("seat_type", flat=True)) == sorted(
        [SeatType.DELEGATE, SeatType.LOTTERY, SeatType.OFFICIAL]
    )
    response = client.post(
        reverse("assemblies:composition", args=[assembly.slug]),
        {"seat_type": "reserved", "name": "Youth seats", "seats": "3", "may_vote": "on"},
    )
    assert "The categories would then have 48 seats" in response.content.decode()
    settings_url = reverse("assemblies:settings", args=[assembly.slug])
    client.post(
        settings_url,
        {
            "title": assembly.title,
            "languages": ["en"],
            "planned_size": "48",
            "is_standing": "on",
            "term_months": "12",
            "rotation_months": "6",
            "cohorts": "2",
        },
    )
    response = client.post(
        reverse("assemblies:composition", args=[assembly.slug]),
        {"seat_type": "reserved", "name": "Youth seats", "seats": "3", "may_vote": "on"},
    )
    assert response.status_code == 302
    youth = assembly.categories.get(name="Youth seats")
    assert (youth.may_vote, youth.may_speak, youth.counts_for_quorum) == (True, False, False)


def test_a_forbidden_phase_change_shows_why(client, make_assembly, organizer):
    assembly = make_assembly(
        kind="governing_power", commits_to_respond=False, response_deadline=None
    )
    client.force_login(organizer)
    response = client.post(
        reverse("assemblies:change_phase", args=[assembly.slug]),
        {"to_phase": "convened"},
        follow=True,
    )
    assert "are allocated to member organizations" in response.content.decode()
    assembly.refresh_from_db()
    assert assembly.phase == Phase.DRAFT


def test_pages_follow_the_chosen_language(client, make_assembly):
    assembly = make_assembly()
    client.cookies["django_language"] = "es"
    page = client.get(assembly.get_absolute_url()).content.decode()
    assert '<html lang="es">' in page
    assert "Mandato" in page
    assert "Borrador" in page


def test_signup_creates_an_account_in_the_chosen_language(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "newperson",
            "email": "new@example.org",
            "display_name": "New Person",
            "preferred_language": "es",
            "access_needs": ["captions"],
            "password1": "a long unusual passphrase",
            "password2": "a long unusual passphrase",
        },
    )
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="newperson")
    assert (user.preferred_language, user.access_needs) == ("es", ["captions"])
    assert "Cerrar sesión" in client.get("/").content.decode()


def test_closing_asks_for_confirmation_and_says_it_cannot_be_undone(
    client, organizer, make_assembly
):
    assembly = make_assembly()
    client.force_login(organizer)
    url = reverse("assemblies:change_phase", args=[assembly.slug])
    page = client.post(url, {"to_phase": "closed"})
    assert page.status_code == 200
    assert "cannot be undone" in page.content.decode()
    assert 'name="confirm"' in page.content.decode()
    assembly.refresh_from_db()
    assert assembly.phase == Phase.DRAFT
    client.post(url, {"to_phase": "closed", "confirm": "1"})
    assembly.refresh_from_db()
    assert assembly.phase == Phase.CLOSED
