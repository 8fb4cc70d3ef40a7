"""Turning what a request carries into objects, so bad input is a 400 or a 404, never a 500.

Views take ids from `request.POST` / `request.GET` through these helpers instead of handing
the raw string to the ORM (where "abc" or "1e9" raises and becomes a server error).
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import BadRequest, ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, QueryDict

ModelT = TypeVar("ModelT", bound=Model)

# Larger than any BigAutoField id; bigger numbers are refused before they reach the database.
_MAX_ID = 2**63 - 1


def param_id(data: QueryDict, name: str) -> int:
    """The positive integer id posted as `name`; BadRequest (400) naming it otherwise."""
    raw = data.get(name)
    if raw is None:
        raise BadRequest(f"Missing parameter: {name}")
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= _MAX_ID:
        raise BadRequest(f"Parameter {name} must be a positive whole number")
    return int(text)


def _object_of(data: QueryDict, queryset: QuerySet[ModelT], name: str, field: str) -> ModelT:
    identifier = param_id(data, name)
    try:
        return queryset.get(**{field: identifier})
    except ObjectDoesNotExist as missing:
        raise Http404(f"No such {queryset.model._meta.verbose_name}") from missing


def posted_object(
    request: HttpRequest, queryset: QuerySet[ModelT], name: str, *, field: str = "pk"
) -> ModelT:
    """The object of `queryset` whose `field` is the id posted as `name`.

    400 when the id is missing or not a number, 404 when `queryset` has no such object
    (so ids of other assemblies' objects look exactly like ids that do not exist)."""
    return _object_of(request.POST, queryset, name, field)


def queried_object(
    request: HttpRequest, queryset: QuerySet[ModelT], name: str, *, field: str = "pk"
) -> ModelT:
    """Like `posted_object`, for an id in the query string (`?seat=12`)."""
    return _object_of(request.GET, queryset, name, field)
