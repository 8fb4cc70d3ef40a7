"""Open data: what leaves the instance, the schema it follows, and imports that are whole
or refused with every problem listed."""

from __future__ import annotations

import copy
import csv
import io
import json
import zipfile
from html import escape
from typing import Any

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assemblea.accountability import services as accountability
from assemblea.accounts.models import Organization, OrganizationMembership, OrganizationRole, User
from assemblea.assemblies import services as assemblies
from assemblea.assemblies.models import Assembly, AssemblyRole, SeatHolder, Visibility
from assemblea.core.events import assembly_stream, event_chain_verify
from assemblea.core.models import Event
from assemblea.decisions.models import Ballot, Poll
from assemblea.decisions.verify import poll_problems
from assemblea.opendata import services
from assemblea.opendata.export import COLLECTIONS, RECEIPTS, assembly_document, document_json
from assemblea.opendata.schema import document_schema
from assemblea.opendata.tables import AGGREGATES_BY_NAME, TABLES_BY_NAME
from tests.decisions.conftest import build_room, poll_decided

pytestmark = pytest.mark.django_db


def _assembly_with_a_record(make_assembly: Any, make_user: Any) -> Any:
    """Seats, a session, a proposal adopted by secret vote, and the recommendation it made."""
    room = build_room(make_assembly(), make_user)
    SeatHolder.objects.filter(pk=room.seats[0].pk).update(consents_to_be_named=True)
    poll = poll_decided(room, yes=7)
    accountability.recommendation_from_poll(
        actor=room.facilitator, poll=poll, addressed_to="Testville Council"
    )
    return room


def _without_ids(document: dict[str, Any]) -> dict[str, Any]:
    """The facts of a document, without the ids each instance gives its rows."""
    facts = copy.deepcopy(document)
    for name in ("exported_at", "source"):
        facts.pop(name)
    facts["assembly"] = {
        key: value
        for key, value in facts["assembly"].items()
        if key not in ("id", "organization", "url", "slug")
    }
    titles = {row["id"]: row["title"] for row in document["polls"]}
    for name in COLLECTIONS:
        table = TABLES_BY_NAME.get(name)
        if name == RECEIPTS:  # by the vote's title, not its id; in the order of their value
            facts[name] = sorted((titles[row["poll"]], row["receipt"]) for row in facts[name])
            continue
        if name in AGGREGATES_BY_NAME:  # counted from private rows that an import does not carry
            facts.pop(name)
            continue
        ids = {"id", *(table.refs if table else ()), *(table.many if table else ())}
        facts[name] = [{k: v for k, v in row.items() if k not in ids} for row in facts[name]]
        if table is not None and table.pseudonymous:  # in the order of their pseudonyms
            facts[name].sort(key=lambda row: json.dumps(row, sort_keys=True))
    for organization in facts["organizations"]:  # taken here: imported under a free one
        organization.pop("slug")
    for poll in facts["polls"]:
        poll["eligible"] = sorted(entry["weight"] for entry in poll["eligible"])
    return facts


def test_the_document_follows_its_schema_and_keeps_private_what_is_private(
    make_assembly: Any, make_user: Any
) -> None:
    room = _assembly_with_a_record(make_assembly, make_user)
    room.members[1].email = "member1@example.org"
    room.members[1].save()
    document = json.loads(document_json(assembly_document(room.assembly)))
    jsonschema.Draft202012Validator(document_schema()).validate(document)

    names = {row["name"] for row in document["seat_holders"]}
    assert "Member 0" in names  # agreed to be named
    assert "Member 1" not in names and None in names
    assert "example.org" not in json.dumps(document)
    assert {tuple(sorted(entry)) for entry in document["polls"][0]["eligible"]} == {
        ("category", "seat", "weight")
    }
    assert all(ballot["voter"] is None for ballot in document["ballots"])  # a secret vote
    assert len(document["ballots"]) == 10
    assert document["recommendations"][0]["title"] == "Safe streets"
    assert document["recommendations"][0]["source_poll"] == document["polls"][0]["id"]
    assert [person["name"] for person in document["people"]]  # the proposal's author


