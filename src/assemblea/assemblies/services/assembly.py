"""An assembly itself: created from its kind, described, published, its mandate."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assemblea.accounts.models import Organization, OrganizationMembership, OrganizationRole
from assemblea.assemblies import events
from assemblea.assemblies.kinds import KINDS_BY_SLUG, AssemblyKindInfo, SeatTemplate
from assemblea.assemblies.models import (
    Assembly,
    AssemblyRole,
    AssemblyRoleName,
    Mandate,
    SeatCategory,
    Visibility,
)
from assemblea.assemblies.permissions import require
from assemblea.assemblies.phases import AssemblyAction
from assemblea.assemblies.services.translations import translations_from_organizer
from assemblea.core.events import assembly_event_record


def unique_slug(text: str, *, taken: Iterable[str] = ()) -> str:
    base = slugify(text)[:70] or "assembly"
    existing = set(taken) | set(
        Assembly.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in existing:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _scaled(templates: tuple[SeatTemplate, ...], size: int) -> tuple[SeatTemplate, ...]:
    """The usual composition resized to `size` seats, keeping proportions (largest remainder)."""
    total = sum(template.seats for template in templates)
    shares = [template.seats * size / total for template in templates]
    seats = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: seats[i] - shares[i])
    for index in by_remainder[: size - sum(seats)]:
        seats[index] += 1
    return tuple(
        dataclasses.replace(template, seats=count)
        for template, count in zip(templates, seats, strict=True)
        if count > 0
    )


def _check_deadline(deadline: datetime.date | None) -> None:
    if deadline is not None and deadline < timezone.localdate():
        raise ValidationError(
            {
                "response_deadline": ValidationError(
                    _("The response deadline is in the past: choose a later date."),
                    code="response_deadline_past_choose",
                )
            }
        )


def _usual_composition_create(
    assembly: Assembly, templates: tuple[SeatTemplate, ...], planned_size: int | None
) -> None:
    """The kind's usual seat categories, scaled to the planned size when one is given."""
    usual_total = sum(template.seats for template in templates)
    if planned_size is not None and templates and usual_total != planned_size:
        templates = _scaled(templates, planned_size)
    assembly.planned_size = planned_size or (usual_total or None)
    assembly.save(update_fields=["planned_size"])
    for position, template in enumerate(templates):
        SeatCategory.objects.create(
            assembly=assembly,
            seat_type=template.seat_type,
            name=str(template.name),
            seats=template.seats,
            may_vote=template.may_vote,
            may_speak=template.may_speak,
            may_propose=template.may_propose,
            counts_for_quorum=template.counts_for_quorum,
            position=position,
        )


def _convene_check(
    actor: Any,
    organization: Organization,
    kind: str,
    *,
    commits_to_respond: bool,
    response_deadline: datetime.date | None,
) -> AssemblyKindInfo:
    """Only the organization's administrators convene, for a known kind, with a deadline
    when they commit to respond; returns the kind."""
    if not OrganizationMembership.objects.filter(
        organization=organization, user=actor, role=OrganizationRole.ADMIN
    ).exists():
        raise ValidationError(
            {
                "organization": ValidationError(
                    _("Only an administrator of %(org)s can convene for it."),
                    code="only_administrator_convene",
                    params={"org": organization.name},
                )
            }
        )
    info = KINDS_BY_SLUG.get(kind)
    if info is None:
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("Choose one of the kinds of assembly listed."),
                    code="choose_kinds_assembly_listed",
                )
            }
        )
    _check_deadline(response_deadline)
    if commits_to_respond and response_deadline is None:
        raise ValidationError(
            {
                "response_deadline": ValidationError(
                    _("A commitment to respond needs a response deadline."),
                    code="commitment_respond_needs_response",
                )
            }
        )
    return info


@transaction.atomic
def assembly_create(
    *,
    actor: Any,
    organization: Organization,
    title: str,
    kind: str,
    question: str,
    summary: str = "",
    commissioning_body: str = "",
    authority: str = "advisory",
    commits_to_respond: bool = False,
    response_commitment: str = "",
    response_deadline: datetime.date | None = None,
    languages: list[str] | None = None,
    planned_size: int | None = None,
    use_usual_composition: bool = True,
) -> Assembly:
    info = _convene_check(
        actor,
        organization,
        kind,
        commits_to_respond=commits_to_respond,
        response_deadline=response_deadline,
    )
    assembly = Assembly.objects.create(
        organization=organization,
        title=title,
        slug=unique_slug(title),
        kind=kind,
        summary=summary,
        # Private until an organizer publishes it (assembly_publish), whatever the caller.
        visibility=Visibility.PRIVATE,
        is_standing=info.standing,
        term_months=18 if info.standing else None,
        rotation_months=6 if info.standing else None,
        cohorts=3 if info.standing else 1,
        languages=languages or ["en"],
    )
    Mandate.objects.create(
        assembly=assembly,
        question=question,
        commissioning_body=commissioning_body,
        authority=authority,
        commits_to_respond=commits_to_respond,
        response_commitment=response_commitment,
        response_deadline=response_deadline,
    )
    AssemblyRole.objects.create(assembly=assembly, user=actor, role=AssemblyRoleName.ORGANIZER)
    _usual_composition_create(
        assembly, info.usual_composition if use_usual_composition else (), planned_size
    )
    assembly_event_record(
        assembly=assembly,
        verb=events.ASSEMBLY_CREATED,
        actor=actor,
        data={"title": title, "kind": kind},
    )
    return assembly


