"""The ballot's pages: casting a vote (post/redirect/get to its receipt), the receipt, the
check of a receipt code, and the small status fragment an open poll's page polls.

The receipt code never goes in an address (addresses end up in access logs) nor in the
database next to the voter (the session table names its user): after a vote it travels in
a signed cookie that only the receipt page's address receives, for an hour, so reloading the
receipt or switching language on it shows the same page, in the browser that voted only.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assemblea.assemblies.selectors import assembly_get
from assemblea.core.params import posted_object
from assemblea.decisions import selectors, services
from assemblea.decisions.forms import choice_from_post
from assemblea.decisions.views import poll

RECEIPT_COOKIE_AGE = 3600  # seconds: long enough to note the code, short on a shared device
RECEIPT_SALT = "assemblea.decisions.receipt"


def _receipt_cookie(pk: int) -> str:
    return f"assemblea_receipt_{pk}"


def _receipts_kept(request: HttpRequest, pk: int) -> list[dict[str, str]]:
    """The receipts this browser was given for this poll (a proxy holder may have several)."""
    raw = request.COOKIES.get(_receipt_cookie(pk), "")
    try:
        kept = signing.loads(raw, salt=RECEIPT_SALT, max_age=RECEIPT_COOKIE_AGE) if raw else []
    except signing.BadSignature:
        return []
    return [entry for entry in kept if isinstance(entry, dict)] if isinstance(kept, list) else []


def _error_code(error: ValidationError) -> str:
    """The code of a refusal (the first one's), for clients that answer by code."""
    refusals = (
        error.error_list
        if not hasattr(error, "error_dict")
        else [e for errors in error.error_dict.values() for e in errors]
    )
    return next((str(e.code) for e in refusals if e.code), "invalid")


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def poll_vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Cast a ballot from the form (answers with a redirect to the receipt page) or from a
    client that asks for JSON (answers `{"receipt": ...}`, or `{"error": ...}`, status 400)."""
    if not request.user.is_authenticated:
        if _wants_json(request):
            return JsonResponse(
                {"error": _("Log in to vote."), "code": "login_required"}, status=401
            )
        return redirect_to_login(request.get_full_path())
    item = selectors.poll_for_voting(user=request.user, slug=slug, pk=pk)
    on_behalf_of = None
    if request.POST.get("for"):
        on_behalf_of = posted_object(request, get_user_model().objects.all(), "for")
    try:
        code = services.vote_cast(
            actor=request.user,
            poll=item,
            choice=choice_from_post(item, request.POST),
            on_behalf_of=on_behalf_of,
        )
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse(
                {"error": " ".join(error.messages), "code": _error_code(error)}, status=400
            )
        return poll(request, slug, pk, error=" ".join(error.messages), entered=request.POST)
    if _wants_json(request):
        return JsonResponse({"receipt": code})
    kept = _receipts_kept(request, pk)
    kept.append({"code": code, "for": str(on_behalf_of) if on_behalf_of else ""})
    url = reverse("decisions:voted", kwargs={"slug": slug, "pk": pk})
    response = redirect(url)
    response.set_cookie(
        _receipt_cookie(pk),
        signing.dumps(kept, salt=RECEIPT_SALT),
        max_age=RECEIPT_COOKIE_AGE,
        path=url,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


def poll_voted(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The receipt page (GET, its own address): the codes this browser was given."""
    assembly = assembly_get(user=request.user, slug=slug)
    item = selectors.poll_get(assembly=assembly, pk=pk)
    context = {"assembly": assembly, "poll": item, "receipts": _receipts_kept(request, pk)}
    return render(request, "decisions/voted.html", context)


def poll_receipt(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Check a receipt. The code is posted, never put in the address: addresses end up in
    access logs, and a logged code, hashed, finds its ballot."""
    assembly = assembly_get(user=request.user, slug=slug)
    item = selectors.poll_get(assembly=assembly, pk=pk)
    code = request.POST.get("code", "")[:100] if request.method == "POST" else ""
    return render(
        request,
        "decisions/receipt.html",
        {
            "assembly": assembly,
            "poll": item,
            "code": code,
            "counted": selectors.receipt_counted(item, code) if code else None,
        },
    )


def poll_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The small fragment an open poll's page polls (htmx): whether voting is open. Answers
    304 while nothing changed (ETag), and htmx's 286 (stop polling) once it closed."""
    assembly = assembly_get(user=request.user, slug=slug)
    item = selectors.poll_get(assembly=assembly, pk=pk)
    etag = (
        '"'
        + hashlib.sha256(f"{item.pk}:{item.status}:{item.stage}".encode()).hexdigest()[:16]
        + '"'
    )
    if request.headers.get("If-None-Match") == etag:
        return HttpResponse(status=304, headers={"ETag": etag})
    response = render(request, "decisions/_status.html", {"assembly": assembly, "poll": item})
    if not item.is_open:
        response.status_code = 286  # htmx: swap this last answer, then stop polling
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response
