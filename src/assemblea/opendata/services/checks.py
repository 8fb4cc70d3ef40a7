"""Everything that stops a document from being imported here, found before anything is
written: schema version, sizes, JSON Schema, references, receipts, dates, each row against
its model, and where ballots whose seat category was withheld are kept."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from assemblea.assemblies.models import (
    Assembly,
    Mandate,
)
from assemblea.opendata.export import COLLECTIONS, RECEIPTS, SCHEMA_VERSION, TIMELINE
from assemblea.opendata.schema import document_schema
from assemblea.opendata.services import limits
from assemblea.opendata.services.limits import (
    MAX_PROBLEMS,
    _limits_text,
    _path,
)
from assemblea.opendata.tables import (
    AGGREGATES,
    ASSEMBLY_FIELDS,
    MANDATE_FIELDS,
    PEOPLE,
    TABLES,
    TABLES_BY_NAME,
)


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
        if isinstance(rows, list) and len(rows) > limits.MAX_ROWS:
            problems.append(
                _("%(collection)s: %(count)s rows, more than the %(limit)s an import takes.")
                % {"collection": name, "count": len(rows), "limit": limits.MAX_ROWS}
            )
    people = document.get(PEOPLE)
    if isinstance(people, list) and len(people) > limits.MAX_PEOPLE:
        problems.append(
            _("people: %(count)s named people, more than the %(limit)s accounts an import creates.")
            % {"count": len(people), "limit": limits.MAX_PEOPLE}
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
