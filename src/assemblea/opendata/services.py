"""Importing an open-data document into this instance: all of it, or nothing.

Every problem is found before anything is written (schema version, JSON Schema, broken
references, dates, clashes with what exists here), so a refused import lists all of them
at once and leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import DataError, IntegrityError, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from assemblea.accounts.models import (
    Organization,
    OrganizationMembership,
    OrganizationRole,
    User,
)
from assemblea.accounts.selectors import organization_is_admin
from assemblea.assemblies import events as assembly_events
from assemblea.assemblies.models import (
    Assembly,
    AssemblyRole,
    AssemblyRoleName,
    Mandate,
    SeatHolder,
    Visibility,
)
from assemblea.core.chain import event_hash_of, json_normalized
from assemblea.core.events import event_record
from assemblea.core.models import Event
from assemblea.decisions import events as decision_events
from assemblea.decisions.models import Poll, PollStatus
from assemblea.opendata import events
from assemblea.opendata.export import COLLECTIONS, RECEIPTS, SCHEMA_VERSION, TIMELINE
from assemblea.opendata.schema import document_schema
from assemblea.opendata.tables import (
    AGGREGATES,
    ASSEMBLY_FIELDS,
    MANDATE_FIELDS,
    PEOPLE,
    TABLES,
    TABLES_BY_NAME,
    Table,
)

MAX_PROBLEMS = 100
# The limits of one import (a refusal states them all).
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_PEOPLE = 2_000
MAX_DEPTH = 32


class ImportRefused(ValidationError):
    """The document cannot be imported; ``problems`` says everything that must be fixed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems


@dataclass
class ImportResult:
    assembly: Assembly
    counts: dict[str, int] = field(default_factory=dict)
    reused_organizations: list[str] = field(default_factory=list)
    created_organizations: list[str] = field(default_factory=list)


def _limits_text() -> str:
    return _(
        "An import takes at most %(bytes)s MB, %(rows)s rows per collection, %(people)s named "
        "people (each becomes an account) and JSON nested %(depth)s levels deep."
    ) % {
        "bytes": MAX_DOCUMENT_BYTES // (1024 * 1024),
        "rows": MAX_ROWS,
        "people": MAX_PEOPLE,
        "depth": MAX_DEPTH,
    }


def document_size_check(size: int) -> None:
    """Refuse a file of more than MAX_DOCUMENT_BYTES before reading it."""
    if size > MAX_DOCUMENT_BYTES:
        raise ImportRefused(
            [
                _("The file has %(size)s MB: it is too large.")
                % {"size": round(size / (1024 * 1024), 1)},
                _limits_text(),
            ]
        )


def _no_constants(name: str) -> Any:
    raise ValueError(name)


def document_load(raw: bytes | str) -> dict[str, Any]:
    """Parse uploaded bytes; a file that is not a JSON object within the limits is refused
    with a reason."""
    document_size_check(len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw))
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        document = json.loads(text, parse_constant=_no_constants)
    except UnicodeDecodeError:
        raise ImportRefused([_("The file is not UTF-8 text. Export it again as JSON.")]) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            [
                _("The file is not valid JSON (line %(line)s, column %(column)s: %(message)s).")
                % {"line": error.lineno, "column": error.colno, "message": error.msg}
            ]
        ) from None
    except RecursionError:
        raise ImportRefused(
            [_("The file's JSON is nested too deeply to be an open-data document."), _limits_text()]
        ) from None
    except ValueError:  # NaN, Infinity, or a number of thousands of digits
        raise ImportRefused(
            [
                _(
                    "The file holds a number that JSON for open data cannot hold (NaN, Infinity, "
                    "or thousands of digits)."
                )
            ]
        ) from None
    if not isinstance(document, dict):
        raise ImportRefused([_("The file must hold one JSON object, an assembly's document.")])
    problems = _shape_problems(document)
    if problems:
        raise ImportRefused(problems)
    return document


