"""Importing an open-data document into this instance: all of it, or nothing.

Every problem is found before anything is written (schema version, JSON Schema, broken
references, dates, clashes with what exists here), so a refused import lists all of them
at once and leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import jsonschema
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from assemblea.accounts.models import Organization, User
from assemblea.assemblies import events as assembly_events
from assemblea.assemblies.models import (
    Assembly,
    AssemblyRole,
    AssemblyRoleName,
    Mandate,
    SeatHolder,
)
from assemblea.core.chain import event_hash_of, json_normalized
from assemblea.core.events import event_record
from assemblea.core.models import Event
from assemblea.opendata import events
from assemblea.opendata.export import SCHEMA_VERSION, TIMELINE
from assemblea.opendata.schema import document_schema
from assemblea.opendata.tables import (
    ASSEMBLY_FIELDS,
    MANDATE_FIELDS,
    PEOPLE,
    TABLES,
    TABLES_BY_NAME,
    Table,
)

MAX_PROBLEMS = 100


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


def document_load(raw: bytes | str) -> dict[str, Any]:
    """Parse uploaded bytes; a file that is not a JSON object is refused with a reason."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        document = json.loads(text)
    except UnicodeDecodeError:
        raise ImportRefused([_("The file is not UTF-8 text. Export it again as JSON.")]) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            [
                _("The file is not valid JSON (line %(line)s, column %(column)s: %(message)s).")
                % {"line": error.lineno, "column": error.colno, "message": error.msg}
            ]
        ) from None
    if not isinstance(document, dict):
        raise ImportRefused([_("The file must hold one JSON object, an assembly's document.")])
    return document


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
    for name in [PEOPLE, *TABLES_BY_NAME, TIMELINE]:
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
    problems = _schema_problems(dict(document))
    if problems:
        return problems[:MAX_PROBLEMS]
    problems = _reference_problems(dict(document)) + _time_problems(dict(document))
    wanted_slug = slug or document["assembly"]["slug"]
    if Assembly.objects.filter(slug=wanted_slug).exists():
        problems.append(
            _(
                "An assembly with the web address name “%(slug)s” already exists here. "
                "Import it under another name."
            )
            % {"slug": wanted_slug}
        )
    return problems[:MAX_PROBLEMS]


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
    def __init__(self, document: dict[str, Any], organization: Organization | None) -> None:
        self.document = document
        self.organization = organization
        self.new_ids: dict[str, dict[int, int]] = {}
        self.result: ImportResult | None = None

    def run(self, *, slug: str | None, actor: Any) -> ImportResult:
        self._people()
        self._organizations()
        assembly = self._assembly(slug)
        self.result = ImportResult(assembly=assembly, reused_organizations=self.reused)
        for table in TABLES:
            if table.name != "organizations":
                self._table(table, assembly)
        self._timeline(assembly)
        self.result.counts = {
            name: len(self.document[name]) for name in [PEOPLE, *TABLES_BY_NAME, TIMELINE]
        }
        if actor is not None and getattr(actor, "is_authenticated", False):
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
        mapping = self.new_ids.setdefault("organizations", {})
        self.reused: list[str] = []
        table = TABLES_BY_NAME["organizations"]
        for row in self.document["organizations"]:
            existing = Organization.objects.filter(slug=row["slug"]).first()
            if existing is None:
                existing = Organization.objects.create(**{name: row[name] for name in table.fields})
            else:
                self.reused.append(existing.name)
            mapping[row["id"]] = existing.pk

    def _assembly(self, slug: str | None) -> Assembly:
        data = self.document["assembly"]
        values = {name: _value(Assembly, name, data[name]) for name in ASSEMBLY_FIELDS}
        if slug:
            values["slug"] = slug
        created_at = values.pop("created_at")
        organization_id = (
            self.organization.pk
            if self.organization is not None
            else self.new_ids["organizations"][data["organization"]]
        )
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
        if table.name == "seat_holders" and values["name"] is None:
            values["name"] = _("Member %(number)s") % {"number": number}
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


@transaction.atomic
def assembly_import(
    *,
    document: dict[str, Any],
    actor: Any = None,
    slug: str | None = None,
    organization: Organization | None = None,
) -> ImportResult:
    """Import the whole document or nothing. ``organization`` replaces the convening
    organization named in the document (a web import goes into the importer's own)."""
    problems = document_problems(document, slug=slug)
    if problems:
        raise ImportRefused(problems)
    return _Importer(document, organization).run(slug=slug, actor=actor)
