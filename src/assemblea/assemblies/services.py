"""Every write to assemblies, their mandates, composition, seats and roles.

Each function is keyword-only, runs in one transaction, checks permission first, refuses
bad input with a ValidationError that says what to fix, and records an event.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assemblea.accounts.models import Organization, OrganizationMembership, OrganizationRole
from assemblea.assemblies import events
from assemblea.assemblies.kinds import KINDS_BY_SLUG, SeatTemplate
from assemblea.assemblies.models import (
    Assembly,
    AssemblyRole,
    AssemblyRoleName,
    DelegateAllocation,
    Mandate,
    SeatCategory,
    SeatHolder,
    SeatType,
    Visibility,
)
from assemblea.assemblies.permissions import require
from assemblea.assemblies.phases import Action, Phase, next_phases
from assemblea.core.events import event_record


def _record(assembly: Assembly, verb: str, actor: Any, public: bool = True, **data: Any) -> None:
    event_record(
        stream=events.assembly_stream(assembly.pk), verb=verb, actor=actor, data=data, public=public
    )


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
            {"response_deadline": _("The response deadline is in the past: choose a later date.")}
        )


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
    if not OrganizationMembership.objects.filter(
        organization=organization, user=actor, role=OrganizationRole.ADMIN
    ).exists():
        raise ValidationError(
            {
                "organization": _("Only an administrator of %(org)s can convene for it.")
                % {"org": organization.name}
            }
        )
    info = KINDS_BY_SLUG.get(kind)
    if info is None:
        raise ValidationError({"kind": _("Choose one of the kinds of assembly listed.")})
    _check_deadline(response_deadline)
    if commits_to_respond and response_deadline is None:
        raise ValidationError(
            {"response_deadline": _("A commitment to respond needs a response deadline.")}
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
    templates = info.usual_composition if use_usual_composition else ()
    usual_total = sum(template.seats for template in templates)
    if planned_size is not None and templates and usual_total != planned_size:
        templates = _scaled(templates, planned_size)
    assembly.planned_size = planned_size or (usual_total or None)
    assembly.save(update_fields=["planned_size"])
    if templates:
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
    _record(assembly, events.ASSEMBLY_CREATED, actor, title=title, kind=kind)
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
    require(actor, Action.EDIT_COMPOSITION, assembly)
    if is_standing and (not term_months or not rotation_months):
        raise ValidationError(
            {"term_months": _("A standing body needs a term length and a rotation interval.")}
        )
    if term_months and rotation_months and rotation_months > term_months:
        raise ValidationError(
            {"rotation_months": _("Members cannot rotate less often than their term lasts.")}
        )
    if cohorts < 1:
        raise ValidationError({"cohorts": _("There must be at least one cohort.")})
    if planned_size is not None:
        seated = sum(category.seats for category in assembly.categories.all())
        if planned_size < 1:
            raise ValidationError({"planned_size": _("An assembly needs at least one seat.")})
        if seated > planned_size:
            raise ValidationError(
                {
                    "planned_size": _(
                        "The seat categories already have %(seats)s seats: remove "
                        "some first, or choose at least %(seats)s."
                    )
                    % {"seats": seated}
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
    _record(assembly, events.ASSEMBLY_UPDATED, actor)
    return assembly


@transaction.atomic
def assembly_publish(*, actor: Any, assembly: Assembly) -> Assembly:
    """Open the assembly to everyone: its page, public record, sessions, evaluation and its
    open data. Members are still named only with their consent; private details stay private."""
    require(actor, Action.PUBLISH, assembly)
    if assembly.is_public:
        raise ValidationError(_("The assembly is already public."))
    assembly.visibility = Visibility.PUBLIC
    assembly.save(update_fields=["visibility"])
    _record(assembly, events.PUBLISHED, actor)
    return assembly


@transaction.atomic
def assembly_unpublish(*, actor: Any, assembly: Assembly) -> Assembly:
    """Make a public assembly private again: only people with a role see it from now on."""
    require(actor, Action.PUBLISH, assembly)
    if not assembly.is_public:
        raise ValidationError(_("The assembly is already private."))
    assembly.visibility = Visibility.PRIVATE
    assembly.save(update_fields=["visibility"])
    _record(assembly, events.UNPUBLISHED, actor)
    return assembly


def personal_data_viewed(*, actor: Any, assembly: Assembly, what: str) -> None:
    """Record, as a private event, that `actor` looked at personal data about people of the
    assembly: who and when (the event), what (one of events.PERSONAL_DATA_LABELS), never
    the data itself. Called by every view and export that shows such data."""
    if what not in events.PERSONAL_DATA_LABELS:
        raise ValueError(f"unknown kind of personal data {what!r}")
    with transaction.atomic():
        _record(assembly, events.PERSONAL_DATA_VIEWED, actor, public=False, what=what)


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
) -> Mandate:
    require(actor, Action.EDIT_MANDATE, assembly)
    _check_deadline(response_deadline)
    if commits_to_respond and response_deadline is None:
        raise ValidationError(
            {"response_deadline": _("A commitment to respond needs a response deadline.")}
        )
    mandate = assembly.mandate
    mandate.question = question
    mandate.commissioning_body = commissioning_body
    mandate.authority = authority
    mandate.commits_to_respond = commits_to_respond
    mandate.response_commitment = response_commitment
    mandate.response_deadline = response_deadline
    mandate.save()
    _record(assembly, events.MANDATE_UPDATED, actor)
    return mandate


def _active_count(category: SeatCategory) -> int:
    return category.holders.filter(ended_on__isnull=True, is_alternate=False).count()


def _allocated(category: SeatCategory, *, excluding: int | None = None) -> int:
    allocations = category.allocations.all()
    if excluding is not None:
        allocations = allocations.exclude(pk=excluding)
    return allocations.aggregate(total=Sum("seats"))["total"] or 0


@transaction.atomic
def seat_category_save(
    *,
    actor: Any,
    assembly: Assembly,
    category: SeatCategory | None = None,
    seat_type: str,
    name: str,
    seats: int,
    description: str = "",
    may_vote: bool = True,
    may_speak: bool = True,
    may_propose: bool = True,
    counts_for_quorum: bool = True,
) -> SeatCategory:
    """Add a category (category=None) or change one."""
    require(actor, Action.EDIT_COMPOSITION, assembly)
    if seats < 1:
        raise ValidationError({"seats": _("A seat category needs at least one seat.")})
    if seat_type not in SeatType.values:
        raise ValidationError({"seat_type": _("Choose a type of seat.")})
    if category is not None:
        if category.assembly_id != assembly.pk:
            raise ValidationError(_("That seat category belongs to another assembly."))
        occupied = _active_count(category)
        if seats < occupied:
            raise ValidationError(
                {
                    "seats": _(
                        "%(count)s people hold seats in this category now: it cannot "
                        "have fewer seats than that."
                    )
                    % {"count": occupied}
                }
            )
        allocated = _allocated(category)
        if seats < allocated:
            raise ValidationError(
                {
                    "seats": _(
                        "%(count)s seats are allocated to member organizations: reduce "
                        "their allocations first."
                    )
                    % {"count": allocated}
                }
            )
        if seat_type != category.seat_type and (occupied or allocated):
            raise ValidationError(
                {"seat_type": _("The type of a category with seat holders cannot change.")}
            )
    else:
        category = SeatCategory(assembly=assembly, position=assembly.categories.count())
    if assembly.planned_size is not None:
        others = assembly.categories.exclude(pk=category.pk).aggregate(total=Sum("seats"))
        total = (others["total"] or 0) + seats
        if total > assembly.planned_size:
            raise ValidationError(
                {
                    "seats": _(
                        "The categories would then have %(total)s seats, but the assembly "
                        "has %(size)s. At most %(free)s more fit."
                    )
                    % {
                        "total": total,
                        "size": assembly.planned_size,
                        "free": assembly.planned_size - (others["total"] or 0),
                    }
                }
            )
    category.seat_type = seat_type
    category.name = name
    category.seats = seats
    category.description = description
    category.may_vote = may_vote
    category.may_speak = may_speak
    category.may_propose = may_propose
    category.counts_for_quorum = counts_for_quorum
    is_new = category.pk is None
    category.save()
    _record(
        assembly,
        events.CATEGORY_ADDED if is_new else events.CATEGORY_CHANGED,
        actor,
        name=name,
        seats=seats,
    )
    return category


@transaction.atomic
def seat_category_delete(*, actor: Any, category: SeatCategory) -> None:
    assembly = category.assembly
    require(actor, Action.EDIT_COMPOSITION, assembly)
    if category.holders.exists():
        raise ValidationError(
            _(
                "People have held seats in “%(name)s”: it stays, for their history. Reduce its "
                "seats instead."
            )
            % {"name": category.name}
        )
    name = category.name
    category.delete()
    _record(assembly, events.CATEGORY_REMOVED, actor, name=name)


def composition_problems(assembly: Assembly) -> list[str]:
    """What stops the composition from adding up, in words an organizer understands."""
    problems: list[str] = []
    categories = list(assembly.categories.all())
    if not categories:
        problems.append(_("The assembly has no seats yet: add at least one seat category."))
    for category in categories:
        if category.seat_type == SeatType.DELEGATE:
            allocated = _allocated(category)
            if allocated != category.seats:
                problems.append(
                    _(
                        "“%(name)s” has %(seats)s seats but %(allocated)s are allocated to member "
                        "organizations."
                    )
                    % {"name": category.name, "seats": category.seats, "allocated": allocated}
                )
    total = sum(category.seats for category in categories)
    if assembly.planned_size is not None and categories and total != assembly.planned_size:
        problems.append(
            _("The seat categories add up to %(total)s seats, but the assembly has %(size)s.")
            % {"total": total, "size": assembly.planned_size}
        )
    if categories and not any(category.may_vote for category in categories):
        problems.append(_("No seat category may vote."))
    if categories and not any(category.counts_for_quorum for category in categories):
        problems.append(_("No seat category counts for quorum."))
    return problems


@transaction.atomic
def delegate_allocation_set(
    *,
    actor: Any,
    category: SeatCategory,
    organization: Organization,
    seats: int,
    alternates: int = 0,
) -> DelegateAllocation | None:
    """Give an organization `seats` delegate seats in the category (0 removes it)."""
    assembly = category.assembly
    require(actor, Action.EDIT_COMPOSITION, assembly)
    if category.seat_type != SeatType.DELEGATE:
        raise ValidationError(_("Only delegate seats are allocated to organizations."))
    if seats < 0 or alternates < 0:
        raise ValidationError({"seats": _("Seats and alternates cannot be negative.")})
    existing = DelegateAllocation.objects.filter(category=category, organization=organization)
    current = existing.first()
    others = _allocated(category, excluding=current.pk if current else None)
    if others + seats > category.seats:
        raise ValidationError(
            {
                "seats": _(
                    "That would allocate %(total)s seats, but “%(name)s” has only "
                    "%(seats)s. %(free)s are free."
                )
                % {
                    "total": others + seats,
                    "name": category.name,
                    "seats": category.seats,
                    "free": category.seats - others,
                }
            }
        )
    named = category.holders.filter(
        organization=organization, ended_on__isnull=True, is_alternate=False
    ).count()
    if seats < named:
        raise ValidationError(
            {
                "seats": _("%(org)s has already named %(count)s delegates.")
                % {"org": organization.name, "count": named}
            }
        )
    _record(assembly, events.ALLOCATION_SET, actor, organization=organization.name, seats=seats)
    if seats == 0:
        existing.delete()
        return None
    allocation, _created = DelegateAllocation.objects.update_or_create(
        category=category,
        organization=organization,
        defaults={"seats": seats, "alternates": alternates},
    )
    return allocation


@transaction.atomic
def seat_fill(
    *,
    actor: Any,
    category: SeatCategory,
    name: str,
    user: Any = None,
    organization: Organization | None = None,
    is_alternate: bool = False,
    consents_to_be_named: bool = False,
    cohort: int = 1,
    started_on: datetime.date | None = None,
) -> SeatHolder:
    """Seat a person. Delegates are named by their organization; others by organizers."""
    assembly = category.assembly
    if category.seat_type == SeatType.DELEGATE:
        if organization is None:
            raise ValidationError({"organization": _("A delegate represents an organization.")})
        allocation = category.allocations.filter(organization=organization).first()
        if allocation is None:
            raise ValidationError(
                {
                    "organization": _("%(org)s has no delegate seats in “%(name)s”.")
                    % {"org": organization.name, "name": category.name}
                }
            )
        require(actor, Action.NAME_DELEGATES, assembly, organization_id=organization.pk)
        holders = category.holders.filter(
            organization=organization, ended_on__isnull=True, is_alternate=is_alternate
        ).count()
        limit = allocation.alternates if is_alternate else allocation.seats
        if holders >= limit:
            raise ValidationError(
                _("%(org)s has already named all its %(kind)s (%(limit)s).")
                % {
                    "org": organization.name,
                    "kind": _("alternates") if is_alternate else _("delegates"),
                    "limit": limit,
                }
            )
    else:
        require(actor, Action.SEAT_MEMBERS, assembly)
        if is_alternate:
            raise ValidationError(_("Only delegate seats have alternates."))
        if _active_count(category) >= category.seats:
            raise ValidationError(
                _("All %(seats)s seats of “%(name)s” are taken.")
                % {"seats": category.seats, "name": category.name}
            )
    if not name.strip():
        raise ValidationError({"name": _("Give the person's name.")})
    if cohort < 1 or cohort > max(assembly.cohorts, 1):
        raise ValidationError(
            {"cohort": _("Choose a cohort from 1 to %(n)s.") % {"n": max(assembly.cohorts, 1)}}
        )
    if (
        user is not None
        and SeatHolder.objects.filter(
            category__assembly=assembly, user=user, ended_on__isnull=True
        ).exists()
    ):
        raise ValidationError({"user": _("This person already holds a seat in this assembly.")})
    holder = SeatHolder.objects.create(
        category=category,
        user=user,
        name=name.strip(),
        organization=organization,
        is_alternate=is_alternate,
        consents_to_be_named=consents_to_be_named,
        cohort=cohort,
        cycle=assembly.cycle,
        started_on=started_on or timezone.localdate(),
    )
    _record(
        assembly,
        events.SEAT_FILLED,
        actor,
        category=category.name,
        name=holder.name if consents_to_be_named else "",
    )
    return holder


@transaction.atomic
def seat_end(*, actor: Any, holder: SeatHolder, reason: str) -> SeatHolder:
    assembly = holder.category.assembly
    if holder.organization_id and holder.category.seat_type == SeatType.DELEGATE:
        require(actor, Action.NAME_DELEGATES, assembly, organization_id=holder.organization_id)
    else:
        require(actor, Action.SEAT_MEMBERS, assembly)
    if holder.ended_on is not None:
        raise ValidationError(_("This seat has already ended."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the seat ends (for the members' history).")})
    holder.ended_on = timezone.localdate()
    holder.end_reason = reason.strip()
    holder.save()
    _record(assembly, events.SEAT_ENDED, actor, category=holder.category.name, reason=reason)
    return holder


@transaction.atomic
def assembly_rotate_cohort(*, actor: Any, assembly: Assembly, cohort: int) -> int:
    """End the terms of one cohort; their history stays and their seats become vacant."""
    require(actor, Action.ROTATE, assembly)
    if not assembly.is_standing:
        raise ValidationError(_("Only standing bodies rotate their members."))
    if cohort < 1 or cohort > assembly.cohorts:
        raise ValidationError(
            {"cohort": _("Choose a cohort from 1 to %(n)s.") % {"n": assembly.cohorts}}
        )
    holders = SeatHolder.objects.filter(
        category__assembly=assembly, cohort=cohort, ended_on__isnull=True
    )
    count = holders.count()
    holders.update(ended_on=timezone.localdate(), end_reason=_("Term completed (rotation)"))
    _record(assembly, events.COHORT_ROTATED, actor, cohort=cohort, count=count)
    return count


def phase_change_problems(assembly: Assembly, to_phase: str) -> list[str]:
    """Why the assembly cannot move to `to_phase` now; empty when it can."""
    allowed = next_phases(assembly.phase, standing=assembly.is_standing)
    if to_phase not in allowed:
        return [
            _(
                "An assembly in “%(current)s” cannot move to “%(target)s”. It can move to: "
                "%(allowed)s."
            )
            % {
                "current": Phase(assembly.phase).label,
                "target": Phase(to_phase).label if to_phase in Phase.values else to_phase,
                "allowed": ", ".join(str(Phase(p).label) for p in allowed) or _("nothing"),
            }
        ]
    problems: list[str] = []
    if to_phase == Phase.CONVENED:
        if not assembly.mandate.question.strip():
            problems.append(_("Write the mandate's question before convening."))
        problems.extend(composition_problems(assembly))
    if to_phase == Phase.RESPONDED and not assembly.mandate.commits_to_respond:
        problems.append(
            _("No response was committed to in the mandate: move to monitoring instead.")
        )
    return problems


@transaction.atomic
def assembly_change_phase(*, actor: Any, assembly: Assembly, to_phase: str) -> Assembly:
    require(actor, Action.CHANGE_PHASE, assembly)
    problems = phase_change_problems(assembly, to_phase)
    if problems:
        raise ValidationError(problems)
    from_phase = assembly.phase
    new_cycle = to_phase == Phase.CONVENED and from_phase in (Phase.MONITORING, Phase.EVALUATED)
    assembly.phase = to_phase
    if new_cycle:
        assembly.cycle += 1
    assembly.save(update_fields=["phase", "cycle"])
    _record(assembly, events.PHASE_CHANGED, actor, from_phase=from_phase, to_phase=to_phase)
    if new_cycle:
        _record(assembly, events.CYCLE_STARTED, actor, cycle=assembly.cycle)
    return assembly


@transaction.atomic
def assembly_role_grant(*, actor: Any, assembly: Assembly, user: Any, role: str) -> AssemblyRole:
    require(actor, Action.MANAGE_ROLES, assembly)
    if role not in AssemblyRoleName.values:
        raise ValidationError({"role": _("Choose a role.")})
    granted, created = AssemblyRole.objects.get_or_create(assembly=assembly, user=user, role=role)
    if not created:
        raise ValidationError({"user": _("This person already has that role.")})
    _record(assembly, events.ROLE_GRANTED, actor, role=role)
    return granted


@transaction.atomic
def assembly_role_revoke(*, actor: Any, role: AssemblyRole) -> None:
    assembly = role.assembly
    require(actor, Action.MANAGE_ROLES, assembly)
    if role.role == AssemblyRoleName.ORGANIZER and (
        assembly.roles.filter(role=AssemblyRoleName.ORGANIZER).count() == 1
    ):
        raise ValidationError(_("An assembly keeps at least one organizer."))
    role_name = role.role
    role.delete()
    _record(assembly, events.ROLE_REVOKED, actor, role=role_name)
