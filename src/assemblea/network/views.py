"""Thin views for networks: an assembly's links and inbox, forwarding, the directory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from assemblea.accountability.models import Recommendation
from assemblea.assemblies.kinds import KINDS, Family
from assemblea.assemblies.models import Assembly
from assemblea.assemblies.selectors import assembly_get
from assemblea.core.forms import form_submit
from assemblea.deliberation.models import Resolution
from assemblea.network import selectors, services
from assemblea.network.forms import CopyMandateForm, DecideForm, LinkForm, TemplateForm
from assemblea.network.models import (
    AssemblyLink,
    ForwardedItem,
    ForwardStatus,
    LibraryTemplate,
    TemplateKind,
)
from assemblea.network.permissions import NetworkAction, can, require


def _decide(request: HttpRequest, item: ForwardedItem) -> Callable[[dict[str, Any]], object]:
    def decide(data: dict[str, Any]) -> object:
        return services.item_decide(
            actor=request.user, item=item, status=data["status"], note=data["note"]
        )

    return decide


def network(request: HttpRequest, slug: str) -> HttpResponse:
    """The assembly's place in its network: parent, local assemblies, and for organizers
    the link request, what can be forwarded up and the inbox of forwarded items."""
    assembly = assembly_get(user=request.user, slug=slug)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organizer = can(request.user, NetworkAction.ORGANIZE, assembly)
    link = selectors.parent_link(assembly)
    link_form = LinkForm(
        request.POST if "link" in request.POST else None, user=request.user, assembly=assembly
    )
    if "link" in request.POST and form_submit(
        request,
        link_form,
        lambda data: services.link_request(
            actor=request.user, child=assembly, parent=data["parent"]
        ),
        _("The link was requested; the parent's organizers are asked to accept it."),
    ):
        return redirect("network:assembly", slug=slug)
    inbox = list(selectors.inbox(assembly)) if organizer else []
    decide_forms = [
        (
            item,
            DecideForm(
                request.POST if request.POST.get("decide") == str(item.pk) else None,
                prefix=f"item{item.pk}",
            ),
        )
        for item in inbox
    ]
    for item, form in decide_forms:
        if request.POST.get("decide") == str(item.pk) and form_submit(
            request,
            form,
            _decide(request, item),
            _("The decision was recorded."),
        ):
            return redirect("network:assembly", slug=slug)
    context = {
        "assembly": assembly,
        "organizer": organizer,
        "link": link,
        "children": selectors.child_links(assembly),
        "link_form": link_form,
        "decide_forms": decide_forms,
    }
    if organizer:
        context.update(
            {
                "requests": selectors.child_links(assembly, status="requested"),
                "resolutions": selectors.forwardable_resolutions(assembly),
                "recommendations": selectors.forwardable_recommendations(assembly),
                "adopted_items": selectors.forwardable_items(assembly),
                "forwarded": selectors.forwarded_out(assembly),
                "pending": ForwardStatus.PENDING,
            }
        )
    return render(request, "network/assembly.html", context)


@require_POST
def accept(request: HttpRequest, slug: str, link_id: int) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    link = get_object_or_404(AssemblyLink, pk=link_id, parent=assembly)
    try:
        services.link_accept(actor=request.user, link=link)
        messages.success(request, _("%(child)s is now linked.") % {"child": link.child.title})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("network:assembly", slug=slug)


# What can be forwarded up, by the URL's name: the assembly's own ones, and the service's keyword.
_FORWARDABLE: dict[str, tuple[Callable[[Assembly], QuerySet[Any]], str]] = {
    "resolution": (lambda assembly: Resolution.objects.filter(assembly=assembly), "resolution"),
    "recommendation": (
        lambda assembly: Recommendation.objects.filter(assembly=assembly),
        "recommendation",
    ),
    "item": (lambda assembly: ForwardedItem.objects.filter(to_assembly=assembly), "item"),
}


@require_POST
def forward(request: HttpRequest, slug: str, what: str, pk: int) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    require(request.user, NetworkAction.ORGANIZE, assembly)
    queryset, keyword = _FORWARDABLE.get(what, _FORWARDABLE["item"])
    target = get_object_or_404(queryset(assembly), pk=pk)
    try:
        services.item_forward(actor=request.user, assembly=assembly, **{keyword: target})
        messages.success(request, _("It was forwarded to the parent assembly."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("network:assembly", slug=slug)


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    """Public assemblies across all organizations, their outcomes and their links."""
    kind = request.GET.get("kind", "")
    family = request.GET.get("family", "")
    return render(
        request,
        "network/directory.html",
        {
            "rows": selectors.directory(kind=kind, family=family),
            "kinds": [(info.slug, info.name) for info in KINDS],
            "families": Family.choices,
            "chosen_kind": kind,
            "chosen_family": family,
        },
    )


@require_safe
def library(request: HttpRequest) -> HttpResponse:
    """The shared library: templates that organizations publish for others to reuse."""
    kind = request.GET.get("kind", "")
    return render(
        request,
        "network/library.html",
        {
            "templates": selectors.library(kind=kind),
            "kinds": TemplateKind.choices,
            "chosen_kind": kind,
        },
    )


@login_required
def template_new(request: HttpRequest) -> HttpResponse:
    form = TemplateForm(request.POST or None, user=request.user)
    created: list[LibraryTemplate] = []
    if form_submit(
        request,
        form,
        lambda data: created.append(services.template_publish(actor=request.user, **data)),
        _("The template was published in the shared library."),
    ):
        return redirect("network:template", pk=created[0].pk)
    return render(request, "network/template_new.html", {"form": form})


def template(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(LibraryTemplate.objects.select_related("organization"), pk=pk)
    form = None
    if item.kind == TemplateKind.MANDATE and request.user.is_authenticated:
        form = CopyMandateForm(request.POST or None, user=request.user)
        if form_submit(
            request,
            form,
            lambda data: services.template_copy_mandate(
                actor=request.user, template=item, assembly=data["assembly"]
            ),
            _("The mandate was copied; review it before you publish."),
        ):
            return redirect("assemblies:mandate", slug=form.cleaned_data["assembly"].slug)
    return render(request, "network/template.html", {"item": item, "form": form})


@require_safe
def template_download(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(LibraryTemplate, pk=pk)
    is_json = item.body.lstrip().startswith(("{", "["))
    response = HttpResponse(
        item.body, content_type="application/json" if is_json else "text/plain; charset=utf-8"
    )
    extension = "json" if is_json else "txt"
    response["Content-Disposition"] = f'attachment; filename="template-{item.pk}.{extension}"'
    return response
