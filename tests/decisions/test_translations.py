"""Proposals, amendments and polls in the reader's language: the poll's question and its
options on the ballot with `lang`, the original one tap away, a visible fallback, and the
vote counted on the original option whatever the language of the ballot."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from assemblea.assemblies import services as assemblies
from assemblea.decisions import services
from assemblea.decisions.models import Poll, Proposal
from tests.decisions.conftest import build_room

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual_room(make_assembly: Any, make_user: Any) -> Any:
    return build_room(make_assembly(languages=["en", "es"]), make_user)


def _election(room: Any) -> Poll:
    poll = services.poll_open(
        actor=room.facilitator,
        agenda_item=room.item,
        title="Which street first?",
        method="approval",
        options=["Main Street", "Harbour Road", "Hill Lane"],
    )
    assemblies.translation_save(
        actor=room.assembly.roles.get(role="organizer").user,
        assembly=room.assembly,
        key="decisions.poll",
        object_id=poll.pk,
        language="es",
        values={
            "title": "¿Qué calle primero?",
            "options": ["Calle Mayor", "Camino del Puerto", ""],
        },
    )
    return Poll.objects.get(pk=poll.pk)


def _page(client: Any, room: Any, poll: Poll, language: str) -> str:
    client.cookies["django_language"] = language
    client.force_login(room.members[0])
    url = reverse("decisions:poll", kwargs={"slug": room.assembly.slug, "pk": poll.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_spanish_member_sees_the_spanish_ballot_and_votes_on_the_original(
    client: Any, bilingual_room: Any
) -> None:
    room = bilingual_room
    poll = _election(room)
    page = _page(client, room, poll, "es")
    assert '<h1><span lang="es">¿Qué calle primero?</span></h1>' in page
    assert re.search(
        r'<details class="ml-original"><summary>[^<]*</summary>'
        r'<p lang="en">Which street first\?</p>',
        page,
    )
    assert '<span lang="es">Calle Mayor</span>' in page
    assert '<span lang="es">Camino del Puerto</span>' in page
    assert re.search(r'<span lang="en">Hill Lane</span> <small class="ml-note">', page)
    vote = client.post(
        reverse("decisions:vote", kwargs={"slug": room.assembly.slug, "pk": poll.pk}),
        {"choice": ["0", "1"]},
    )
    assert vote.status_code in (200, 302)
    assert Poll.objects.get(pk=poll.pk).options == ["Main Street", "Harbour Road", "Hill Lane"]


def test_an_english_member_sees_the_english_ballot(client: Any, bilingual_room: Any) -> None:
    poll = _election(bilingual_room)
    page = _page(client, bilingual_room, poll, "en")
    assert '<h1><span lang="en">Which street first?</span></h1>' in page
    assert "Calle Mayor" not in page and "ml-original" not in page


def test_a_list_translation_with_the_wrong_number_of_lines_is_refused(
    bilingual_room: Any,
) -> None:
    from django.core.exceptions import ValidationError

    poll = _election(bilingual_room)
    with pytest.raises(ValidationError) as refused:
        assemblies.translation_save(
            actor=bilingual_room.assembly.roles.get(role="organizer").user,
            assembly=bilingual_room.assembly,
            key="decisions.poll",
            object_id=poll.pk,
            language="es",
            values={"options": ["Una"]},
        )
    assert refused.value.error_dict["options"][0].code == "translation_items"
    assert Poll.objects.get(pk=poll.pk).translations["es"]["options"][0] == "Calle Mayor"


def test_a_proposal_title_and_amendment_in_spanish_with_the_original_one_tap_away(
    client: Any, bilingual_room: Any
) -> None:
    room = bilingual_room
    proposal = services.proposal_create(
        actor=room.members[0],
        assembly=room.assembly,
        title="Safe <streets>",
        text="Raised crossings near every school.",
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        translations={"es": {"title": "Calles <seguras>"}}
    )
    client.cookies["django_language"] = "es"
    url = reverse("decisions:proposal", kwargs={"slug": room.assembly.slug, "pk": proposal.pk})
    page = client.get(url).content.decode()
    assert '<h1><span lang="es">Calles &lt;seguras&gt;</span></h1>' in page  # escaped
    assert '<p lang="en">Safe &lt;streets&gt;</p></details>' in page
    assert "<seguras>" not in page and "<streets>" not in page


def _open_form(room: Any, **extra: Any) -> dict[str, Any]:
    return {
        "agenda_item": room.item.pk,
        "subject": "",
        "title": "Which street first?",
        "tr_es_title": "¿Qué calle primero?",
        "method": "approval",
        "threshold": "simple-majority",
        "threshold_base": "votes_cast",
        "requires_quorum": "on",
        "secrecy": "secret",
        "options": "Main Street\nHarbour Road",
        "seats": 1,
        "max_score": 5,
        "proxy_limit": 0,
        f"weight_{room.residents.pk}": "1",
        **extra,
    }


def test_the_chair_opens_a_vote_with_its_question_and_options_side_by_side(
    client: Any, bilingual_room: Any
) -> None:
    room = bilingual_room
    client.force_login(room.facilitator)
    url = reverse("decisions:poll_new", kwargs={"slug": room.assembly.slug})
    page = client.get(url).content.decode()
    assert 'name="tr_es_title"' in page and 'name="tr_es_options"' in page
    refused = client.post(url, _open_form(room, tr_es_options="Calle Mayor"))
    assert refused.status_code == 200 and not Poll.objects.exists()  # one line of two
    assert "Give one line for each of the 2 options" in refused.content.decode()
    response = client.post(url, _open_form(room, tr_es_options="Calle Mayor\nCamino del Puerto"))
    assert response.status_code == 302
    poll = Poll.objects.get()
    assert poll.options == ["Main Street", "Harbour Road"]
    assert poll.translations == {
        "es": {"title": "¿Qué calle primero?", "options": ["Calle Mayor", "Camino del Puerto"]}
    }
