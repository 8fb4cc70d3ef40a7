"""Reads for networks: an assembly's parent and local assemblies, its inbox, the directory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from assemblea.accountability.models import Recommendation
from assemblea.accountability.selectors import Stage, recommendations_of, stage_of
from assemblea.assemblies.kinds import KINDS_BY_SLUG
from assemblea.assemblies.models import Assembly, Visibility
from assemblea.deliberation.models import Resolution
from assemblea.network.models import (
    AssemblyLink,
    ForwardedItem,
    ForwardStatus,
    LibraryTemplate,
    LinkStatus,
)


def parent_link(assembly: Assembly) -> AssemblyLink | None:
    return (
        AssemblyLink.objects.select_related("parent__organization").filter(child=assembly).first()
    )


def child_links(assembly: Assembly, *, status: str = LinkStatus.ACCEPTED) -> QuerySet[AssemblyLink]:
    return (
        AssemblyLink.objects.select_related("child__organization")
        .filter(parent=assembly, status=status)
        .order_by("child__title")
    )


def inbox(assembly: Assembly) -> QuerySet[ForwardedItem]:
    return ForwardedItem.objects.select_related("from_assembly__organization").filter(
        to_assembly=assembly
    )


def forwardable_resolutions(assembly: Assembly) -> QuerySet[Resolution]:
    return Resolution.objects.filter(assembly=assembly).select_related("owner")


def forwardable_recommendations(assembly: Assembly) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(assembly=assembly, dropped_on__isnull=True)


def forwardable_items(assembly: Assembly) -> QuerySet[ForwardedItem]:
    return inbox(assembly).filter(status=ForwardStatus.ACCEPTED)


def forwarded_out(assembly: Assembly) -> QuerySet[ForwardedItem]:
    return ForwardedItem.objects.select_related("to_assembly").filter(from_assembly=assembly)


@dataclass(frozen=True)
class DirectoryRow:
    assembly: Assembly
    family: str
    question: str
    recommendations: int
    implemented: int
    parent: Assembly | None
    children: list[Assembly]


def directory(*, kind: str = "", family: str = "") -> list[DirectoryRow]:
    """Every public assembly across organizations, with its outcomes and its links."""
    assemblies = (
        Assembly.objects.filter(visibility=Visibility.PUBLIC)
        .select_related("organization", "mandate")
        .order_by("title")
    )
    if kind:
        assemblies = assemblies.filter(kind=kind)
    if family:
        assemblies = assemblies.filter(
            kind__in=[slug for slug, info in KINDS_BY_SLUG.items() if info.family == family]
        )
    links = list(
        AssemblyLink.objects.filter(status=LinkStatus.ACCEPTED).select_related("parent", "child")
    )
    rows = []
    for assembly in assemblies:
        stages = [stage_of(item) for item in recommendations_of(assembly)]
        mandate: Any = getattr(assembly, "mandate", None)
        rows.append(
            DirectoryRow(
                assembly=assembly,
                family=KINDS_BY_SLUG[assembly.kind].family,
                question=mandate.question if mandate else "",
                recommendations=len(stages),
                implemented=stages.count(Stage.DONE),
                parent=next(
                    (
                        link.parent
                        for link in links
                        if link.child_id == assembly.pk and link.parent.is_public
                    ),
                    None,
                ),
                children=[
                    link.child
                    for link in links
                    if link.parent_id == assembly.pk and link.child.is_public
                ],
            )
        )
    return rows


def library(*, kind: str = "") -> QuerySet[LibraryTemplate]:
    templates = LibraryTemplate.objects.select_related("organization")
    return templates.filter(kind=kind) if kind else templates
