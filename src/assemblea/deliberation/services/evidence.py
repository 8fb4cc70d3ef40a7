"""Writes: the evidence library and members' requests for evidence or speakers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.core.events import assembly_event_record
from assemblea.deliberation import events
from assemblea.deliberation.models import (
    Evidence,
    EvidenceKind,
    EvidenceRequest,
    EvidenceRequestStatus,
)
from assemblea.deliberation.permissions import DeliberationAction, require


@transaction.atomic
def evidence_add(
    *,
    actor: Any,
    assembly: Assembly,
    kind: str,
    title: str,
    provided_by: str,
    perspective: str,
    summary: str = "",
    link: str = "",
) -> Evidence:
    require(actor, DeliberationAction.PLAN, assembly)
    if kind not in EvidenceKind.values:
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("Choose a document, a speaker or a recording."), code="evidence_kind_unknown"
                )
            }
        )
    if not provided_by.strip() or not perspective.strip():
        raise ValidationError(
            {
                "perspective": ValidationError(
                    _("Say who provided it and which perspective it represents."),
                    code="evidence_source_missing",
                )
            }
        )
    evidence = Evidence.objects.create(
        assembly=assembly,
        kind=kind,
        title=title,
        summary=summary,
        link=link,
        provided_by=provided_by,
        perspective=perspective,
    )
    assembly_event_record(
        assembly=assembly, verb=events.EVIDENCE_ADDED, actor=actor, data={"title": title}
    )
    return evidence


@transaction.atomic
def evidence_request_add(
    *, actor: Any, assembly: Assembly, kind: str, text: str
) -> EvidenceRequest:
    require(actor, DeliberationAction.REQUEST_EVIDENCE, assembly)
    if not text.strip():
        raise ValidationError(
            {
                "text": ValidationError(
                    _("Say what you would like to hear or read."), code="evidence_request_empty"
                )
            }
        )
    request = EvidenceRequest.objects.create(
        assembly=assembly, kind=kind, text=text.strip(), requested_by=actor
    )
    assembly_event_record(assembly=assembly, verb=events.EVIDENCE_REQUESTED, actor=actor)
    return request


@transaction.atomic
def evidence_request_answer(
    *,
    actor: Any,
    request: EvidenceRequest,
    status: str,
    answer: str,
    evidence: Evidence | None = None,
) -> EvidenceRequest:
    require(actor, DeliberationAction.PLAN, request.assembly)
    if status not in (EvidenceRequestStatus.ANSWERED, EvidenceRequestStatus.DECLINED):
        raise ValidationError(
            {
                "status": ValidationError(
                    _("Answer the request or decline it."), code="evidence_answer_status_unknown"
                )
            }
        )
    if not answer.strip():
        raise ValidationError(
            {
                "answer": ValidationError(
                    _("Write the public answer; a declined request needs its reasons."),
                    code="evidence_answer_empty",
                )
            }
        )
    if evidence is not None and evidence.assembly_id != request.assembly_id:
        raise ValidationError(
            {
                "evidence": ValidationError(
                    _("That evidence belongs to another assembly."),
                    code="evidence_of_another_assembly",
                )
            }
        )
    request.status = status
    request.answer = answer.strip()
    request.answered_at = timezone.now()
    request.evidence = evidence
    request.save(update_fields=["status", "answer", "answered_at", "evidence"])
    assembly_event_record(assembly=request.assembly, verb=events.EVIDENCE_ANSWERED, actor=actor)
    return request
