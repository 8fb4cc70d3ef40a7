"""Reads of the public API: only public assemblies, through the open-data export, so the
API and the published JSON documents never disagree."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from assemblea.accounts.models import Organization
from assemblea.api.params import InvalidValue
from assemblea.api.problems import not_found
from assemblea.assemblies.models import Assembly
from assemblea.opendata import export


def assemblies_public(
    *, kind: str = "", organization: str = "", phase: str = ""
) -> QuerySet[Assembly]:
    """Public assemblies, by id (a stable order for paging), filtered."""
    assemblies = export.public_assemblies()
    if kind:
        assemblies = assemblies.filter(kind=kind)
    if organization:
        assemblies = assemblies.filter(organization__slug=organization)
    if phase:
        assemblies = assemblies.filter(phase=phase)
    return assemblies.order_by("id")


def organization_known(slug: str) -> str:
    """A parser for the `organization` filter: the slug of an existing organization."""
    if not Organization.objects.filter(slug=slug).exists():
        raise InvalidValue(_("No organization has this web address name."))
    return slug


def assembly_public(slug: str) -> Assembly:
    """The public assembly; a missing and a private one get the same 404."""
    assembly = export.public_assemblies().filter(slug=slug).first()
    if assembly is None:
        raise not_found(
            _("No public assembly has this web address name."), code="assembly_not_found"
        )
    return assembly


def assembly_summary(assembly: Assembly) -> dict[str, Any]:
    return export.assembly_summary(assembly)


def collection_items(assembly: Assembly, name: str) -> list[dict[str, Any]]:
    """The items of one of the assembly's collections, by id; 404 for an unknown name."""
    if name not in export.COLLECTIONS:
        raise not_found(_("There is no such collection."), code="collection_not_found")
    return sorted(export.collection_rows(assembly, name), key=lambda row: row["id"])


def document(assembly: Assembly) -> dict[str, Any]:
    return export.assembly_document(assembly)
