"""The OpenAPI 3.1 description of the public API.

The response schemas of the data come from the open-data JSON Schema
(`assemblea.opendata.schema.document_schema()`): its `$defs` become `components/schemas`
(OpenAPI 3.1 takes JSON Schema 2020-12 as it is), so the API and the export cannot disagree.
"""

from __future__ import annotations

import copy
from typing import Any

from assemblea.api.params import PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, SLUG_PATTERN
from assemblea.api.problems import PROBLEM_CODES
from assemblea.assemblies.kinds import KINDS
from assemblea.assemblies.phases import Phase
from assemblea.opendata import export
from assemblea.opendata.schema import document_schema

API_VERSION = "1.0.0"
# Our own component names are capitalized; the open-data definitions are lower-case.
OWN = ("Problem", "Index", "AssemblyLinks", "AssemblyEntry", "AssemblyPage", "Document")


def _refs_rewritten(node: Any) -> Any:
    """A copy of a JSON Schema with "#/$defs/X" pointing at "#/components/schemas/X"."""
    if isinstance(node, dict):
        rewritten = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
                value = "#/components/schemas/" + value.removeprefix("#/$defs/")
            rewritten[key] = _refs_rewritten(value)
        return rewritten
    if isinstance(node, list):
        return [_refs_rewritten(value) for value in node]
    return node


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _page_schema(items: dict[str, Any]) -> dict[str, Any]:
    link = {"type": ["string", "null"], "format": "uri-reference"}
    return {
        "type": "object",
        "required": ["count", "page", "page_size", "next", "previous", "results"],
        "additionalProperties": False,
        "properties": {
            "count": {"type": "integer", "minimum": 0, "description": "Items on all pages."},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": PAGE_SIZE_MAX},
            "next": link | {"description": "The next page, or null on the last one."},
            "previous": link | {"description": "The previous page, or null on the first."},
            "results": {"type": "array", "items": items},
        },
    }


ASSEMBLY_NOT_FOUND = (
    "No public assembly has this web address name (a private assembly is not told apart "
    "from a missing one)."
)
PAGE_NOT_FOUND = "A page beyond the last (`errors` names `page`)."
RATE_HEADERS = {
    "RateLimit-Limit": {
        "description": "Requests allowed per client and minute.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "RateLimit-Remaining": {
        "description": "Requests left in the current minute.",
        "schema": {"type": "integer", "minimum": 0},
    },
}


def _problem(description: str, *, extra_headers: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "description": description,
        "headers": RATE_HEADERS | (extra_headers or {}),
        "content": {"application/problem+json": {"schema": _ref("Problem")}},
    }


def _ok(
    description: str, schema: dict[str, Any], *, not_found: str | None = None
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {
            "description": description,
            "headers": RATE_HEADERS
            | {"ETag": {"description": "The body's tag.", "schema": {"type": "string"}}},
            "content": {"application/json": {"schema": schema}},
        },
        "400": _problem(
            "A query parameter is unknown, repeated or not valid; `errors` names each."
        ),
        "429": _problem(
            "Too many requests from this client this minute.",
            extra_headers={
                "Retry-After": {
                    "description": "Seconds until the limit resets.",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1},
                }
            },
        ),
        "500": _problem("An unexpected error (logged on the server)."),
    }
    if not_found:
        responses["404"] = _problem(not_found)
    return responses


def _parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


PAGING_PARAMETERS = [
    _parameter("page", "The page, from 1.", {"type": "integer", "minimum": 1, "default": 1}),
    _parameter(
        "page_size",
        "Items per page.",
        {
            "type": "integer",
            "minimum": 1,
            "maximum": PAGE_SIZE_MAX,
            "default": PAGE_SIZE_DEFAULT,
        },
    ),
]
SLUG_PARAMETER = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "The assembly's web address name.",
    "schema": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 80},
}