def _shape_problems(document: Any) -> list[str]:
    """Nesting deeper than MAX_DEPTH, and text no database can store (NUL characters,
    unpaired surrogates), found without recursion."""
    problems: list[str] = []
    stack: list[tuple[Any, int, tuple[Any, ...]]] = [(document, 1, ())]
    deep = False
    while stack and len(problems) < MAX_PROBLEMS:
        value, depth, where = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                if not deep:
                    problems.append(
                        _("%(where)s: nested more than %(depth)s levels deep.")
                        % {"where": _path(where), "depth": MAX_DEPTH}
                    )
                    deep = True
                continue
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and not _storable(key):
                    problems.append(_unstorable(where))
                stack.append((item, depth + 1, (*where, key)))
        elif isinstance(value, str) and not _storable(value):
            problems.append(_unstorable(where))
    if deep:
        problems.append(_limits_text())
    return problems


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unstorable(where: tuple[Any, ...]) -> str:
    return _(
        "%(where)s: the text holds a character that cannot be stored (a NUL or a broken "
        "surrogate pair)."
    ) % {"where": _path(where)}


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or _("the document")


def _schema_problems(document: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        document_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    problems = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        problems.append(f"{_path(error.absolute_path)}: {error.message[:300]}")
    return problems


def _reference_problems(document: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    ids: dict[str, set[int]] = {}
    for name in [PEOPLE, *TABLES_BY_NAME, RECEIPTS, TIMELINE]:
        seen: set[int] = set()
        for index, row in enumerate(document[name]):
            if row["id"] in seen:
                problems.append(
                    _("%(where)s: the id %(id)s is used twice in %(collection)s.")
                    % {"where": _path([name, index]), "id": row["id"], "collection": name}
                )
            seen.add(row["id"])
        ids[name] = seen

    def check(where: str, value: Any, target: str) -> None:
        if value is not None and value not in ids[target]:
            problems.append(
                _("%(where)s: there is no row %(id)s in %(collection)s.")
                % {"where": where, "id": value, "collection": target}
            )

    check("assembly.organization", document["assembly"]["organization"], "organizations")
    for table in TABLES:
        for index, row in enumerate(document[table.name]):
            for name, target in table.refs.items():
                check(_path([table.name, index, name]), row[name], target)
            for name, target in table.many.items():
                for value in row[name]:
                    check(_path([table.name, index, name]), value, target)
            if table.name == "polls":
                for number, entry in enumerate(row["eligible"]):
                    where = _path([table.name, index, "eligible", number])
                    check(where + ".seat", entry["seat"], "seat_holders")
                    check(where + ".category", entry["category"], "seat_categories")
    for aggregate in AGGREGATES:
        for index, row in enumerate(document[aggregate.name]):
            for name, target in aggregate.refs.items():
                check(_path([aggregate.name, index, name]), row[name], target)
    for index, row in enumerate(document[RECEIPTS]):
        check(_path([RECEIPTS, index, "poll"]), row["poll"], "polls")
    return problems


def _receipt_problems(document: dict[str, Any]) -> list[str]:
    """Every ballot of a vote has one receipt and every receipt one ballot: the receipts are
    listed apart from the ballots, so their numbers must agree vote by vote, and a vote
    cannot have one receipt twice."""
    problems: list[str] = []
    ballots = Counter(row["poll"] for row in document["ballots"])
    receipts = Counter(row["poll"] for row in document[RECEIPTS])
    titles = {row["id"]: row["title"] for row in document["polls"]}
    for poll in sorted(set(ballots) | set(receipts)):
        if ballots[poll] != receipts[poll]:
            problems.append(
                _(
                    "poll %(poll)s (“%(title)s”): %(ballots)s ballots but %(receipts)s "
                    "receipts; every ballot of a vote has one receipt in receipts. Export the "
                    "assembly again."
                )
                % {
                    "poll": poll,
                    "title": titles.get(poll, "?"),
                    "ballots": ballots[poll],
                    "receipts": receipts[poll],
                }
            )
    twice = Counter((row["poll"], row["receipt"]) for row in document[RECEIPTS])
    for (poll, receipt), count in sorted(twice.items()):
        if count > 1:
            problems.append(
                _("receipts: the receipt %(receipt)s is listed %(count)s times for poll %(poll)s.")
                % {"receipt": receipt[:16], "count": count, "poll": poll}
            )
    return problems


def _time_problems(document: dict[str, Any]) -> list[str]:
    """Dates the JSON Schema format check lets through but Django cannot read."""
    problems: list[str] = []

    def check(where: str, model: type[models.Model], name: str, value: Any) -> None:
        if value is None:
            return
        field_type = model._meta.get_field(name)
        if isinstance(field_type, models.DateTimeField):
            parsed: Any = _parsed_or_none(parse_datetime, value)
        elif isinstance(field_type, models.DateField):
            parsed = _parsed_or_none(parse_date, value)
        else:
            return
        if parsed is None:
            problems.append(
                _("%(where)s: “%(value)s” is not a date (or date and time) in ISO 8601.")
                % {"where": where, "value": value}
            )

    for name in ASSEMBLY_FIELDS:
        check(f"assembly.{name}", Assembly, name, document["assembly"][name])
    mandate = document["assembly"]["mandate"]
    for name in MANDATE_FIELDS if mandate else ():
        check(f"assembly.mandate.{name}", Mandate, name, mandate[name])
    for table in TABLES:
        for index, row in enumerate(document[table.name]):
            for name in table.fields:
                check(_path([table.name, index, name]), table.model, name, row[name])
    for index, row in enumerate(document[TIMELINE]):
        if _parsed_or_none(parse_datetime, row["occurred_at"]) is None:
            problems.append(
                _("%(where)s: “%(value)s” is not a date and time in ISO 8601.")
                % {"where": _path([TIMELINE, index, "occurred_at"]), "value": row["occurred_at"]}
            )
    return problems


def _parsed_or_none(parser: Any, value: Any) -> Any:
    try:
        return parser(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _size_problems(document: Mapping[str, Any]) -> list[str]:
    problems = []
    for name in COLLECTIONS:
        rows = document.get(name)
        if isinstance(rows, list) and len(rows) > MAX_ROWS:
            problems.append(
                _("%(collection)s: %(count)s rows, more than the %(limit)s an import takes.")
                % {"collection": name, "count": len(rows), "limit": MAX_ROWS}
            )
    people = document.get(PEOPLE)
    if isinstance(people, list) and len(people) > MAX_PEOPLE:
        problems.append(
            _("people: %(count)s named people, more than the %(limit)s accounts an import creates.")
            % {"count": len(people), "limit": MAX_PEOPLE}
        )
    if problems:
        problems.append(_limits_text())
    return problems


def document_problems(document: Mapping[str, Any], *, slug: str | None = None) -> list[str]:
    """Everything that stops this document from being imported here; empty when it can be."""
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        return [
            _(
                "Unknown schema version %(version)s: this instance reads version %(ours)s. "
                "Export the assembly again from an instance that writes version %(ours)s."
            )
            % {"version": json.dumps(version), "ours": SCHEMA_VERSION}
        ]
    problems = _size_problems(document)
    if problems:
        return problems
    problems = _schema_problems(dict(document))
    if problems:
        return problems[:MAX_PROBLEMS]
    problems = (
        _reference_problems(dict(document))
        + _receipt_problems(dict(document))
        + _time_problems(dict(document))
    )
    if problems:
        return problems[:MAX_PROBLEMS]
    problems = _model_problems(dict(document), slug=slug) + _ballot_plan(dict(document))[1]
    wanted_slug = slug or document["assembly"]["slug"]
    try:
        validate_slug(wanted_slug)
    except ValidationError:
        problems.append(
            _("“%(slug)s” is not a web address name: use letters, digits and hyphens.")
            % {"slug": wanted_slug}
        )
    if Assembly.objects.filter(slug=wanted_slug).exists():
        problems.append(
            _(
                "An assembly with the web address name “%(slug)s” already exists here. "
                "Import it under another name."
            )
            % {"slug": wanted_slug}
        )
    return problems[:MAX_PROBLEMS]


def _model_problems(document: dict[str, Any], *, slug: str | None = None) -> list[str]:
    """Every row checked by its model's own validation (lengths, choices, number ranges,
    web addresses), as a form would; a link must be http:// or https://."""
    problems: list[str] = []

    def check(where: str, model: type[models.Model], values: dict[str, Any]) -> None:
        instance = model(**{name: _value(model, name, value) for name, value in values.items()})
        exclude = [
            field.name
            for field in model._meta.fields
            if field.name not in values
            or (isinstance(field, models.JSONField) and values[field.name] in ([], {}, ""))
        ]
        errors: dict[str, list[str]] = {}
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.message_dict
        for name, value in values.items():
            is_link = isinstance(model._meta.get_field(name), models.URLField) and value
            if is_link and _scheme(str(value)) not in ("http", "https"):
                errors[name] = [
                    _(
                        "“%(value)s” is not a web address starting with http:// or "
                        "https://; other kinds of links are refused."
                    )
                    % {"value": str(value)[:80]}
                ]
        for name, messages in errors.items():
            problems.extend(f"{where}.{name}: {message}" for message in messages)

    assembly = document["assembly"]
    values = {name: assembly[name] for name in ASSEMBLY_FIELDS}
    if slug:  # imported under another name (checked below)
        values.pop("slug")
    check("assembly", Assembly, values)
    if assembly["mandate"]:
        check(
            "assembly.mandate",
            Mandate,
            {name: assembly["mandate"][name] for name in MANDATE_FIELDS},
        )
    for table in TABLES:
        for index, row in enumerate(document[table.name]):
            values = {name: row[name] for name in table.fields}
            if table.name == "seat_holders" and values["name"] is None:
                values["name"] = _("Member %(number)s") % {"number": index + 1}
            if table.name == "ballots" and values["weight"] is None:
                values.pop("weight")
            check(_path([table.name, index]), table.model, values)
            if len(problems) >= MAX_PROBLEMS:
                return problems
    for index, row in enumerate(document[PEOPLE]):
        if len(row["name"]) > 150:
            problems.append(
                _("%(where)s: a name of at most 150 characters.")
                % {"where": _path([PEOPLE, index, "name"])}
            )
    return problems


def _scheme(link: str) -> str:
    try:
        return urlsplit(link).scheme.lower()
    except ValueError:  # e.g. a broken IPv6 address
        return ""


def _ballot_plan(document: dict[str, Any]) -> tuple[dict[int, tuple[int, str]], list[str]]:
    """The seat category (and weight) a ballot whose category was withheld is stored with
    here: one of the vote's eligible categories that no published ballot shows, taken in
    turn. The stored result
    of the vote is imported as it was published; only a recount here would see these (a
    re-export may then show a category that the first export withheld)."""
    polls = {row["id"]: row for row in document["polls"]}
    categories = [row["id"] for row in document["seat_categories"]]
    by_poll: dict[int, list[dict[str, Any]]] = {}
    for row in document["ballots"]:
        by_poll.setdefault(row["poll"], []).append(row)
    plan: dict[int, tuple[int, str]] = {}
    problems: list[str] = []
    for poll_id, ballots in by_poll.items():
        withheld = [row for row in ballots if row["category"] is None or row["weight"] is None]
        if not withheld:
            continue
        eligible = polls[poll_id]["eligible"]
        weights: dict[int, str] = {}
        for entry in eligible:
            weights.setdefault(entry["category"], entry["weight"])
        shown = {row["category"] for row in ballots if row["category"] is not None}
        candidates = [c for c in weights if c not in shown] or list(weights) or categories
        if not candidates:
            problems.append(
                _(
                    "ballots of poll %(poll)s: a ballot without a seat category, and no seat "
                    "category in the document to keep it in."
                )
                % {"poll": poll_id}
            )
            continue
        for number, row in enumerate(withheld):
            category = row["category"]
            if category is None:
                category = candidates[number % len(candidates)]
            weight = row["weight"] if row["weight"] is not None else weights.get(category, "1")
            plan[row["id"]] = (category, weight)
    return plan, problems


def _value(model: type[models.Model], name: str, value: Any) -> Any:
    """A document value as the model field wants it."""
    if value is None:
        return None
    field_type = model._meta.get_field(name)
    if isinstance(field_type, models.DateTimeField):
        return parse_datetime(value)
    if isinstance(field_type, models.DateField):
        return parse_date(value)
    return value


def _auto_time_fields(model: type[models.Model], names: tuple[str, ...]) -> list[str]:
    """Fields Django stamps on save (created_at...); the document's values are put back."""
    return [
        name
        for name in names
        if getattr(model._meta.get_field(name), "auto_now_add", False)
        or getattr(model._meta.get_field(name), "auto_now", False)
    ]


class _Importer:
    def __init__(
        self, document: dict[str, Any], organization: Organization | None, actor: Any
    ) -> None:
        self.document = document
        self.organization = organization
        self.actor = actor
        self.new_ids: dict[str, dict[int, int]] = {}
        self.result: ImportResult | None = None
        self.ballot_plan = _ballot_plan(document)[0]
        # Receipts are paired with their vote's ballots in any order: a receipt only shows
        # that a ballot was counted (document_problems checked that the numbers agree).
        self.receipts: dict[int, list[str]] = {}
        for row in document[RECEIPTS]:
            self.receipts.setdefault(row["poll"], []).append(row["receipt"])

    def run(self, *, slug: str | None) -> ImportResult:
        actor = self.actor
        self._people()
        self._organizations()
        assembly = self._assembly(slug)
        self.result = ImportResult(
            assembly=assembly, reused_organizations=self.reused, created_organizations=self.created
        )
        for table in TABLES:
            if table.name != "organizations":
                self._table(table, assembly)
        self._timeline(assembly)
        self._anchors(assembly)
        self.result.counts = {
            name: len(self.document[name]) for name in [PEOPLE, *TABLES_BY_NAME, RECEIPTS, TIMELINE]
        }
        AssemblyRole.objects.get_or_create(
            assembly=assembly, user=actor, role=AssemblyRoleName.ORGANIZER
        )
        event_record(
            stream=assembly_events.assembly_stream(assembly.pk),
            verb=events.IMPORTED,
            actor=actor,
            data={
                "source": self.document["source"]["url"],
                "version": self.document["schema_version"],
                "exported_at": self.document["exported_at"],
                "digest": hashlib.sha256(
                    json.dumps(self.document, sort_keys=True).encode()
                ).hexdigest(),
            },
            public=False,
        )
        return self.result

    def _people(self) -> None:
        """Named people become accounts that cannot sign in, holding only their name."""
        mapping = self.new_ids.setdefault(PEOPLE, {})
        for row in self.document[PEOPLE]:
            user = User(
                username=f"imported-{uuid.uuid4().hex[:12]}",
                display_name=row["name"][:150],
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
            mapping[row["id"]] = user.pk

    def _organizations(self) -> None:
        """The convening organization is the one given, or a new one; the others are reused
        only where the importer administers them, and otherwise created anew (under a free
        web address name). The importer administers every organization an import creates."""
        mapping = self.new_ids.setdefault("organizations", {})
        self.reused: list[str] = []
        self.created: list[str] = []
        table = TABLES_BY_NAME["organizations"]
        convening = self.document["assembly"]["organization"]
        for row in self.document["organizations"]:
            if row["id"] == convening and self.organization is not None:
                mapping[row["id"]] = self.organization.pk
                continue
            existing = Organization.objects.filter(slug=row["slug"]).first()
            if existing is not None and organization_is_admin(self.actor, existing):
                self.reused.append(existing.name)
                mapping[row["id"]] = existing.pk
                continue
            values = {name: row[name] for name in table.fields}
            values["slug"] = _free_slug(row["slug"])
            created = Organization.objects.create(**values)
            OrganizationMembership.objects.create(
                organization=created, user=self.actor, role=OrganizationRole.ADMIN
            )
            self.created.append(created.name)
            mapping[row["id"]] = created.pk

    def _assembly(self, slug: str | None) -> Assembly:
        data = self.document["assembly"]
        values = {name: _value(Assembly, name, data[name]) for name in ASSEMBLY_FIELDS}
        if slug:
            values["slug"] = slug
        created_at = values.pop("created_at")
        organization_id = self.new_ids["organizations"][data["organization"]]
        # Private until an organizer publishes it here, like every new assembly.
        values["visibility"] = Visibility.PRIVATE
        assembly = Assembly.objects.create(organization_id=organization_id, **values)
        Assembly.objects.filter(pk=assembly.pk).update(created_at=created_at)
        assembly.created_at = created_at
        if data["mandate"]:
            Mandate.objects.create(
                assembly=assembly,
                **{name: _value(Mandate, name, data["mandate"][name]) for name in MANDATE_FIELDS},
            )
        return assembly

    def _table(self, table: Table, assembly: Assembly) -> None:
        mapping = self.new_ids.setdefault(table.name, {})
        auto_times = _auto_time_fields(table.model, table.fields)
        self_refs = [name for name, target in table.refs.items() if target == table.name]
        for number, row in enumerate(self.document[table.name], start=1):
            values: dict[str, Any] = {
                name: _value(table.model, name, row[name]) for name in table.fields
            }
            for name, target in table.refs.items():
                if target != table.name:
                    old = row[name]
                    values[f"{name}_id"] = None if old is None else self.new_ids[target][old]
            if table.assembly_field:
                values[table.assembly_field] = assembly
            self._adjust(table, row, values, number)
            instance = table.model._default_manager.create(**values)
            mapping[row["id"]] = instance.pk
            stamped = {name: values[name] for name in auto_times if values[name] is not None}
            if stamped:
                table.model._default_manager.filter(pk=instance.pk).update(**stamped)
        for row in self.document[table.name]:
            updates = {
                f"{name}_id": self.new_ids[table.name][row[name]]
                for name in self_refs
                if row[name] is not None
            }
            if updates:
                table.model._default_manager.filter(pk=mapping[row["id"]]).update(**updates)
        for name, target in table.many.items():
            for row in self.document[table.name]:
                if row[name]:
                    instance = table.model._default_manager.get(pk=mapping[row["id"]])
                    getattr(instance, name).set([self.new_ids[target][old] for old in row[name]])

    def _adjust(
        self, table: Table, row: dict[str, Any], values: dict[str, Any], number: int
    ) -> None:
        """The few values that the document keeps private or in exported form."""
        if table.name == "seat_holders":
            values["consents_to_be_named"] = values["name"] is not None
            if values["name"] is None:
                values["name"] = _("Member %(number)s") % {"number": number}
        if table.name == "ballots":
            values["receipt"] = self.receipts[row["poll"]].pop()
        if table.name == "ballots" and row["id"] in self.ballot_plan:
            category, weight = self.ballot_plan[row["id"]]
            values["category_id"] = self.new_ids["seat_categories"][category]
            values["weight"] = weight
        if table.name == "polls":
            holders = self.new_ids["seat_holders"]
            names = self._holder_names
            values["eligible"] = [
                {
                    "user": None,
                    "seat": holders[entry["seat"]],
                    "category": self.new_ids["seat_categories"][entry["category"]],
                    "name": names[holders[entry["seat"]]],
                    "weight": entry["weight"],
                }
                for entry in row["eligible"]
            ]

    @cached_property
    def _holder_names(self) -> dict[int, str]:
        """Names of the imported seats, for the polls' lists of eligible voters (read once,
        when the first poll comes: the seats are imported before the polls)."""
        seats = self.new_ids["seat_holders"].values()
        return dict(SeatHolder.objects.filter(pk__in=seats).values_list("pk", "name"))

    def _timeline(self, assembly: Assembly) -> None:
        """The public timeline as it was, re-chained in this instance's log."""
        stream = assembly_events.assembly_stream(assembly.pk)
        previous = ""
        for row in self.document[TIMELINE]:
            event = Event(
                stream=stream,
                verb=row["verb"],
                data=json_normalized(row["data"]),
                public=True,
                occurred_at=parse_datetime(row["occurred_at"]) or timezone.now(),
                previous_hash=previous,
            )
            event.hash = event_hash_of(event)
            event.save()
            previous = event.hash

    def _anchors(self, assembly: Assembly) -> None:
        """Each closed vote's anchor is its "voting closed" event as re-chained here (found
        by the digest it recorded), so `verify_events` checks the imported record too."""
        stream = assembly_events.assembly_stream(assembly.pk)
        closed = Poll.objects.filter(assembly=assembly, status=PollStatus.CLOSED).exclude(digest="")
        for poll in closed:
            closing = (
                Event.objects.filter(
                    stream=stream, verb=decision_events.POLL_CLOSED, data__digest=poll.digest
                )
                .order_by("id")
                .last()
            )
            if closing is not None:
                Poll.objects.filter(pk=poll.pk).update(record_hash=closing.hash)


def _free_slug(slug: str) -> str:
    """`slug`, or `slug-2`, `slug-3`... where an organization here has it already."""
    taken = set(
        Organization.objects.filter(slug__startswith=slug[:70]).values_list("slug", flat=True)
    )
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug[:70]}-{number}"
    return candidate


def _actor_problems(
    actor: Any, organization: Organization | None, *, by_operator: bool
) -> list[str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return [
            _(
                "An import needs the account that will administer what it creates: sign in, "
                "or name it with --organizer on the command line."
            )
        ]
    if (
        organization is not None
        and not by_operator
        and not organization_is_admin(actor, organization)
    ):
        return [
            _(
                "You do not administer “%(organization)s”: import into an organization you "
                "administer."
            )
            % {"organization": organization.name}
        ]
    return []


@transaction.atomic
def assembly_import(
    *,
    actor: Any,
    document: dict[str, Any],
    slug: str | None = None,
    organization: Organization | None = None,
    by_operator: bool = False,
) -> ImportResult:
    """Import the whole document or nothing, for `actor`, who becomes the organizer of the
    assembly and the administrator of every organization the import creates.

    ``organization`` replaces the convening organization named in the document; it must be
    one the actor administers (a web import goes into the importer's own), unless
    ``by_operator`` (the command line, run by whoever runs the instance)."""
    problems = _actor_problems(actor, organization, by_operator=by_operator)
    if problems:
        raise ImportRefused(problems)
    problems = document_problems(document, slug=slug)
    if problems:
        raise ImportRefused(problems)
    try:
        with transaction.atomic():
            return _Importer(document, organization, actor).run(slug=slug)
    except (IntegrityError, DataError) as error:
        # Rows that clash with each other where this instance allows one (two room rules
        # for one assembly, two ballots with one receipt...): the database is the judge;
        # everything written so far is undone with the transaction.
        raise ImportRefused(
            [
                _(
                    "Rows of the document clash where this instance allows only one, or hold "
                    "a value its database cannot store: %(error)s"
                )
                % {"error": str(error).splitlines()[0][:300]}
            ]
        ) from None
