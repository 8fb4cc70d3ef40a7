"""What open data and the API publish about people: the demo's whole export walked row by
row, and the rules for ballots and lottery answers on small, built cases.

The rules (docs/opendata.md, "Who each field is about"): answers to the lottery's questions
and members' balancing values leave the instance only as counts, with cells of fewer than
SMALL_CELL_MINIMUM withheld; nothing ties a name or a seat to an answer; the lottery's
published files (quotas, seed and the public report: pseudonymous ids without answers,
enough to verify the draw) carry no per-person answers either (recruitment/publication.py);
ballots only of closed votes, in an order that tells nothing, and their seat category only
where at least three ballots share it; receipts never on a ballot's row."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from assemblea.assemblies.models import Assembly, SeatCategory, SeatHolder, SeatType
from assemblea.core.privacy import SMALL_CELL_MINIMUM
from assemblea.decisions import services as decisions
from assemblea.decisions.models import Ballot, Poll
from assemblea.deliberation.models import Attendance, MemberProfile
from assemblea.opendata import services
from assemblea.opendata.export import (
    COLLECTIONS,
    assembly_document,
    collection_rows,
    document_json,
    document_zip,
    public_assemblies,
)
from assemblea.opendata.tables import AGGREGATES_BY_NAME, PEOPLE, TABLES_BY_NAME
from assemblea.recruitment.models import Registration, SelectionRun, TargetCategory
from tests.decisions.conftest import build_room

pytestmark = pytest.mark.django_db

# Where the lottery's public files are published: its panels of pseudonymous ids (no answers).
LOTTERY_FILES = "selection_runs"
PERSON_TARGETS = {PEOPLE, "seat_holders"}


def _person_fields(collection: str) -> set[str]:
    """A collection's fields that point at a person or a seat, or name one."""
    table = TABLES_BY_NAME.get(collection)
    fields = {"name"} if collection in PERSON_TARGETS else set()
    if table is not None:
        fields.update(name for name, target in table.refs.items() if target in PERSON_TARGETS)
        fields.update(name for name, target in table.many.items() if target in PERSON_TARGETS)
    return fields


# Keys that point at a seat or a voter inside a row's objects (a poll's eligible list...).
NESTED_PERSON_KEYS = {"seat", "voter", "user"}


