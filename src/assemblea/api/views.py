"""Thin views of the public API: parse the query, call one selector, answer JSON.

`api_endpoint` wraps each: the rate limit, GET/HEAD/OPTIONS only, problem details for every
error (a logged 500 only as a last resort), CORS, caching headers and an ETag.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from assemblea.api import selectors
from assemblea.api.openapi import openapi_document
from assemblea.api.params import PAGING, Parser, choice, page_of, paged, query_parse, slug
from assemblea.api.problems import ApiProblem, not_found, problem_response
from assemblea.api.services import RateState, client_of, rate_hit
from assemblea.assemblies.kinds import KINDS
from assemblea.assemblies.models import Assembly
from assemblea.assemblies.phases import Phase
from assemblea.opendata import export

logger = logging.getLogger(__name__)

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOW = ", ".join(ALLOWED_METHODS)
View = Callable[..., HttpResponse]


def json_response(request: HttpRequest, data: Any) -> HttpResponse:
    """200 with the data as JSON, tagged; 304 when the client has this tag already."""
    content = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).encode()
    response = HttpResponse(content, content_type="application/json")
    etag = quote_etag(hashlib.sha256(content).hexdigest()[:32])
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=60"
    return get_conditional_response(request, etag=etag, response=response) or response


def _rate_state(request: HttpRequest) -> RateState | None:
    try:
        return rate_hit(client=client_of(request))
    except DatabaseError:  # fail open: the data is public, an outage of counting is no reason
        logger.exception("API rate limit not counted")
        return None


def _answer(request: HttpRequest, view: View, route_exists: bool, **kwargs: Any) -> HttpResponse:
    if not route_exists:
        raise not_found(_("There is no such address in this API."), code="no_such_address")
    if request.method not in ALLOWED_METHODS:
        return problem_response(
            405,
            _("This API only reads: use GET."),
            code="method_not_allowed",
            headers={"Allow": ALLOW},
        )
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Allow"] = ALLOW
        response["Access-Control-Allow-Methods"] = ALLOW
        response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match"
        response["Access-Control-Max-Age"] = "86400"
        return response
    return view(request, **kwargs)


def api_endpoint(*, route_exists: bool = True) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def endpoint(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            state = _rate_state(request)
            try:
                if state is not None and state.exceeded:
                    response = problem_response(
                        429,
                        _("Too many requests: at most %(limit)d a minute. Try again later.")
                        % {"limit": state.limit},
                        code="rate_limited",
                        headers={"Retry-After": str(state.reset_after)},
                    )
                else:
                    response = _answer(request, view, route_exists, **kwargs)
            except ApiProblem as problem:
                response = problem.response()
            except SuspiciousOperation:  # e.g. more query parameters than Django reads
                response = problem_response(
                    400, _("This request cannot be read."), code="unreadable_request"
                )
            except Exception:
                logger.exception("Public API error on %s", request.path)
                response = problem_response(
                    500, _("Something went wrong on our side."), code="server_error"
                )
            if response.status_code >= 400:
                response["Cache-Control"] = "no-store"
            if state is not None:
                response["RateLimit-Limit"] = str(state.limit)
                response["RateLimit-Remaining"] = str(state.remaining)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = (
                "ETag, RateLimit-Limit, RateLimit-Remaining, Retry-After"
            )
            return response

        return csrf_exempt(endpoint)

    return decorate


def _api_path(route: str, **kwargs: Any) -> str:
    return reverse(f"api:{route}", kwargs=kwargs or None)


def _assembly_links(assembly: Assembly) -> dict[str, Any]:
    return {
        "self": _api_path("assembly", slug=assembly.slug),
        "document": _api_path("document", slug=assembly.slug),
        "collections": {
            name: _api_path("collection", slug=assembly.slug, name=name)
            for name in export.COLLECTIONS
        },
    }


def _entry(assembly: Assembly) -> dict[str, Any]:
    return {
        "assembly": selectors.assembly_summary(assembly),
        "links": _assembly_links(assembly),
    }


@api_endpoint()
def index(request: HttpRequest) -> HttpResponse:
    query_parse(request, {})
    return json_response(
        request,
        {
            "schema_version": export.SCHEMA_VERSION,
            "openapi": _api_path("openapi"),
            "assemblies": _api_path("assemblies"),
        },
    )


@api_endpoint()
def openapi(request: HttpRequest) -> HttpResponse:
    query_parse(request, {})
    return json_response(request, openapi_document(server=_api_path("index").rstrip("/")))


ASSEMBLY_FILTERS: dict[str, Parser] = {
    "kind": choice([kind.slug for kind in KINDS]),
    "organization": lambda value: selectors.organization_known(slug(value)),
    "phase": choice(list(Phase.values)),
}


@api_endpoint()
def assemblies(request: HttpRequest) -> HttpResponse:
    values = query_parse(request, PAGING | ASSEMBLY_FILTERS)
    found = selectors.assemblies_public(
        **{name: values[name] for name in ASSEMBLY_FILTERS if name in values}
    )
    page = page_of(found.count(), values)
    results = [_entry(assembly) for assembly in found[page.start : page.end]]
    return json_response(request, paged(page, results, path=_api_path("assemblies"), values=values))


@api_endpoint()
def assembly(request: HttpRequest, slug: str) -> HttpResponse:
    query_parse(request, {})
    return json_response(request, _entry(selectors.assembly_public(slug)))


@api_endpoint()
def document(request: HttpRequest, slug: str) -> HttpResponse:
    query_parse(request, {})
    return json_response(request, selectors.document(selectors.assembly_public(slug)))


@api_endpoint()
def collection(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    values = query_parse(request, PAGING)
    items = selectors.collection_items(selectors.assembly_public(slug), name)
    page = page_of(len(items), values)
    path = _api_path("collection", slug=slug, name=name)
    return json_response(
        request, paged(page, items[page.start : page.end], path=path, values=values)
    )


@api_endpoint(route_exists=False)
def nowhere(request: HttpRequest, **kwargs: Any) -> HttpResponse:  # pragma: no cover
    raise AssertionError("api_endpoint answers 404 before this")
