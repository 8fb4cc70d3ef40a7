"""Writes: the evidence library and members' requests for evidence or speakers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.deliberation import events
from assemblea.deliberation.models import (
    Evidence,
    EvidenceKind,
    EvidenceRequest,
    EvidenceRequestStatus,
)
from assemblea.deliberation.permissions import Action, require
from assemblea.deliberation.services._base import _record


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
    require(actor, Action.PLAN, assembly)
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("Choose a document, a speaker or a recording.")})
    if not provided_by.strip() or not perspective.strip():
        raise ValidationError(
            {"perspective": _("Say who provided it and which perspective it represents.")}
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
    _record(assembly, events.EVIDENCE_ADDED, actor, title=title)
    return evidence


@transaction.atomic
def evidence_request_add(
    *, actor: Any, assembly: Assembly, kind: str, text: str
) -> EvidenceRequest:
    require(actor, Action.REQUEST_EVIDENCE, assembly)
    if not text.strip():
        raise ValidationError({"text": _("Say what you would like to hear or read.")})
    request = EvidenceRequest.objects.create(
        assembly=assembly, kind=kind, text=text.strip(), requested_by=actor
    )
    _record(assembly, events.EVIDENCE_REQUESTED, actor)
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
    require(actor, Action.PLAN, request.assembly)
    if status not in (EvidenceRequestStatus.ANSWERED, EvidenceRequestStatus.DECLINED):
        raise ValidationError({"status": _("Answer the request or decline it.")})
    if not answer.strip():
        raise ValidationError(
            {"answer": _("Write the public answer; a declined request needs its reasons.")}
        )
    if evidence is not None and evidence.assembly_id != request.assembly_id:
        raise ValidationError({"evidence": _("That evidence belongs to another assembly.")})
    request.status = status
    request.answer = answer.strip()
    request.answered_at = timezone.now()
    request.evidence = evidence
    request.save(update_fields=["status", "answer", "answered_at", "evidence"])
    _record(request.assembly, events.EVIDENCE_ANSWERED, actor)
    return request