def _walk(value: Any) -> Any:
    """Every (key, value) pair and every text inside a row, at any depth."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                yield key, inner
                stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)
        else:
            yield None, item


def _holds_answers(row: dict[str, Any], answer_keys: set[str]) -> bool:
    """An answers object ({"gender": "woman", ...}) or a CSV whose columns are answers."""
    for key, value in _walk(row):
        if key in answer_keys and isinstance(value, str):
            return True
        if isinstance(value, str) and "\n" in value:
            header = set(value.split("\n", 1)[0].split(","))
            if header & answer_keys:
                return True
    return False


def _names_a_person(row: dict[str, Any], collection: str, names: set[str]) -> bool:
    if collection in PERSON_TARGETS:  # each row is a person or a seat
        return True
    if any(row.get(name) not in (None, "", []) for name in _person_fields(collection)):
        return True
    for key, value in _walk(row):
        if key in NESTED_PERSON_KEYS and value not in (None, "", []):
            return True
        if isinstance(value, str) and value in names:
            return True
    return False


def _private_facts(assembly: Assembly) -> tuple[set[str], set[str], set[str]]:
    """The assembly's answer keys, the pseudonymous ids of its lottery, its people's names."""
    answer_keys = set(
        TargetCategory.objects.filter(recruitment__assembly=assembly).values_list("name", flat=True)
    )
    for values in MemberProfile.objects.filter(seat__category__assembly=assembly).values_list(
        "values", flat=True
    ):
        answer_keys.update(values or {})
    public_ids = set(
        Registration.objects.filter(recruitment__assembly=assembly).values_list(
            "public_id", flat=True
        )
    )
    names = set(
        SeatHolder.objects.filter(category__assembly=assembly).values_list("name", flat=True)
    )
    return answer_keys, public_ids, {name for name in names if len(name) > 3}


def _privacy_problems(assembly: Assembly, document: dict[str, Any]) -> list[str]:
    answer_keys, public_ids, names = _private_facts(assembly)
    problems = []
    for name in COLLECTIONS:
        for index, row in enumerate(document[name]):
            where = f"{assembly.slug}: {name}[{index}]"
            answers = _holds_answers(row, answer_keys)
            if answers:
                problems.append(f"{where} holds answers (only counts may leave)")
            if answers and _names_a_person(row, name, names):
                problems.append(f"{where} holds answers next to a person or a seat")
            if name != LOTTERY_FILES:
                texts = {value for _key, value in _walk(row) if isinstance(value, str)}
                if texts & public_ids:
                    problems.append(f"{where} holds a lottery's pseudonymous id")
            small = name in AGGREGATES_BY_NAME and 0 < (row["count"] or 0) < SMALL_CELL_MINIMUM
            if small:
                problems.append(f"{where} publishes a count of {row['count']}")
    return problems


def _ballot_problems(assembly: Assembly, document: dict[str, Any]) -> list[str]:
    problems = []
    closed = {row["id"] for row in document["polls"] if row["status"] == "closed"}
    for row in document["polls"]:
        if row["id"] not in closed and (row["result"] or row["digest"] or row["passed"]):
            problems.append(f"{assembly.slug}: the open poll {row['title']} shows a result")
    categories = Counter((row["poll"], row["category"]) for row in document["ballots"])
    for (poll, category), count in categories.items():
        if poll not in closed:
            problems.append(f"{assembly.slug}: a ballot of the open poll {poll}")
        if category is not None and count < SMALL_CELL_MINIMUM:
            problems.append(f"{assembly.slug}: {count} ballots of poll {poll} show category")
    ids = [row["id"] for row in document["ballots"]]
    if ids != sorted(ids):
        problems.append(f"{assembly.slug}: ballots not in the order of their pseudonyms")
    if any("receipt" in row for row in document["ballots"]):
        problems.append(f"{assembly.slug}: a ballot's receipt is next to its choice")
    receipts = [(row["poll"], row["receipt"]) for row in document["receipts"]]
    if receipts != sorted(receipts):
        problems.append(f"{assembly.slug}: receipts not in the order of their value")
    if {row["id"] for row in document["receipts"]} & set(ids):
        problems.append(f"{assembly.slug}: a receipt's id is a ballot's id")
    return problems


def _shape(row: dict[str, Any]) -> tuple[Any, ...]:
    """What a published seat row says besides its id and name."""
    return tuple(value for key, value in sorted(row.items()) if key not in ("id", "name"))


def _name_problems(assembly: Assembly, document: dict[str, Any]) -> tuple[list[str], int]:
    """Names published without consent or for a seat drawn alone; and how many draws of
    fewer than three were checked."""
    problems = []
    small_draws = 0
    consenting = set(
        SeatHolder.objects.filter(
            category__assembly=assembly, consents_to_be_named=True
        ).values_list("name", flat=True)
    )
    for row in document["seat_holders"]:
        if row["name"] is not None and row["name"] not in consenting:
            problems.append(f"{assembly.slug}: {row['name']} is named without consent")
    pks = set(SeatHolder.objects.filter(category__assembly=assembly).values_list("pk", flat=True))
    if {row["id"] for row in document["seat_holders"]} & pks:
        problems.append(f"{assembly.slug}: seats are published by their database id")
    # A seat drawn in a draw of fewer than three: never named.
    for run in SelectionRun.objects.filter(recruitment__assembly=assembly):
        draw = (run.report or {}).get("draw") or {}
        alone = list(draw.get("panel", []))
        if 0 < len(alone) < SMALL_CELL_MINIMUM:
            small_draws += 1
            drawn = set(
                SeatHolder.objects.filter(
                    registration__recruitment=run.recruitment, registration__public_id__in=alone
                ).values_list("name", flat=True)
            )
            # Named only where the published row is like at least two others.
            shapes = Counter(_shape(row) for row in document["seat_holders"])
            problems.extend(
                f"{assembly.slug}: {row['name']}, drawn in a draw of {len(alone)}, is named"
                for row in document["seat_holders"]
                if row["name"] in drawn and shapes[_shape(row)] < SMALL_CELL_MINIMUM
            )
    return problems, small_draws


def _sortition_verify(report: dict[str, Any], seed: str, tmp_path: Path) -> bool:
    """`assemblea sortition verify` on a report as a reader downloads it."""
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report))
    command = [sys.executable, "-m", "assemblea", "sortition", "verify", "--report", str(path)]
    check = subprocess.run(
        [*command, "--seed", seed],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return check.returncode == 0 and "VERIFIED" in check.stdout


def test_the_whole_export_of_the_demo_ties_no_answer_to_a_person(tmp_path: Path) -> None:
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assemblies = list(public_assemblies())
    assert len(assemblies) >= 5
    problems: list[str] = []
    walked = Counter[str]()
    small_draws = 0
    for assembly in assemblies:
        document = json.loads(document_json(assembly_document(assembly)))
        problems += _privacy_problems(assembly, document)
        problems += _ballot_problems(assembly, document)
        names, small = _name_problems(assembly, document)
        problems += names
        small_draws += small
        walked.update({name: len(document[name]) for name in COLLECTIONS})
        # The CSV files and the API's collections are the same rows.
        archive = zipfile.ZipFile(io.BytesIO(document_zip(document)))
        for name in ("seat_holders", "ballots", "lottery_pool_counts"):
            rows = list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode())))
            assert [row["id"] for row in rows] == [str(row["id"]) for row in document[name]]
            assert collection_rows(assembly, name) == document[name]
    assert problems == []
    # The walk saw what matters: lottery answers and balancing values, as counts only.
    for name in ("seat_holders", "ballots", "selection_runs", "attendance"):
        assert walked[name] > 0, name
    assert walked["lottery_pool_counts"] > 0 and walked["member_profile_counts"] > 0
    assert small_draws == 1, "the demo's replacement draw (two people) was checked"
    # The draws stay verifiable from the exported report and seed alone.
    verified = 0
    for assembly in assemblies:
        for run in assembly_document(assembly)["selection_runs"]:
            if run["seed"] and run["report"] and "draw" in run["report"]:
                assert "people_csv" not in run and "distribution" not in run["report"]
                assert _sortition_verify(run["report"], run["seed"], tmp_path), run["id"]
                verified += 1
    assert verified >= 1
    assert "lottery_pool" not in COLLECTIONS and "member_profiles" not in COLLECTIONS

    # The walk finds the joins it looks for: the old leaks, put back, are all found.
    assembly = Assembly.objects.get(slug="riverton-citizens-assembly-on-housing")
    document = json.loads(document_json(assembly_document(assembly)))
    registration = Registration.objects.filter(
        recruitment__assembly=assembly, seat__isnull=False
    ).first()
    assert registration is not None
    leaky = dict(document)
    leaky["seat_holders"] = [
        {**document["seat_holders"][0], "answers": registration.answers},  # a seat's answers
    ]
    leaky["attendance"] = [{**document["attendance"][0], "note": registration.public_id}]
    leaky["lottery_pool_counts"] = [{**document["lottery_pool_counts"][0], "count": 1}]
    run = SelectionRun.objects.filter(recruitment__assembly=assembly).exclude(people_csv="")[0]
    assert run.report and run.report["distribution"]["types"]  # what the private report holds
    leaky["selection_runs"] = [
        {**document["selection_runs"][0], "people_csv": run.people_csv},  # per-person answers
        {**document["selection_runs"][0], "report": {"types": _answer_types(run.report)}},
    ]
    problems = _privacy_problems(assembly, leaky)
    assert any("selection_runs[0] holds answers" in p for p in problems)
    assert any("selection_runs[1] holds answers" in p for p in problems)
    assert any("seat_holders[0] holds answers next to a person" in p for p in problems)
    assert any("attendance[0] holds a lottery's pseudonymous id" in p for p in problems)
    assert any("publishes a count of 1" in p for p in problems)


def _answer_types(report: dict[str, Any]) -> Any:
    """The private report's per-id profile types (the answers each group of ids shares)."""
    return report["distribution"]["types"]


