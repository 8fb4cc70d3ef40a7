"""Printable invitation letters: prepared in the background, with progress, then downloaded."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assemblea.recruitment import services
from assemblea.recruitment.models import LetterBatch, LetterStatus
from assemblea.recruitment.views._common import _recruitment, _url_id


@login_required
@require_POST
def letters_prepare(request: HttpRequest, slug: str) -> HttpResponse:
    assembly, recruitment = _recruitment(request, slug)
    try:
        batch = services.letters_prepare(
            actor=request.user,
            recruitment=recruitment,
            registration_url=request.build_absolute_uri(f"/register/{assembly.slug}/"),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("recruitment:invitations", slug=slug)
    return redirect("recruitment:letters_batch", slug=slug, batch_id=batch.pk)


@login_required
def letters_batch(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    """The batch's progress; htmx asks for the progress part again until it is ready."""
    assembly, recruitment = _recruitment(request, slug)
    batch = get_object_or_404(
        LetterBatch.objects.defer("pdf"), pk=_url_id(batch_id), recruitment=recruitment
    )
    context = {
        "assembly": assembly,
        "batch": batch,
        "working": batch.status in (LetterStatus.QUEUED, LetterStatus.RUNNING),
    }
    if request.GET.get("part") == "progress":
        return render(request, "recruitment/_letters_progress.html", context)
    return render(request, "recruitment/letters.html", context)


@login_required
def letters_download(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    assembly, recruitment = _recruitment(request, slug)
    batch = get_object_or_404(LetterBatch, pk=_url_id(batch_id), recruitment=recruitment)
    try:
        pdf = services.letters_download(actor=request.user, batch=batch)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("recruitment:letters_batch", slug=slug, batch_id=batch.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{assembly.slug}-letters.pdf"'
    return response


@login_required
def letters_latest(request: HttpRequest, slug: str) -> HttpResponse:
    """The old address of the letters: the newest batch, or the invitations page."""
    _assembly, recruitment = _recruitment(request, slug)
    batch = recruitment.letter_batches.defer("pdf").first()
    if batch is None:
        return redirect("recruitment:invitations", slug=slug)
    return redirect("recruitment:letters_batch", slug=slug, batch_id=batch.pk)