def test_an_export_imported_and_exported_again_holds_the_same_facts(
    make_assembly: Any, make_user: Any
) -> None:
    room = _assembly_with_a_record(make_assembly, make_user)
    first = assembly_document(room.assembly)
    importer = make_user("importer")
    result = services.assembly_import(
        actor=importer, document=json.loads(document_json(first)), slug="copy"
    )
    second = assembly_document(result.assembly)
    assert result.assembly.slug == "copy"
    assert _without_ids(second) == _without_ids(first)
    assert result.counts["ballots"] == 10 and result.counts["receipts"] == 10
    # Like every new assembly, the imported one is private until an organizer publishes it.
    assert result.assembly.visibility == Visibility.PRIVATE
    # Each imported ballot holds one of its vote's receipts, so the record checks here: the
    # digest recomputed from the stored ballots and receipts is the published one, and the
    # vote's anchor is its closing event as re-chained in this instance's log.
    (poll,) = Poll.objects.filter(assembly=result.assembly)
    stored = sorted(Ballot.objects.filter(poll=poll).values_list("receipt", flat=True))
    assert stored == [row["receipt"] for row in first["receipts"]]
    assert poll.record_hash and poll_problems(poll) == []
    # The City's web address name is taken by the City here, which the importer does not
    # administer: the import made its own, administered by the importer.
    city = Organization.objects.get(slug="city-of-testville-2")
    assert result.assembly.organization == city and result.created_organizations == [city.name]
    assert list(city.memberships.values_list("user__username", "role")) == [("importer", "admin")]
    # The imported timeline is chained in this instance's log, with the import at its end.
    stream = assembly_stream(result.assembly.pk)
    imported = Event.objects.filter(stream=stream).order_by("id")
    assert imported.last().verb == "opendata.imported" and not imported.last().public
    assert imported.filter(public=True).count() == len(first["timeline"])
    assert event_chain_verify(stream).broken_at is None
    # Accounts made for named people cannot sign in.
    author = User.objects.get(display_name=str(room.members[0]), username__startswith="imported-")
    assert not author.is_active and not author.has_usable_password()


def _problems(document: dict[str, Any]) -> list[str]:
    importer = User.objects.get_or_create(username="importer")[0]
    with pytest.raises(services.ImportRefused) as refused:
        services.assembly_import(actor=importer, document=document, slug="copy")
    return refused.value.problems


def test_a_broken_reference_or_an_unknown_version_is_refused_whole(
    make_assembly: Any, make_user: Any
) -> None:
    room = _assembly_with_a_record(make_assembly, make_user)
    good = json.loads(document_json(assembly_document(room.assembly)))
    User.objects.create(username="importer")
    counts = (Assembly.objects.count(), User.objects.count(), Organization.objects.count())
    events = Event.objects.count()

    broken = copy.deepcopy(good)
    broken["ballots"][3]["poll"] = 999999
    broken["polls"][0]["agenda_item"] = 888888
    broken["seat_holders"].append(dict(broken["seat_holders"][0]))  # the same id twice
    problems = _problems(broken)
    assert "ballots[3].poll: there is no row 999999 in polls." in problems
    assert "polls[0].agenda_item: there is no row 888888 in agenda_items." in problems
    assert any("is used twice in seat_holders" in problem for problem in problems)

    newer = copy.deepcopy(good)
    newer["schema_version"] = 3
    assert _problems(newer) == [
        "Unknown schema version 3: this instance reads version 2. "
        "Export the assembly again from an instance that writes version 2."
    ]

    malformed = copy.deepcopy(good)
    del malformed["sessions"][0]["title"]
    malformed["polls"][0]["status"] = "maybe"
    malformed["evidence"] = "none"
    problems = _problems(malformed)
    assert "sessions[0]: 'title' is a required property" in problems
    assert any(p.startswith("polls[0].status: 'maybe' is not one of") for p in problems)
    assert "evidence: 'none' is not of type 'array'" in problems

    clash = copy.deepcopy(good)
    with pytest.raises(services.ImportRefused, match="already exists here"):
        services.assembly_import(  # the exporting assembly is still here
            actor=User.objects.get(username="importer"), document=clash
        )

    after = (Assembly.objects.count(), User.objects.count(), Organization.objects.count())
    assert after == counts and Event.objects.count() == events


