"""Linking assemblies and forwarding resolutions and recommendations up the chain."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.accountability.models import Recommendation
from assemblea.accounts.events import organization_stream
from assemblea.accounts.models import Organization, OrganizationMembership, OrganizationRole
from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.models import Assembly, AuthorityLevel, Mandate
from assemblea.core.events import assembly_event_record, event_record
from assemblea.deliberation.models import AgendaItem, Resolution, Session, SessionStatus
from assemblea.deliberation.services import agenda_item_add
from assemblea.network import events
from assemblea.network.models import (
    AssemblyLink,
    ForwardedItem,
    ForwardStatus,
    LibraryTemplate,
    LinkStatus,
    TemplateKind,
)
from assemblea.network.permissions import NetworkAction, require


def _ancestors(assembly: Assembly) -> list[Assembly]:
    """The assembly's parents up the chain (requested links included)."""
    chain: list[Assembly] = []
    seen = {assembly.pk}
    link = AssemblyLink.objects.select_related("parent").filter(child=assembly).first()
    while link is not None and link.parent_id not in seen:
        chain.append(link.parent)
        seen.add(link.parent_id)
        link = AssemblyLink.objects.select_related("parent").filter(child=link.parent).first()
    return chain


@transaction.atomic
def link_request(*, actor: Any, child: Assembly, parent: Assembly) -> AssemblyLink:
    require(actor, NetworkAction.REQUEST_LINK, child)
    if parent.pk == child.pk:
        raise ValidationError(
            {
                "parent": ValidationError(
                    _("An assembly cannot be its own parent."), code="assembly_cannot_own_parent"
                )
            }
        )
    if child.pk in {a.pk for a in _ancestors(parent)}:
        raise ValidationError(
            {
                "parent": ValidationError(
                    _(
                        "%(parent)s already sits below %(child)s in the network: linking them "
                        "this way would make a loop. Choose an assembly above this one."
                    ),
                    code="already_sits_below_network",
                    params={"parent": parent.title, "child": child.title},
                )
            }
        )
    existing = AssemblyLink.objects.filter(child=child).first()
    if existing is not None:
        raise ValidationError(
            {
                "parent": ValidationError(
                    _("This assembly is already linked to %(parent)s; an assembly has one parent."),
                    code="assembly_already_linked_assembly",
                    params={"parent": existing.parent.title},
                )
            }
        )
    link = AssemblyLink.objects.create(child=child, parent=parent, requested_by=actor)
    assembly_event_record(
        assembly=child,
        verb=events.LINK_REQUESTED,
        actor=actor,
        data={"parent": parent.title},
    )
    return link


@transaction.atomic
def link_accept(*, actor: Any, link: AssemblyLink) -> AssemblyLink:
    require(actor, NetworkAction.ACCEPT_LINK, link.parent)
    if link.status == LinkStatus.ACCEPTED:
        raise ValidationError(_("This link was already accepted."), code="link_already_accepted")
    link.status = LinkStatus.ACCEPTED
    link.accepted_at = timezone.now()
    link.save(update_fields=["status", "accepted_at"])
    assembly_event_record(
        assembly=link.parent,
        verb=events.LINK_ACCEPTED,
        actor=actor,
        data={"child": link.child.title},
    )
    return link


def _accepted_parent(assembly: Assembly) -> Assembly:
    link = (
        AssemblyLink.objects.select_related("parent__organization").filter(child=assembly).first()
    )
    if link is None or link.status != LinkStatus.ACCEPTED:
        raise ValidationError(
            _("This assembly has no accepted parent assembly to forward to. Link it first."),
            code="assembly_no_accepted_parent",
        )
    return link.parent


def _hop(assembly: Assembly, when: Any) -> dict[str, str]:
    return {
        "assembly": assembly.title,
        "slug": assembly.slug,
        "organization": assembly.organization.name,
        "date": when.date().isoformat(),
    }


def _not_yet_forwarded(
    assembly: Assembly,
    parent: Assembly,
    resolution: Resolution | None,
    recommendation: Recommendation | None,
    item: ForwardedItem | None,
) -> None:
    if ForwardedItem.objects.filter(
        from_assembly=assembly,
        to_assembly=parent,
        resolution=resolution,
        recommendation=recommendation,
        previous=item,
    ).exists():
        raise ValidationError(
            _("This was already forwarded to %(parent)s."),
            code="already_forwarded",
            params={"parent": parent},
        )


