"""What the recruitment views share: the organizer's recruitment, ids from the address."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.selectors import assembly_get
from assemblea.recruitment import selectors
from assemblea.recruitment.models import Recruitment
from assemblea.recruitment.permissions import RecruitmentAction, require


def _managed(request: HttpRequest, slug: str) -> tuple[Assembly, Recruitment | None]:
    assembly = assembly_get(user=request.user, slug=slug)
    require(request.user, RecruitmentAction.VIEW, assembly)
    return assembly, selectors.current_recruitment(assembly)


def _recruitment(request: HttpRequest, slug: str) -> tuple[Assembly, Recruitment]:
    assembly, recruitment = _managed(request, slug)
    if recruitment is None:
        raise Http404(_("This assembly has no recruitment yet."))
    return assembly, recruitment


def _url_id(value: int) -> int:
    """An id from the address, as the database can hold it (a 404 for a number too large)."""
    if value > 2**63 - 1:
        raise Http404(_("No such object."))
    return value