def test_receipts_are_published_apart_from_the_ballots_and_paired_again_on_import(
    make_assembly: Any, make_user: Any
) -> None:
    room = _assembly_with_a_record(make_assembly, make_user)
    document = json.loads(document_json(assembly_document(room.assembly)))
    (poll,) = Poll.objects.filter(assembly=room.assembly)
    # A ballot row carries no receipt: hashing one's code and finding the row would prove
    # one's choice to a buyer or a boss.
    assert all("receipt" not in row for row in document["ballots"])
    receipts = document["receipts"]
    values = [row["receipt"] for row in receipts]
    assert values == sorted(Ballot.objects.filter(poll=poll).values_list("receipt", flat=True))
    assert [row["id"] for row in receipts] == list(range(1, 11))  # numbered, in value order
    assert {row["poll"] for row in receipts} == {document["polls"][0]["id"]}
    assert not {row["id"] for row in receipts} & {row["id"] for row in document["ballots"]}
    assert set(receipts[0]) == {"id", "poll", "receipt"}

    # Shuffled, the receipts still pair with the ballots (a receipt shows only that a ballot
    # was counted); a vote whose receipts and ballots differ in number is refused.
    shuffled = copy.deepcopy(document)
    shuffled["receipts"].reverse()
    shuffled["assembly"]["slug"] = "copy"
    result = services.assembly_import(actor=make_user("importer"), document=shuffled)
    (imported,) = Poll.objects.filter(assembly=result.assembly)
    assert sorted(Ballot.objects.filter(poll=imported).values_list("receipt", flat=True)) == values
    assert poll_problems(imported) == []

    short = copy.deepcopy(document)
    short["receipts"].pop()
    title = document["polls"][0]["title"]
    poll_id = document["polls"][0]["id"]
    assert (
        f"poll {poll_id} (“{title}”): 10 ballots but 9 receipts; every ballot of a vote has "
        "one receipt in receipts. Export the assembly again."
    ) in _problems(short)
    extra = copy.deepcopy(document)
    extra["receipts"].append({"id": 99, "poll": poll_id, "receipt": "f" * 64})
    assert any("10 ballots but 11 receipts" in problem for problem in _problems(extra))
    nowhere = copy.deepcopy(document)
    nowhere["receipts"][0]["poll"] = 777777
    assert "receipts[0].poll: there is no row 777777 in polls." in _problems(nowhere)
    twice = copy.deepcopy(document)
    twice["receipts"][1]["receipt"] = twice["receipts"][0]["receipt"]
    assert any("is listed 2 times for poll" in problem for problem in _problems(twice))
    assert Assembly.objects.count() == 2  # the refusals wrote nothing


def test_a_failure_midway_leaves_nothing_behind(
    make_assembly: Any, make_user: Any, monkeypatch: Any
) -> None:
    room = _assembly_with_a_record(make_assembly, make_user)
    document = json.loads(document_json(assembly_document(room.assembly)))
    make_user("importer")
    before = (Assembly.objects.count(), User.objects.count(), SeatHolder.objects.count())

    def crash(self: Any, assembly: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services._Importer, "_timeline", crash)
    with pytest.raises(RuntimeError):
        services.assembly_import(
            actor=User.objects.get(username="importer"), document=document, slug="copy"
        )
    assert (Assembly.objects.count(), User.objects.count(), SeatHolder.objects.count()) == before


