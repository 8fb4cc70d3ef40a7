"""The evidence library and requests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.core.forms import form_add_service_errors, form_submit
from assemblea.core.params import posted_object
from assemblea.deliberation import selectors, services
from assemblea.deliberation.forms import (
    EvidenceAnswerForm,
    EvidenceForm,
    EvidenceRequestForm,
)
from assemblea.deliberation.models import (
    EvidenceRequest,
)
from assemblea.deliberation.permissions import DeliberationAction, can
from assemblea.deliberation.views._base import _assembly, _flags


@dataclass(frozen=True)
class _Press:
    """One press of a button on the evidence page, with the forms it may have posted."""

    request: HttpRequest
    assembly: Assembly
    add_form: EvidenceForm
    request_form: EvidenceRequestForm


def _add(press: _Press) -> bool:
    return form_submit(
        press.request,
        press.add_form,
        lambda data: services.evidence_add(
            actor=press.request.user, assembly=press.assembly, **data
        ),
        _("The evidence was added to the library."),
    )


def _ask(press: _Press) -> bool:
    return form_submit(
        press.request,
        press.request_form,
        lambda data: services.evidence_request_add(
            actor=press.request.user, assembly=press.assembly, **data
        ),
        _("Your request is published; the organizers will answer it."),
    )


def _answer(press: _Press) -> bool:
    # The button names the request; "answer" is the text typed (the two used to share a
    # name, and the request's number replaced the answer).
    requests = EvidenceRequest.objects.filter(assembly=press.assembly)
    found = posted_object(press.request, requests, "answer_to")
    library = selectors.evidence_of(press.assembly)
    answer_form = EvidenceAnswerForm(press.request.POST, evidence=library)
    if not answer_form.is_valid():
        messages.error(
            press.request, _("Write the public answer; a declined request needs its reasons.")
        )
        return True
    try:
        services.evidence_request_answer(
            actor=press.request.user, request=found, **answer_form.cleaned_data
        )
    except ValidationError as error:
        form_add_service_errors(press.request_form, error)
        return False
    messages.success(press.request, _("The answer is published."))
    return True


# Button name → handler (True: redirect; False: show the forms again with the errors).
_BUTTONS: dict[str, Callable[[_Press], bool]] = {"add": _add, "ask": _ask, "answer_to": _answer}


def evidence(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    flags = _flags(request, assembly)
    can_request = can(request.user, DeliberationAction.REQUEST_EVIDENCE, assembly)
    library = selectors.evidence_of(assembly)
    add_form = EvidenceForm(request.POST if "add" in request.POST else None)
    request_form = EvidenceRequestForm(request.POST if "ask" in request.POST else None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        button = next((name for name in _BUTTONS if name in request.POST), None)
        press = _Press(request, assembly, add_form, request_form)
        if button is not None and _BUTTONS[button](press):
            return redirect("deliberation:evidence", slug=slug)
    return render(
        request,
        "deliberation/evidence.html",
        {
            "assembly": assembly,
            "library": library,
            "requests": selectors.evidence_requests_of(assembly),
            "add_form": add_form,
            "request_form": request_form,
            "answer_form": EvidenceAnswerForm(evidence=library),
            "can_request": can_request,
            **flags,
        },
    )