@transaction.atomic
def item_forward(
    *,
    actor: Any,
    assembly: Assembly,
    resolution: Resolution | None = None,
    recommendation: Recommendation | None = None,
    item: ForwardedItem | None = None,
) -> ForwardedItem:
    """Forward one of the assembly's resolutions or recommendations, or an item it adopted
    from below, to its parent. The new item carries every earlier origin."""
    require(actor, NetworkAction.FORWARD, assembly)
    if sum(x is not None for x in (resolution, recommendation, item)) != 1:
        raise ValidationError(
            _("Choose one resolution, recommendation or forwarded item."),
            code="choose_resolution_recommendation_forwarded",
        )
    parent = _accepted_parent(assembly)
    now = timezone.now()
    origins: list[dict[str, str]]
    if resolution is not None:
        if resolution.assembly_id != assembly.pk:
            raise ValidationError(
                _("This resolution belongs to another assembly."),
                code="resolution_belongs_another_assembly",
            )
        title, text = resolution.text, resolution.text
        origins = [_hop(assembly, now)]
    elif recommendation is not None:
        if recommendation.assembly_id != assembly.pk:
            raise ValidationError(
                _("This recommendation belongs to another assembly."),
                code="recommendation_belongs_another_assembly",
            )
        title, text = recommendation.title, recommendation.text
        origins = [_hop(assembly, now)]
    else:
        assert item is not None
        if item.to_assembly_id != assembly.pk or item.status != ForwardStatus.ACCEPTED:
            raise ValidationError(
                _("Only items this assembly adopted can be forwarded further."),
                code="only_items_assembly_adopted",
            )
        title, text = item.title, item.text
        resolution, recommendation = item.resolution, item.recommendation
        origins = [*item.origins, _hop(assembly, now)]
    _not_yet_forwarded(assembly, parent, resolution, recommendation, item)
    forwarded = ForwardedItem.objects.create(
        from_assembly=assembly,
        to_assembly=parent,
        resolution=resolution,
        recommendation=recommendation,
        previous=item,
        title=title[:200],
        text=text,
        origins=origins,
        forwarded_by=actor,
    )
    assembly_event_record(
        assembly=assembly,
        verb=events.FORWARDED,
        actor=actor,
        data={"title": forwarded.title, "parent": parent.title},
    )
    assembly_event_record(
        assembly=parent,
        verb=events.RECEIVED,
        actor=actor,
        data={"title": forwarded.title, "child": assembly.title},
    )
    return forwarded


@transaction.atomic
def item_decide(*, actor: Any, item: ForwardedItem, status: str, note: str = "") -> ForwardedItem:
    """The parent adopts a forwarded item into its agenda, or declines it, with a note."""
    require(actor, NetworkAction.DECIDE, item.to_assembly)
    if status not in (ForwardStatus.ACCEPTED, ForwardStatus.DECLINED):
        raise ValidationError(
            {
                "status": ValidationError(
                    _("Choose to adopt or to decline."), code="choose_adopt_decline"
                )
            }
        )
    if status == ForwardStatus.DECLINED and not note.strip():
        raise ValidationError(
            {
                "note": ValidationError(
                    _("Say why the item is declined."), code="say_why_item_declined"
                )
            }
        )
    item.status = status
    item.note = note.strip()
    item.decided_at = timezone.now()
    if status == ForwardStatus.ACCEPTED:
        item.agenda_item = _agenda_item_from(actor, item)
    item.save(update_fields=["status", "note", "decided_at", "agenda_item"])
    assembly_event_record(
        assembly=item.to_assembly,
        verb=events.ADOPTED if status == ForwardStatus.ACCEPTED else events.DECLINED,
        actor=actor,
        data={"title": item.title, "note": item.note},
    )
    return item