def test_the_open_data_page_downloads_and_schema(
    make_assembly: Any, make_user: Any, client: Any
) -> None:
    room = _assembly_with_a_record(make_assembly, make_user)
    slug = room.assembly.slug
    page = client.get(reverse("opendata:overview", args=[slug])).content.decode()
    assert "Download JSON" in page and "seat_holders" in page

    document = client.get(reverse("opendata:document", args=[slug])).json()
    assert document["assembly"]["slug"] == slug and document["schema_version"] == 2

    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("opendata:csv", args=[slug])).content))
    ballots = list(csv.DictReader(io.StringIO(archive.read("ballots.csv").decode())))
    assert len(ballots) == 10 and set(ballots[0]) == {
        "id",
        "weight",
        "choice",
        "poll",
        "category",
        "voter",
    }
    receipts = list(csv.DictReader(io.StringIO(archive.read("receipts.csv").decode())))
    assert len(receipts) == 10 and set(receipts[0]) == {"id", "poll", "receipt"}
    assert {f"{name}.csv" for name in COLLECTIONS} <= set(archive.namelist())

    schema = client.get(reverse("opendata:schema", args=[2])).json()
    assert schema["$defs"]["polls"]["properties"]["method"]["enum"]
    assert client.get(reverse("opendata:schema", args=[7])).status_code == 404

    Assembly.objects.filter(pk=room.assembly.pk).update(visibility=Visibility.PRIVATE)
    assert client.get(reverse("opendata:document", args=[slug])).status_code == 404


def test_an_organization_admin_imports_into_their_organization(
    make_assembly: Any, make_user: Any, client: Any
) -> None:
    room = _assembly_with_a_record(make_assembly, make_user)
    raw = document_json(assembly_document(room.assembly)).encode()
    importer = make_user("importer")
    other_city = Organization.objects.create(
        name="Otherville", slug="otherville", kind="government"
    )
    OrganizationMembership.objects.create(
        organization=other_city, user=importer, role=OrganizationRole.ADMIN
    )
    client.force_login(importer)
    url = reverse("opendata:import")

    refused = client.post(
        url,
        {
            "document": SimpleUploadedFile("a.json", raw.replace(b'"schema_version": 2', b"{")),
            "organization": other_city.pk,
        },
    )
    assert "The file is not valid JSON" in refused.content.decode()
    clash = client.post(
        url, {"document": SimpleUploadedFile("a.json", raw), "organization": other_city.pk}
    )
    assert "already exists here" in clash.content.decode()
    assert Assembly.objects.count() == 1

    done = client.post(
        url,
        {
            "document": SimpleUploadedFile("a.json", raw),
            "organization": other_city.pk,
            "slug": "otherville-copy",
        },
    )
    assert done.status_code == 302
    imported = Assembly.objects.get(slug="otherville-copy")
    assert imported.organization == other_city
    assert AssemblyRole.objects.filter(assembly=imported, user=importer, role="organizer").exists()
    # Private, like every new assembly: the page after import says so, at the place where
    # the organizer publishes it.
    manage = reverse("assemblies:manage", args=["otherville-copy"])
    assert done["Location"] == f"{manage}#visibility-heading"
    assert imported.visibility == Visibility.PRIVATE
    after = client.get(done["Location"]).content.decode()
    assert "It is private" in after and "Publish this assembly" in after
    assert reverse("assemblies:publish", args=["otherville-copy"]) in after
    client.logout()
    public = reverse("assemblies:public", args=["otherville-copy"])
    assert client.get(public).status_code == 404
    assert client.get(reverse("opendata:document", args=["otherville-copy"])).status_code == 404
    assemblies.assembly_publish(actor=importer, assembly=imported)
    page = client.get(public).content.decode()
    assert escape(room.assembly.title) in page