def _room_with_three_voting_categories(make_assembly: Any, make_user: Any) -> Any:
    """Ten residents, two delegates (weight 2) and four experts, all present and voting."""
    room = build_room(make_assembly(), make_user)
    extra = []
    for name, size, position in (("Delegates", 2, 2), ("Experts", 4, 3)):
        category = SeatCategory.objects.create(
            assembly=room.assembly,
            seat_type=SeatType.DELEGATE,
            name=name,
            seats=size,
            position=position,
        )
        for number in range(size):
            user = make_user(f"{name.lower()}{number}")
            seat = SeatHolder.objects.create(
                category=category,
                user=user,
                name=f"{name} {number}",
                started_on=room.seats[0].started_on,
            )
            Attendance.objects.create(session=room.session, seat=seat)
            extra.append(user)
        setattr(room, name.lower(), category)
    room.voters = [*room.members, *extra]
    return room


def _poll(room: Any, *, weights: dict[Any, Any] | None = None) -> Poll:
    return decisions.poll_open(
        actor=room.facilitator,
        agenda_item=room.item,
        title="Adopt the plan",
        method="yes_no",
        requires_quorum=False,
        weights=weights,
    )


def test_ballots_of_an_open_vote_and_its_running_result_are_not_published(
    make_assembly: Any, make_user: Any
) -> None:
    room = _room_with_three_voting_categories(make_assembly, make_user)
    poll = _poll(room)
    for voter in room.voters[:5]:
        decisions.vote_cast(actor=voter, poll=poll, choice="yes")
    Poll.objects.filter(pk=poll.pk).update(result={"yes": 5}, digest="abc", passed=True)
    document = assembly_document(room.assembly)
    assert Ballot.objects.filter(poll=poll).count() == 5
    assert document["ballots"] == []
    (published,) = document["polls"]
    assert (published["status"], published["result"], published["passed"]) == ("open", {}, None)
    assert published["digest"] == "" and published["quorum"] == {}
    assert collection_rows(room.assembly, "ballots") == []


