"""The public API: links, paging, filters, errors as problem details, privacy, methods,
headers, and the data equal to the open-data export's."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from jsonschema import Draft202012Validator
from schemathesis.specs.openapi.definitions import OPENAPI_31

from assemblea.api.openapi import openapi_document
from assemblea.api.problems import PROBLEM_CODES
from assemblea.opendata import export

pytestmark = pytest.mark.django_db

API = "/api/v1"


def as_json(data: Any) -> Any:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert set(body) == {"type", "title", "status", "code", "detail", "errors"}
    assert body["code"] in PROBLEM_CODES
    if code is not None:
        assert body["code"] == code
    return body


def test_index_links_to_the_description_and_the_assemblies(api: Client, public_data: Any) -> None:
    index = api.get(f"{API}/").json()
    assert index["schema_version"] == export.SCHEMA_VERSION
    assert api.get(index["openapi"]).status_code == 200
    assert api.get(index["assemblies"]).json()["count"] == 2


def test_the_description_is_openapi_3_1_with_the_open_data_schemas(api: Client) -> None:
    served = api.get(f"{API}/openapi.json").json()
    assert served == as_json(openapi_document(server=API))
    assert served["openapi"] == "3.1.0"
    assert served["servers"] == [{"url": API}]
    Draft202012Validator(OPENAPI_31).validate(served)
    schemas = served["components"]["schemas"]
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)
    assert "$defs" not in json.dumps(schemas)
    for name in export.COLLECTIONS:
        operation = served["paths"][f"/assemblies/{{slug}}/{name}"]["get"]
        items = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert items["properties"]["results"]["items"] == {"$ref": f"#/components/schemas/{name}"}
    for path in served["paths"].values():
        responses = path["get"]["responses"]
        assert {"200", "400", "429", "500"} <= set(responses)


def test_each_collection_is_the_exports(api: Client, public_data: Any) -> None:
    assembly = public_data.assembly
    for name in export.COLLECTIONS:
        page = api.get(f"{API}/assemblies/{assembly.slug}/{name}?page_size=200").json()
        rows = as_json(sorted(export.collection_rows(assembly, name), key=lambda r: r["id"]))
        assert page["results"] == rows, name
        assert page["count"] == len(rows)
    assert len(api.get(f"{API}/assemblies/{assembly.slug}/sessions").json()["results"]) == 3
    assert len(api.get(f"{API}/assemblies/{assembly.slug}/proposals").json()["results"]) == 2


def test_the_document_and_the_assembly_are_the_exports(api: Client, public_data: Any) -> None:
    assembly = public_data.assembly
    served = api.get(f"{API}/assemblies/{assembly.slug}/document").json()
    exported = as_json(export.assembly_document(assembly))
    served.pop("exported_at")
    exported.pop("exported_at")
    assert served == exported
    entry = api.get(f"{API}/assemblies/{assembly.slug}").json()
    assert entry["assembly"] == as_json(export.assembly_summary(assembly))
    assert entry["links"]["document"] == f"{API}/assemblies/{assembly.slug}/document"
    assert set(entry["links"]["collections"]) == set(export.COLLECTIONS)
    for link in entry["links"]["collections"].values():
        assert api.get(link).status_code == 200


def test_paging(api: Client, public_data: Any) -> None:
    base = f"{API}/assemblies/{public_data.assembly.slug}/sessions"
    first = api.get(f"{base}?page_size=2").json()
    assert (first["count"], first["page"], first["page_size"]) == (3, 1, 2)
    assert [row["title"] for row in first["results"]] == ["Weekend 1", "Weekend 2"]
    assert first["previous"] is None
    second = api.get(first["next"]).json()
    assert [row["title"] for row in second["results"]] == ["Weekend 3"]
    assert second["next"] is None
    assert api.get(second["previous"]).json() == first
    assert api.get(base).json()["page_size"] == 50


def test_an_empty_collection_has_one_empty_page(api: Client, public_data: Any) -> None:
    base = f"{API}/assemblies/{public_data.other.slug}/sessions"
    page = api.get(base).json()
    assert (page["count"], page["results"], page["next"], page["previous"]) == (0, [], None, None)
    body = problem(api.get(f"{base}?page=2"), 404)
    assert body["errors"][0]["parameter"] == "page"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("page=%D9%A1", "page"),  # an Arabic-Indic one: int() would take it
        ("page=", "page"),
        ("page=1&page=2", "page"),
        ("page_size=0", "page_size"),
        ("page_size=201", "page_size"),
        ("page_size=1e3", "page_size"),
        ("colour=red", "colour"),
        ("kind=bogus", "kind"),
        ("phase=bogus", "phase"),
        ("organization=no-such-organization", "organization"),
        ("organization=bad%00slug", "organization"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(
    api: Client, public_data: Any, query: str, parameter: str
) -> None:
    body = problem(api.get(f"{API}/assemblies?{query}"), 400, "invalid_parameters")
    assert [error["parameter"] for error in body["errors"]] == [parameter]
    assert body["errors"][0]["message"]


def test_every_endpoint_refuses_unknown_parameters(api: Client, public_data: Any) -> None:
    slug = public_data.assembly.slug
    for path in ["/", "/openapi.json", f"/assemblies/{slug}", f"/assemblies/{slug}/document"]:
        body = problem(api.get(f"{API}{path}?page=1"), 400)
        assert body["errors"] == [
            {"parameter": "page", "message": "This endpoint takes no such parameter."}
        ]


def test_too_many_parameters_are_a_400(api: Client, public_data: Any) -> None:
    query = "&".join(f"p{number}=1" for number in range(1200))
    problem(api.get(f"{API}/assemblies?{query}"), 400)


def test_a_page_beyond_the_last_is_a_404(api: Client, public_data: Any) -> None:
    body = problem(api.get(f"{API}/assemblies?page=3&page_size=1"), 404, "page_not_found")
    assert body["errors"][0]["parameter"] == "page"
    problem(api.get(f"{API}/assemblies?page=999999999999"), 404)


def test_filters(api: Client, public_data: Any, city: Any) -> None:
    def slugs(query: str) -> list[str]:
        page = api.get(f"{API}/assemblies?{query}").json()
        return [entry["assembly"]["slug"] for entry in page["results"]]

    everything = [public_data.assembly.slug, public_data.other.slug]
    assert slugs("") == everything  # by id; the private one never
    assert slugs(f"organization={city.slug}") == everything
    assert slugs("kind=civic_standing") == [public_data.other.slug]
    assert slugs("phase=in_session") == [public_data.assembly.slug]
    assert slugs("phase=in_session&kind=civic_standing") == []
    page = api.get(f"{API}/assemblies?kind=civic_one_time&page_size=1").json()
    assert page["count"] == 1


def test_a_private_assembly_is_a_missing_one(api: Client, public_data: Any) -> None:
    for suffix in ["", "/document", "/sessions"]:
        private = api.get(f"{API}/assemblies/{public_data.private.slug}{suffix}")
        missing = api.get(f"{API}/assemblies/no-such-assembly{suffix}")
        assert problem(private, 404) == problem(missing, 404, "assembly_not_found")
        assert private.headers.get("Content-Length") == missing.headers.get("Content-Length")


def test_unknown_collections_and_paths_are_404s(api: Client, public_data: Any) -> None:
    slug = public_data.assembly.slug
    problem(api.get(f"{API}/assemblies/{slug}/ballot_secrets"), 404, "collection_not_found")
    problem(api.get(f"{API}/assemblies/{slug}/sessions/1"), 404)
    problem(api.get(f"{API}/nothing/here"), 404, "no_such_address")
    problem(api.get(f"{API}/assemblies/"), 404)
    problem(api.get(f"{API}/assemblies/a%0Ab/sessions"), 404)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_only_reads(public_data: Any, settings: Any, method: str) -> None:
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(f"{API}/assemblies")
    problem(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_options_and_head(api: Client, public_data: Any) -> None:
    options = api.options(f"{API}/assemblies")
    assert options.status_code == 204
    assert options["Access-Control-Allow-Origin"] == "*"
    assert "GET" in options["Access-Control-Allow-Methods"]
    head = api.head(f"{API}/assemblies")
    assert head.status_code == 200
    assert head.content == b""


def test_headers_cors_caching_no_cookies(api: Client, public_data: Any) -> None:
    response = api.get(f"{API}/assemblies")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Content-Type"] == "application/json"
    assert not response.cookies
    # Answers depend on the language asked for, never on who asks: shared caches can keep them.
    assert "Cookie" not in response.get("Vary", "")
    again = api.get(f"{API}/assemblies", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    error = api.get(f"{API}/assemblies?page=0")
    assert error["Cache-Control"] == "no-store"
    assert error["Access-Control-Allow-Origin"] == "*"


def test_an_unexpected_error_is_a_logged_json_500(
    api: Client, public_data: Any, monkeypatch: Any, caplog: Any
) -> None:
    def broken(assembly: Any) -> Any:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(export, "assembly_document", broken)
    body = problem(
        api.get(f"{API}/assemblies/{public_data.assembly.slug}/document"), 500, "server_error"
    )
    assert "fire" not in json.dumps(body)
    assert "the disk is on fire" in caplog.text


def test_errors_speak_the_readers_language(api: Client, public_data: Any) -> None:
    response = api.get(f"{API}/nowhere", headers={"Accept-Language": "es"})
    assert response["Content-Language"] == "es"
    assert "Accept-Language" in response["Vary"]
