"""The organizers' and moderators' pages: start, moderate, translate, send into the
assembly, import from Polis (preview, then confirm), export, and the printable report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from assemblea.assemblies.selectors import assembly_get
from assemblea.conversations import exports, selectors, services
from assemblea.conversations.forms import ConversationForm, ImportForm, TranslationForm
from assemblea.conversations.models import Audience, Conversation
from assemblea.conversations.permissions import ConversationAction, can
from assemblea.conversations.report import conversation_report_pdf
from assemblea.conversations.views.pages import _conversation
from assemblea.core.forms import action_run, form_add_service_errors, form_submit
from assemblea.core.params import param_id

SESSION_KEY = "conversations_import"


def _allowed(request: HttpRequest, action: str, assembly: Any) -> None:
    if not can(request.user, action, assembly):
        raise PermissionDenied(_("You do not have a role in this assembly that allows this."))


@login_required
def start(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    _allowed(request, ConversationAction.START, assembly)
    form = ConversationForm(
        request.POST or None,
        initial={"audience": Audience.MEMBERS, "language": get_language() or "en"},
    )
    started: list[Conversation] = []

    def begin(data: dict[str, Any]) -> object:
        started.append(services.conversation_start(actor=request.user, assembly=assembly, **data))
        return started[0]

    if form_submit(request, form, begin, _("The conversation is open.")):
        return redirect(started[0].get_absolute_url())
    return render(
        request,
        "form_page.html",
        {
            "title": _("Start a conversation"),
            "assembly": assembly,
            "back_url": reverse("conversations:index", args=[assembly.slug]),
            "back_label": _("Conversations"),
            "form": form,
            "submit": _("Start the conversation"),
        },
    )


def _moderate_one(request: HttpRequest, conversation: Conversation, accept: bool) -> bool:
    number = param_id(request.POST, "statement")
    found = selectors.statement_get(conversation, number, moderator=True)
    return action_run(
        request,
        services.statement_moderate,
        _("The statement is accepted.") if accept else _("The statement is rejected."),
        statement=found,
        accept=accept,
        reason=request.POST.get("reason", ""),
    )


_MODERATE_BUTTONS = {
    "accept": lambda request, conversation: _moderate_one(request, conversation, True),
    "reject": lambda request, conversation: _moderate_one(request, conversation, False),
    "close": lambda request, conversation: action_run(
        request,
        services.conversation_open,
        _("The conversation is closed."),
        conversation=conversation,
        is_open=False,
    ),
    "reopen": lambda request, conversation: action_run(
        request,
        services.conversation_open,
        _("The conversation is open again."),
        conversation=conversation,
        is_open=True,
    ),
}


@login_required
def moderate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = _conversation(request, slug, pk)
    _allowed(request, ConversationAction.MODERATE, conversation.assembly)
    button = next((name for name in _MODERATE_BUTTONS if name in request.POST), None)
    if request.method == "POST" and button is not None:
        _MODERATE_BUTTONS[button](request, conversation)
        return redirect("conversations:moderate", slug=slug, pk=pk)
    return render(
        request,
        "conversations/moderate.html",
        {
            "conversation": conversation,
            "assembly": conversation.assembly,
            "pending": selectors.pending_statements(conversation),
            "rejected": selectors.rejected_statements(conversation),
            "may_start": can(request.user, ConversationAction.START, conversation.assembly),
        },
    )


@login_required
@require_POST
def translate(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    conversation = _conversation(request, slug, pk)
    _allowed(request, ConversationAction.MODERATE, conversation.assembly)
    found = selectors.statement_get(conversation, number, moderator=True)
    form = TranslationForm(request.POST)
    if form.is_valid():
        action_run(
            request,
            services.statement_translate,
            _("The translation is beside the original."),
            statement=found,
            **form.cleaned_data,
        )
    else:
        messages.error(request, _("Choose the language and write the translation."))
    return redirect(found.get_absolute_url())


@login_required
@require_POST
def send(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    conversation = _conversation(request, slug, pk)
    _allowed(request, ConversationAction.SEND, conversation.assembly)
    found = selectors.statement_get(conversation, number, moderator=False)
    kind = request.POST.get("kind", "")
    action_run(
        request,
        services.statement_send,
        _("The statement is in the assembly, with a link back here."),
        statement=found,
        kind=kind,
        origin=request.build_absolute_uri(found.get_absolute_url()),
    )
    return redirect(found.get_absolute_url())


def _import_confirm(request: HttpRequest, assembly: Any) -> HttpResponse | None:
    staged = request.session.get(SESSION_KEY) or {}
    if staged.get("assembly") != assembly.pk:
        messages.error(request, _("Upload the files again."))
        return None
    if "discard" in request.POST:
        services.polis_discard(staged["token"])
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _("Nothing was imported."))
        return redirect("conversations:index", slug=assembly.slug)
    try:
        conversation = services.conversation_import(
            actor=request.user,
            assembly=assembly,
            token=staged["token"],
            question=staged["question"],
            language=staged["language"],
            source_name=staged["source_name"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _("The conversation is imported; its map is being drawn."))
    return redirect(conversation.get_absolute_url())


def _import_stage(request: HttpRequest, assembly: Any, form: ImportForm) -> HttpResponse | None:
    names = {"comments": "comments.csv", "votes": "votes.csv"}
    names["participants_votes"] = "participants-votes.csv"
    files = {names[k]: f for k, f in request.FILES.items() if k in names}
    if not form.is_valid():
        return None
    try:
        token = services.polis_stage(actor=request.user, assembly=assembly, files=files)
        preview = services.polis_preview(actor=request.user, assembly=assembly, token=token)
    except ValidationError as error:
        form_add_service_errors(form, error)
        return None
    request.session[SESSION_KEY] = {"assembly": assembly.pk, "token": token, **form.cleaned_data}
    for key in ("comments", "votes", "participants_votes"):
        request.session[SESSION_KEY].pop(key, None)
    return render(
        request,
        "conversations/import_preview.html",
        {"assembly": assembly, "preview": preview, "staged": request.session[SESSION_KEY]},
    )


@login_required
def import_polis(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    _allowed(request, ConversationAction.IMPORT, assembly)
    form = ImportForm(
        request.POST if "upload" in request.POST else None,
        request.FILES or None,
        initial={"language": "en"},
    )
    if request.method == "POST":
        done = (
            _import_stage(request, assembly, form)
            if "upload" in request.POST
            else _import_confirm(request, assembly)
        )
        if done is not None:
            return done
    return render(request, "conversations/import.html", {"assembly": assembly, "form": form})


@login_required
@require_safe
def export(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = _conversation(request, slug, pk)
    _allowed(request, ConversationAction.EXPORT, conversation.assembly)
    response = HttpResponse(
        exports.polis_zip(actor=request.user, conversation=conversation),
        content_type="application/zip",
    )
    response["Content-Disposition"] = f'attachment; filename="conversation-{conversation.pk}.zip"'
    return response


@require_safe
def report_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = _conversation(request, slug, pk)
    response = HttpResponse(conversation_report_pdf(conversation), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="conversation-{conversation.pk}.pdf"'
    return response
