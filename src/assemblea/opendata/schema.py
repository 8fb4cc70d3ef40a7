"""The published JSON Schema of an open-data document, derived from tables.py and the models.

Descriptions come from the models' own field names, in English, so the schema documents
itself and stays in step with the database.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from django.db import models
from django.utils import translation

from assemblea.assemblies.models import Assembly, Mandate
from assemblea.core.privacy import SMALL_CELL_MINIMUM
from assemblea.opendata.export import (
    COLLECTIONS,
    RECEIPTS,
    SCHEMA_VERSION,
    TIMELINE,
    collection_description,
)
from assemblea.opendata.tables import (
    AGGREGATES,
    ASSEMBLY_FIELDS,
    MANDATE_FIELDS,
    PEOPLE,
    TABLES,
    Aggregate,
    Table,
)

SCHEMA_ID = f"https://assemblea.org/open-data/schema/{SCHEMA_VERSION}.json"
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if kind is None:
        return schema
    schema["type"] = [kind, "null"] if isinstance(kind, str) else [*kind, "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


# core/multilingual.py: {language: {field: text, or a list of texts for a list field}}.
TRANSLATIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "propertyNames": {"maxLength": 10},
    "additionalProperties": {
        "type": "object",
        "additionalProperties": {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
        },
    },
}


def _field_schema(model: type[models.Model], name: str, *, may_be_null: bool) -> dict[str, Any]:
    field = model._meta.get_field(name)
    schema: dict[str, Any]
    if isinstance(field, models.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, models.DecimalField):
        schema = {"type": "string", "pattern": DECIMAL_PATTERN}
    elif isinstance(field, models.FloatField):
        schema = {"type": "number"}
    elif isinstance(field, models.IntegerField):
        schema = {"type": "integer"}
        if isinstance(field, models.PositiveIntegerField):
            schema["minimum"] = 0
    elif isinstance(field, models.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, models.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, models.JSONField) and name == "translations":
        schema = copy.deepcopy(TRANSLATIONS_SCHEMA)
    elif isinstance(field, models.JSONField):
        schema = {}
    elif isinstance(field, models.CharField | models.TextField):
        schema = {"type": "string"}
        if field.max_length:
            schema["maxLength"] = field.max_length
        if field.choices:
            schema["enum"] = [str(value) for value, _label in field.choices]
    else:  # pragma: no cover - a new field type in tables.py must be mapped here
        raise TypeError(f"no JSON Schema for {model.__name__}.{name} ({type(field).__name__})")
    verbose = getattr(field, "verbose_name", "")
    if verbose and str(verbose) != name.replace("_", " "):
        schema["description"] = str(verbose)
    if field.null or may_be_null:
        schema = _nullable(schema)
    return schema


def _ref_schema(
    model: type[models.Model], name: str, target: str, *, may_be_null: bool = False
) -> dict[str, Any]:
    field = model._meta.get_field(name)
    schema: dict[str, Any] = {
        "type": "integer",
        "description": f"id of a row of {target}",
    }
    return _nullable(schema) if getattr(field, "null", False) or may_be_null else schema


# A published count of people: 0, at least SMALL_CELL_MINIMUM, or null (withheld).
COUNT_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "const": 0},
        {"type": "integer", "minimum": SMALL_CELL_MINIMUM},
        {"type": "null"},
    ],
    "description": f"how many people; null where fewer than {SMALL_CELL_MINIMUM} (withheld)",
}


def _aggregate_schema(aggregate: Aggregate) -> dict[str, Any]:
    properties: dict[str, Any] = {"id": {"type": "integer", "minimum": 1}}
    for name, target in aggregate.refs.items():
        properties[name] = {"type": "integer", "description": f"id of a row of {target}"}
    for name in aggregate.columns:
        properties[name] = COUNT_SCHEMA if name == "count" else {"type": "string"}
    return _object(properties, str(aggregate.description))


def _object(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _object_with_optional(
    properties: dict[str, Any], description: str, optional: list[str]
) -> dict[str, Any]:
    schema = _object(properties, description)
    schema["required"] = [name for name in schema["required"] if name not in optional]
    return schema


def _table_schema(table: Table) -> dict[str, Any]:
    properties: dict[str, Any] = {"id": {"type": "integer", "minimum": 1}}
    for name in table.fields:
        properties[name] = _field_schema(table.model, name, may_be_null=name in table.optional)
    for name, target in table.refs.items():
        properties[name] = _ref_schema(
            table.model, name, target, may_be_null=name in table.optional
        )
    for name, target in table.many.items():
        properties[name] = {
            "type": "array",
            "items": {"type": "integer"},
            "uniqueItems": True,
            "description": f"ids of rows of {target}",
        }
    if table.name == "polls":
        properties["eligible"] = {
            "type": "array",
            "description": "The seats eligible when the vote opened, with their weight.",
            "items": _object(
                {
                    "seat": {"type": "integer", "description": "id of a row of seat_holders"},
                    "category": {"type": "integer", "description": "id of a seat category"},
                    "weight": {"type": "string", "pattern": DECIMAL_PATTERN},
                },
                "An eligible seat.",
            ),
        }
    return _object(properties, str(table.description))


def _assembly_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {"id": {"type": "integer", "minimum": 1}}
    for name in ASSEMBLY_FIELDS:
        properties[name] = _field_schema(Assembly, name, may_be_null=False)
    properties["languages"] = {"type": "array", "items": {"type": "string", "maxLength": 10}}
    properties["organization"] = {
        "type": "integer",
        "description": "id of the convening organization in organizations",
    }
    mandate = {name: _field_schema(Mandate, name, may_be_null=False) for name in MANDATE_FIELDS}
    properties["mandate"] = {
        "oneOf": [_object(mandate, "What the assembly is asked to do."), {"type": "null"}]
    }
    properties["url"] = {"type": "string", "description": "its public page where it was exported"}
    return _object(properties, "The assembly: kind, phase, mandate, convening organization.")


@cache
def _document_schema_en() -> dict[str, Any]:
    definitions: dict[str, Any] = {
        "assembly": _assembly_schema(),
        PEOPLE: _object(
            {"id": {"type": "integer", "minimum": 1}, "name": {"type": "string"}},
            collection_description(PEOPLE),
        ),
        TIMELINE: _object(
            {
                "id": {"type": "integer", "minimum": 1},
                "occurred_at": {"type": "string", "format": "date-time"},
                "verb": {"type": "string", "maxLength": 64},
                "data": {"type": "object"},
            },
            collection_description(TIMELINE),
        ),
        RECEIPTS: _object(
            {
                "id": {"type": "integer", "minimum": 1},
                "poll": {"type": "integer", "description": "id of a row of polls"},
                "receipt": {"type": "string", "minLength": 1, "maxLength": 64},
            },
            collection_description(RECEIPTS),
        ),
    }
    for table in TABLES:
        definitions[table.name] = _table_schema(table)
    for aggregate in AGGREGATES:
        definitions[aggregate.name] = _aggregate_schema(aggregate)
    properties: dict[str, Any] = {
        "schema_version": {"const": SCHEMA_VERSION},
        "exported_at": {"type": "string", "format": "date-time"},
        "source": _object(
            {
                "instance": {"type": "string", "description": "the exporting instance"},
                "url": {"type": "string", "description": "the assembly's page there"},
            },
            "Where the document comes from.",
        ),
        "license": _object(
            {
                "name": {"type": "string", "description": "e.g. CC BY 4.0"},
                "url": {"type": "string", "description": "the licence's text"},
            },
            "The licence the data is published under (absent in documents exported before "
            "instances stated it).",
        ),
        "assembly": {"$ref": "#/$defs/assembly"},
    }
    for name in COLLECTIONS:
        properties[name] = {"type": "array", "items": {"$ref": f"#/$defs/{name}"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Assemblea open data: the public facts of one assembly",
        "description": (
            "Mandate, composition, lottery method and report, sessions, evidence, proposals, "
            "votes and results, recommendations, responses and commitments. Ids tie rows of "
            "one document together; they are the exporting instance's own."
        ),
        **_object_with_optional(properties, "An assembly's open-data document.", ["license"]),
        "$defs": definitions,
    }


def document_schema() -> dict[str, Any]:
    """A fresh copy each time: callers (the API's OpenAPI document) may rewrite it."""
    with translation.override("en"):
        return copy.deepcopy(_document_schema_en())