def test_a_closed_vote_shows_a_ballot_category_only_where_three_share_it(
    make_assembly: Any, make_user: Any
) -> None:
    room = _room_with_three_voting_categories(make_assembly, make_user)
    poll = _poll(room, weights={room.delegates.pk: 2})
    for number, voter in enumerate(room.voters):
        decisions.vote_cast(actor=voter, poll=poll, choice="yes" if number % 2 else "no")
    decisions.poll_close(actor=room.facilitator, poll=poll)
    document = json.loads(document_json(assembly_document(room.assembly)))
    ballots = document["ballots"]
    assert len(ballots) == 16
    shown = Counter(row["category"] for row in ballots)
    # Residents (10) shown; delegates (2) withheld, experts (4) withheld with them, so that
    # the two delegates' ballots cannot be told from the others by subtraction.
    assert shown == {room.residents.pk: 10, None: 6}
    withheld = [row for row in ballots if row["category"] is None]
    assert all(row["weight"] is None for row in withheld)  # weight 2 would tell a delegate
    assert all(row["voter"] is None for row in ballots)
    ids = [row["id"] for row in ballots]
    pks = set(Ballot.objects.filter(poll=poll).values_list("pk", flat=True))
    assert ids == sorted(ids) and not set(ids) & pks

    # The export is accepted back, ballots and all, each withheld ballot stored in one of
    # the categories that no published ballot shows.
    result = services.assembly_import(actor=make_user("importer"), document=document, slug="copy")
    imported = Ballot.objects.filter(poll__assembly=result.assembly)
    assert imported.count() == 16
    names = Counter(imported.values_list("category__name", flat=True))
    assert names["Residents"] == 10 and names["Delegates"] + names["Experts"] == 6
    assert (
        dict(Poll.objects.get(assembly=result.assembly).result)
        == Poll.objects.get(pk=poll.pk).result
    )


def test_lottery_answers_and_profiles_leave_only_as_counts(
    make_assembly: Any, make_user: Any
) -> None:
    room = build_room(make_assembly(), make_user)
    for number, seat in enumerate(room.seats):
        MemberProfile.objects.create(
            seat=seat, values={"housing": "renter" if number < 8 else "owner", "age": "30-49"}
        )
    document = assembly_document(room.assembly)
    counts = {
        (row["category"], row["value"]): row["count"] for row in document["member_profile_counts"]
    }
    # 8 renters and 2 owners: the owners are withheld, and so the renters (complementary).
    assert counts == {("age", "30-49"): 10, ("housing", "owner"): None, ("housing", "renter"): None}
    assert "values" not in json.dumps(document["seat_holders"])
    assert TABLES_BY_NAME["seat_holders"].pseudonymous
    # The roll was taken in one go, seat after seat: its times are published to the minute,
    # so they do not tell the order in which the seats were filled.
    times = [row["checked_in_at"] for row in document["attendance"]]
    assert len(times) == 10 and all(time[17:19] == "00" and "." not in time for time in times)


def test_a_consenting_member_drawn_alone_and_seated_apart_is_not_named() -> None:
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    run = SelectionRun.objects.get(kind="replacement")
    alone = run.report["draw"]["panel"]
    assert 0 < len(alone) < SMALL_CELL_MINIMUM
    seats = SeatHolder.objects.filter(
        registration__recruitment=run.recruitment, registration__public_id__in=alone
    )
    assert seats.exists()
    seats.update(consents_to_be_named=True)
    assembly = run.recruitment.assembly
    replacements = set(seats.values_list("name", flat=True))

    def named() -> set[str]:
        return {row["name"] for row in assembly_document(assembly)["seat_holders"]}

    # Seated the same day as the rest of the panel, their rows are like 47 others.
    assert replacements <= named()
    # Seated a week later, their rows (and the draw's day) would single them out.
    first = seats.first()
    assert first is not None
    seats.update(started_on=first.started_on + datetime.timedelta(days=7))
    assert not replacements & named()
    others = SeatHolder.objects.filter(category__assembly=assembly, consents_to_be_named=True)
    assert set(others.exclude(pk__in=seats).values_list("name", flat=True)) <= named()