def _components() -> dict[str, Any]:
    source = document_schema()
    schemas: dict[str, Any] = _refs_rewritten(copy.deepcopy(source.get("$defs", {})))
    clashes = set(schemas) & set(OWN)
    if clashes:  # pragma: no cover - a guard for whoever adds a definition
        raise ValueError(f"open-data definitions clash with the API's: {sorted(clashes)}")
    whole = {
        key: value
        for key, value in source.items()
        if key not in {"$defs", "$schema", "$id", "$comment"}
    }
    schemas["Document"] = _refs_rewritten(copy.deepcopy(whole))
    link = {"type": "string", "format": "uri-reference"}
    schemas["Problem"] = {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "required": ["type", "title", "status", "code", "detail", "errors"],
        "properties": {
            "type": {"type": "string", "format": "uri-reference"},
            "title": {"type": "string", "description": "The HTTP status, translated."},
            "status": {"type": "integer"},
            "code": {
                "type": "string",
                "enum": list(PROBLEM_CODES),
                "description": "What went wrong, as a stable word: "
                + "; ".join(f"{code}: {text}" for code, text in PROBLEM_CODES.items()),
            },
            "detail": {"type": "string", "description": "What went wrong, translated."},
            "errors": {
                "type": "array",
                "description": "The query parameters at fault, if any.",
                "items": {
                    "type": "object",
                    "required": ["parameter", "message"],
                    "properties": {
                        "parameter": {"type": "string"},
                        "message": {"type": "string"},
                    },
                },
            },
        },
    }
    schemas["Index"] = {
        "type": "object",
        "required": ["schema_version", "openapi", "assemblies"],
        "properties": {
            "schema_version": {"type": "integer", "const": export.SCHEMA_VERSION},
            "openapi": link,
            "assemblies": link,
        },
    }
    schemas["AssemblyLinks"] = {
        "type": "object",
        "required": ["self", "document", "collections"],
        "additionalProperties": False,
        "properties": {
            "self": link,
            "document": link,
            "collections": {
                "type": "object",
                "required": list(export.COLLECTIONS),
                "additionalProperties": False,
                "properties": {name: link for name in export.COLLECTIONS},
            },
        },
    }
    schemas["AssemblyEntry"] = {
        "type": "object",
        "required": ["assembly", "links"],
        "additionalProperties": False,
        "properties": {"assembly": _ref("assembly"), "links": _ref("AssemblyLinks")},
    }
    schemas["AssemblyPage"] = _page_schema(_ref("AssemblyEntry"))
    return schemas


def _assemblies_list() -> dict[str, Any]:
    return {
        "get": {
            "operationId": "assemblies_list",
            "summary": "Public assemblies, by id",
            "parameters": [
                *PAGING_PARAMETERS,
                _parameter(
                    "kind",
                    "Only assemblies of this kind.",
                    {"type": "string", "enum": [kind.slug for kind in KINDS]},
                ),
                _parameter(
                    "organization",
                    "Only assemblies convened by the organization with this web address "
                    "name (400 when there is none).",
                    {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 80},
                ),
                _parameter(
                    "phase",
                    "Only assemblies in this phase.",
                    {"type": "string", "enum": list(Phase.values)},
                ),
            ],
            "responses": _ok(
                "A page of assemblies.", _ref("AssemblyPage"), not_found=PAGE_NOT_FOUND
            ),
        }
    }


def _paths() -> dict[str, Any]:
    """The index, this description, the assemblies, one assembly, its document."""
    return {
        "/": {
            "get": {
                "operationId": "index",
                "summary": "Links to the API's parts",
                "responses": _ok("The index.", _ref("Index")),
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This description (OpenAPI 3.1)",
                "responses": _ok("The OpenAPI description.", {"type": "object"}),
            }
        },
        "/assemblies": _assemblies_list(),
        "/assemblies/{slug}": {
            "parameters": [SLUG_PARAMETER],
            "get": {
                "operationId": "assembly",
                "summary": "A public assembly, with links to its collections",
                "responses": _ok(
                    "The assembly.", _ref("AssemblyEntry"), not_found=ASSEMBLY_NOT_FOUND
                ),
            },
        },
        "/assemblies/{slug}/document": {
            "parameters": [SLUG_PARAMETER],
            "get": {
                "operationId": "assembly_document",
                "summary": "The assembly's whole open-data document",
                "responses": _ok(
                    "The open-data document.", _ref("Document"), not_found=ASSEMBLY_NOT_FOUND
                ),
            },
        },
    }


def _collection_paths() -> dict[str, Any]:
    """One path per collection of the open-data document, paged by id."""
    paths: dict[str, Any] = {}
    for name in export.COLLECTIONS:
        paths[f"/assemblies/{{slug}}/{name}"] = {
            "parameters": [SLUG_PARAMETER],
            "get": {
                "operationId": f"assembly_{name}",
                "summary": f"The assembly's {name.replace('_', ' ')}, by id",
                "description": export.collection_description(name),
                "parameters": PAGING_PARAMETERS,
                "responses": _ok(
                    f"A page of {name.replace('_', ' ')}.",
                    _page_schema(_ref(name)),
                    not_found=f"{ASSEMBLY_NOT_FOUND} {PAGE_NOT_FOUND}",
                ),
            },
        }
    return paths


def openapi_document(*, server: str) -> dict[str, Any]:
    """The description, with `server` (e.g. "/api/v1") as the only, relative, server."""
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Assemblea public API",
            "version": API_VERSION,
            "summary": "Read-only open data of public assemblies.",
            "description": (
                "Every endpoint takes GET (and HEAD, OPTIONS). Unknown query parameters are "
                "refused with 400; errors are RFC 9457 problem details. Items are ordered by id; "
                "a page beyond the last is a 404. Requests are limited per client and minute "
                "(429 with Retry-After). The data is the open-data export's: schema version "
                f"{export.SCHEMA_VERSION}."
            ),
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": server}],
        "paths": {**_paths(), **_collection_paths()},
        "components": {"schemas": _components()},
    }