def _agenda_item_from(actor: Any, item: ForwardedItem) -> AgendaItem:
    """Adopting puts the item on the agenda of the receiving assembly's next session that
    can still be planned, with where it came from in the description."""
    session = (
        Session.objects.filter(assembly=item.to_assembly, agenda_adopted_at__isnull=True)
        .exclude(status=SessionStatus.CLOSED)
        .order_by("starts_at", "pk")
        .first()
    )
    if session is None:
        raise ValidationError(
            _(
                "Plan a session first: adopting puts the item on the agenda of the next "
                "session whose agenda is not yet adopted."
            ),
            code="no_session_to_adopt_into",
        )
    origin = ", ".join(hop.get("assembly", "") for hop in item.origins) or item.from_assembly.title
    description = _("Forwarded from %(origin)s.") % {"origin": origin} + "\n\n" + item.text
    return agenda_item_add(
        actor=actor, session=session, title=item.title, description=description[:4000]
    )


MANDATE_KEYS = ("question", "authority", "response_commitment")


def mandate_template_parse(body: str) -> dict[str, str]:
    """A mandate template's JSON, checked: an object with a question, and optionally an
    authority level and the wording of a commitment to respond."""
    try:
        data = json.loads(body)
    except ValueError as error:
        raise ValidationError(
            {
                "body": ValidationError(
                    _("A mandate template must be JSON: %(error)s"),
                    code="mandate_template_must_json",
                    params={"error": error},
                )
            }
        ) from error
    if not isinstance(data, dict) or not str(data.get("question", "")).strip():
        raise ValidationError(
            {
                "body": ValidationError(
                    _("A mandate template needs a JSON object with a “question”."),
                    code="mandate_template_needs_json",
                )
            }
        )
    unknown = sorted(set(data) - set(MANDATE_KEYS))
    if unknown:
        raise ValidationError(
            {
                "body": ValidationError(
                    _("Unknown fields in the mandate template: %(fields)s. Use %(known)s."),
                    code="unknown_fields_mandate_template",
                    params={"fields": ", ".join(unknown), "known": ", ".join(MANDATE_KEYS)},
                )
            }
        )
    authority = data.get("authority", AuthorityLevel.ADVISORY)
    if authority not in AuthorityLevel.values:
        raise ValidationError(
            {
                "body": ValidationError(
                    _("Unknown authority “%(authority)s”: use one of %(known)s."),
                    code="unknown_authority_use",
                    params={"authority": authority, "known": ", ".join(AuthorityLevel.values)},
                )
            }
        )
    return {
        "question": str(data["question"]).strip(),
        "authority": authority,
        "response_commitment": str(data.get("response_commitment", "")).strip(),
    }


@transaction.atomic
def template_publish(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    title: str,
    description: str,
    body: str,
) -> LibraryTemplate:
    if not (
        actor.is_authenticated
        and OrganizationMembership.objects.filter(
            organization=organization, user=actor, role=OrganizationRole.ADMIN
        ).exists()
    ):
        raise PermissionDenied(
            _("Only an administrator of %(org)s can publish for it.") % {"org": organization.name}
        )
    if kind not in TemplateKind.values:
        raise ValidationError(
            {"kind": ValidationError(_("Choose a kind of template."), code="choose_kind_template")}
        )
    if kind == TemplateKind.MANDATE:
        mandate_template_parse(body)
    template = LibraryTemplate.objects.create(
        organization=organization,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        body=body.strip(),
        published_by=actor,
    )
    event_record(
        stream=organization_stream(organization.pk),
        verb=events.TEMPLATE_PUBLISHED,
        actor=actor,
        data={"title": template.title},
    )
    return template


@transaction.atomic
def template_copy_mandate(*, actor: Any, template: LibraryTemplate, assembly: Assembly) -> Mandate:
    """Copy a mandate template into the assembly's mandate. The assembly keeps its own
    commissioning body, commitment to respond and deadline."""
    if template.kind != TemplateKind.MANDATE:
        raise ValidationError(
            _("Only a mandate template can be copied into a mandate."),
            code="only_mandate_template_copied",
        )
    data = mandate_template_parse(template.body)
    current = assembly.mandate
    mandate = assembly_services.mandate_update(
        actor=actor,
        assembly=assembly,
        question=data["question"],
        commissioning_body=current.commissioning_body,
        authority=data["authority"],
        commits_to_respond=current.commits_to_respond,
        response_commitment=data["response_commitment"] or current.response_commitment,
        response_deadline=current.response_deadline,
    )
    assembly_event_record(
        assembly=assembly,
        verb=events.MANDATE_COPIED,
        actor=actor,
        data={"title": template.title, "organization": template.organization.name},
    )
    return mandate