@transaction.atomic
def assembly_update(
    *,
    actor: Any,
    assembly: Assembly,
    title: str,
    summary: str,
    languages: list[str],
    is_standing: bool,
    planned_size: int | None,
    term_months: int | None,
    rotation_months: int | None,
    cohorts: int,
) -> Assembly:
    require(actor, AssemblyAction.EDIT_COMPOSITION, assembly)
    if is_standing and (not term_months or not rotation_months):
        raise ValidationError(
            {
                "term_months": ValidationError(
                    _("A standing body needs a term length and a rotation interval."),
                    code="standing_body_needs_term",
                )
            }
        )
    if term_months and rotation_months and rotation_months > term_months:
        raise ValidationError(
            {
                "rotation_months": ValidationError(
                    _("Members cannot rotate less often than their term lasts."),
                    code="members_cannot_rotate_less",
                )
            }
        )
    if cohorts < 1:
        raise ValidationError(
            {
                "cohorts": ValidationError(
                    _("There must be at least one cohort."), code="must_least_cohort"
                )
            }
        )
    if planned_size is not None:
        seated = sum(category.seats for category in assembly.categories.all())
        if planned_size < 1:
            raise ValidationError(
                {
                    "planned_size": ValidationError(
                        _("An assembly needs at least one seat."), code="assembly_needs_least_seat"
                    )
                }
            )
        if seated > planned_size:
            raise ValidationError(
                {
                    "planned_size": ValidationError(
                        _(
                            "The seat categories already have %(seats)s seats: remove "
                            "some first, or choose at least %(seats)s."
                        ),
                        code="seat_categories_already_seats",
                        params={"seats": seated},
                    )
                }
            )
    assembly.title = title
    assembly.summary = summary
    assembly.languages = languages
    assembly.is_standing = is_standing
    assembly.planned_size = planned_size
    assembly.term_months = term_months
    assembly.rotation_months = rotation_months
    assembly.cohorts = cohorts
    assembly.save()
    assembly_event_record(assembly=assembly, verb=events.ASSEMBLY_UPDATED, actor=actor)
    return assembly


@transaction.atomic
def assembly_publish(*, actor: Any, assembly: Assembly) -> Assembly:
    """Open the assembly to everyone: its page, public record, sessions, evaluation and its
    open data. Members are still named only with their consent; private details stay private."""
    require(actor, AssemblyAction.PUBLISH, assembly)
    if assembly.is_public:
        raise ValidationError(_("The assembly is already public."), code="assembly_already_public")
    assembly.visibility = Visibility.PUBLIC
    assembly.save(update_fields=["visibility"])
    assembly_event_record(assembly=assembly, verb=events.PUBLISHED, actor=actor)
    return assembly


@transaction.atomic
def assembly_unpublish(*, actor: Any, assembly: Assembly) -> Assembly:
    """Make a public assembly private again: only people with a role see it from now on."""
    require(actor, AssemblyAction.PUBLISH, assembly)
    if not assembly.is_public:
        raise ValidationError(
            _("The assembly is already private."), code="assembly_already_private"
        )
    assembly.visibility = Visibility.PRIVATE
    assembly.save(update_fields=["visibility"])
    assembly_event_record(assembly=assembly, verb=events.UNPUBLISHED, actor=actor)
    return assembly


def personal_data_viewed(*, actor: Any, assembly: Assembly, what: str) -> None:
    """Record, as a private event, that `actor` looked at personal data about people of the
    assembly: who and when (the event), what (one of events.PERSONAL_DATA_LABELS), never
    the data itself. Called by every view and export that shows such data."""
    if what not in events.PERSONAL_DATA_LABELS:
        raise ValueError(f"unknown kind of personal data {what!r}")
    with transaction.atomic():
        assembly_event_record(
            assembly=assembly,
            verb=events.PERSONAL_DATA_VIEWED,
            actor=actor,
            data={"what": what},
            public=False,
        )


@transaction.atomic
def mandate_update(
    *,
    actor: Any,
    assembly: Assembly,
    question: str,
    commissioning_body: str,
    authority: str,
    commits_to_respond: bool,
    response_commitment: str,
    response_deadline: datetime.date | None,
    translations: Mapping[str, Mapping[str, Any]] | None = None,
) -> Mandate:
    require(actor, AssemblyAction.EDIT_MANDATE, assembly)
    _check_deadline(response_deadline)
    if commits_to_respond and response_deadline is None:
        raise ValidationError(
            {
                "response_deadline": ValidationError(
                    _("A commitment to respond needs a response deadline."),
                    code="commitment_respond_needs_response",
                )
            }
        )
    mandate = assembly.mandate
    mandate.question = question
    mandate.commissioning_body = commissioning_body
    mandate.authority = authority
    mandate.commits_to_respond = commits_to_respond
    mandate.response_commitment = response_commitment
    mandate.response_deadline = response_deadline
    mandate.save()
    assembly_event_record(assembly=assembly, verb=events.MANDATE_UPDATED, actor=actor)
    if translations:
        translations_from_organizer(
            actor=actor, assembly=assembly, obj=mandate, translations=translations
        )
    return mandate
