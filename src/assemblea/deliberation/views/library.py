"""The evidence library and requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assemblea.core.forms import form_add_service_errors
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
        done = False
        try:
            if "add" in request.POST and add_form.is_valid():
                services.evidence_add(
                    actor=request.user, assembly=assembly, **add_form.cleaned_data
                )
                messages.success(request, _("The evidence was added to the library."))
                done = True
            elif "ask" in request.POST and request_form.is_valid():
                services.evidence_request_add(
                    actor=request.user, assembly=assembly, **request_form.cleaned_data
                )
                messages.success(
                    request, _("Your request is published; the organizers will answer it.")
                )
                done = True
            elif "answer_to" in request.POST:
                # The button names the request; "answer" is the text typed (the two used to
                # share a name, and the request's number replaced the answer).
                found = posted_object(
                    request, EvidenceRequest.objects.filter(assembly=assembly), "answer_to"
                )
                answer_form = EvidenceAnswerForm(request.POST, evidence=library)
                if answer_form.is_valid():
                    services.evidence_request_answer(
                        actor=request.user, request=found, **answer_form.cleaned_data
                    )
                    messages.success(request, _("The answer is published."))
                else:
                    messages.error(
                        request, _("Write the public answer; a declined request needs its reasons.")
                    )
                done = True
        except ValidationError as error:
            form_add_service_errors(add_form if "add" in request.POST else request_form, error)
        if done:
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
