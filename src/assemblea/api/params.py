"""Query parameters of the public API: each endpoint names the ones it takes; anything else,
a repeated parameter or a value out of range is a 400 naming the parameter."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assemblea.api.problems import ApiProblem, not_found, parameter_error

PAGE_SIZE_DEFAULT = 50
PAGE_SIZE_MAX = 200
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
_DIGITS = re.compile(r"[0-9]{1,12}")  # ASCII only (int() would take other scripts' digits)
_SLUG = re.compile(SLUG_PATTERN.strip("^$"))


class InvalidValue(ValueError):
    """A parser's refusal; its message is shown to the client next to the parameter."""


Parser = Callable[[str], Any]


def integer(minimum: int, maximum: int | None = None) -> Parser:
    def parse(value: str) -> int:
        if not _DIGITS.fullmatch(value):
            raise InvalidValue(_("Give a whole number."))
        number = int(value)
        if number < minimum:
            raise InvalidValue(_("Give a number of at least %(minimum)d.") % {"minimum": minimum})
        if maximum is not None and number > maximum:
            raise InvalidValue(_("Give a number of at most %(maximum)d.") % {"maximum": maximum})
        return number

    return parse


def choice(values: list[str]) -> Parser:
    def parse(value: str) -> str:
        if value not in values:
            raise InvalidValue(_("Give one of: %(values)s.") % {"values": ", ".join(values)})
        return value

    return parse


def slug(value: str) -> str:
    if not _SLUG.fullmatch(value) or len(value) > 80:
        raise InvalidValue(_("Give a web address name: letters, digits, hyphens, underscores."))
    return value


PAGING: dict[str, Parser] = {
    "page": integer(1),
    "page_size": integer(1, PAGE_SIZE_MAX),
}


def query_parse(request: HttpRequest, parsers: Mapping[str, Parser]) -> dict[str, Any]:
    """The endpoint's parameters, parsed; a 400 listing every parameter at fault."""
    errors = []
    values: dict[str, Any] = {}
    for name in request.GET:
        given = request.GET.getlist(name)
        if name not in parsers:
            errors.append(parameter_error(name, _("This endpoint takes no such parameter.")))
        elif len(given) > 1:
            errors.append(parameter_error(name, _("Give this parameter once.")))
        else:
            try:
                values[name] = parsers[name](given[0])
            except InvalidValue as refusal:
                errors.append(parameter_error(name, str(refusal)))
    if errors:
        raise ApiProblem(
            400,
            ngettext(
                "A query parameter is not valid.",
                "%(count)d query parameters are not valid.",
                len(errors),
            )
            % {"count": len(errors)},
            code="invalid_parameters",
            errors=errors,
        )
    return values


@dataclass(frozen=True)
class Page:
    count: int
    page: int
    page_size: int
    pages: int

    @property
    def start(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def end(self) -> int:
        return self.start + self.page_size


def page_of(count: int, values: Mapping[str, Any]) -> Page:
    """The requested page; a 404 naming `page` beyond the last one (an empty list has one
    empty page)."""
    page = int(values.get("page", 1))
    page_size = int(values.get("page_size", PAGE_SIZE_DEFAULT))
    pages = max((count + page_size - 1) // page_size, 1)
    if page > pages:
        raise not_found(
            _("There is no such page."),
            code="page_not_found",
            errors=[
                parameter_error(
                    "page",
                    ngettext(
                        "There is %(pages)d page of this size.",
                        "There are %(pages)d pages of this size.",
                        pages,
                    )
                    % {"pages": pages},
                )
            ],
        )
    return Page(count=count, page=page, page_size=page_size, pages=pages)


def paged(
    page: Page, results: list[Any], *, path: str, values: Mapping[str, Any]
) -> dict[str, Any]:
    """The paging envelope, with links to the neighbouring pages (same filters and size)."""

    def link(number: int) -> str | None:
        if number < 1 or number > page.pages:
            return None
        query = {name: value for name, value in values.items() if name != "page"}
        query["page_size"] = page.page_size
        query["page"] = number
        return f"{path}?{urlencode(sorted(query.items()))}"

    return {
        "count": page.count,
        "page": page.page,
        "page_size": page.page_size,
        "next": link(page.page + 1),
        "previous": link(page.page - 1),
        "results": results,
    }
