"""The participants' pages: the list, a conversation (one statement at a time, vote, add a
statement), a statement with its translations and split, and the map."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from assemblea.assemblies.selectors import assembly_get
from assemblea.conversations import pictures, selectors, services
from assemblea.conversations.forms import StatementForm, TranslationForm
from assemblea.conversations.models import Conversation, Statement
from assemblea.conversations.permissions import ConversationAction, can
from assemblea.core.forms import form_submit
from assemblea.core.params import param_id

PAGE = 40


def _conversation(request: HttpRequest, slug: str, pk: int) -> Conversation:
    assembly = assembly_get(user=request.user, slug=slug)
    conversation = selectors.conversation_get(assembly, pk)
    conversation.assembly = assembly
    return conversation


def _may(request: HttpRequest, conversation: Conversation) -> dict[str, bool]:
    assembly = conversation.assembly
    return {
        "may_take_part": can(
            request.user,
            ConversationAction.PARTICIPATE,
            assembly,
            audience=conversation.audience,
        )
        and conversation.is_open,
        "may_moderate": can(request.user, ConversationAction.MODERATE, assembly),
        "may_start": can(request.user, ConversationAction.START, assembly),
        "may_send": can(request.user, ConversationAction.SEND, assembly),
        "may_export": can(request.user, ConversationAction.EXPORT, assembly),
    }


def shown_text(statement: Statement) -> tuple[str, str, bool]:
    """The text to show first, its language, and whether it is a translation: the
    reader's language when a translation exists, else the original."""
    reader = (get_language() or "en").split("-")[0]
    if reader != statement.language and reader in statement.translations:
        return statement.translations[reader], reader, True
    return statement.text, statement.language, False


@require_safe
def index(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    return render(
        request,
        "conversations/index.html",
        {
            "assembly": assembly,
            "conversations": selectors.conversations_of(assembly),
            "may_start": can(request.user, ConversationAction.START, assembly),
            "may_import": can(request.user, ConversationAction.IMPORT, assembly),
        },
    )


def _card(
    request: HttpRequest, conversation: Conversation, may_take_part: bool | None = None
) -> dict[str, Any]:
    """What the card of the next statement needs (it is the answer to every vote, so it
    asks only whether the reader may take part, and not even that right after a vote)."""
    following = selectors.next_statement(conversation, request.user)
    text, language, translated = shown_text(following) if following else ("", "", False)
    if may_take_part is None:
        may_take_part = (
            can(
                request.user,
                ConversationAction.PARTICIPATE,
                conversation.assembly,
                audience=conversation.audience,
            )
            and conversation.is_open
        )
    return {
        "conversation": conversation,
        "assembly": conversation.assembly,
        "next": following,
        "next_text": text,
        "next_language": language,
        "next_translated": translated,
        "voted": selectors.my_vote_count(conversation, request.user),
        "may_take_part": may_take_part,
    }


@require_safe
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = _conversation(request, slug, pk)
    may = _may(request, conversation)
    context = _card(request, conversation, may["may_take_part"])
    context.update(
        **may,
        form=StatementForm(initial={"language": get_language() or conversation.language}),
        snapshot=selectors.snapshot_of(conversation),
        mine=selectors.my_statements(conversation, request.user),
    )
    return render(request, "conversations/detail.html", context)


@login_required
@require_POST
def vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One vote: agree, disagree or pass on the statement posted; then the next statement
    (the card alone for htmx, else back to the page)."""
    conversation = _conversation(request, slug, pk)
    number = param_id(request.POST, "statement")
    found = selectors.statement_get(conversation, number, moderator=False)
    voted: bool | None = True  # a vote was taken: the reader may take part
    refusals: list[str] = []
    try:
        services.vote_cast(actor=request.user, statement=found, value=request.POST.get("vote", ""))
    except ValidationError as error:
        voted = None
        refusals = list(error.messages)
    back = request.POST.get("next") == "statement"
    if request.headers.get("HX-Request") and not back:
        # The card replaces itself: why a vote was refused is said in it, not on a later page.
        context = {**_card(request, conversation, voted), "refusals": refusals}
        return render(request, "conversations/_card.html", context)
    for message in refusals:
        messages.error(request, message)
    if back:
        messages.success(request, _("Your vote is recorded."))
        return redirect(found.get_absolute_url())
    return redirect(conversation.get_absolute_url() + "#card")


@login_required
def add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conversation = _conversation(request, slug, pk)
    form = StatementForm(request.POST or None, initial={"language": get_language()})

    def added(data: dict[str, Any]) -> object:
        return services.statement_add(
            actor=request.user,
            conversation=conversation,
            text=data["text"],
            language=data["language"],
        )

    if form_submit(
        request,
        form,
        added,
        _("Thank you: your statement is added. Moderators check it before others vote on it.")
        if not can(request.user, ConversationAction.MODERATE, conversation.assembly)
        else _("The statement is added and open to votes."),
    ):
        return redirect(conversation.get_absolute_url())
    return render(
        request,
        "form_page.html",
        {
            "title": _("Add a statement"),
            "assembly": conversation.assembly,
            "back_url": conversation.get_absolute_url(),
            "back_label": conversation.question,
            "form": form,
            "submit": _("Add the statement"),
        },
    )


@require_safe
def statement(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    conversation = _conversation(request, slug, pk)
    may = _may(request, conversation)
    found = selectors.statement_get(conversation, number, moderator=may["may_moderate"])
    snapshot = selectors.snapshot_of(conversation)
    text, language, translated = shown_text(found)
    return render(
        request,
        "conversations/statement.html",
        {
            "conversation": conversation,
            "assembly": conversation.assembly,
            "statement": found,
            "text": text,
            "text_language": language,
            "translated": translated,
            "translations": sorted(found.translations.items()),
            "bars": pictures.statement_bars(snapshot, [found])[0],
            "my_vote": selectors.my_votes(conversation, request.user).get(found.pk),
            "standing": selectors.statement_standing(found),
            "sent": selectors.sent_of(found),
            "next_session": selectors.next_session(conversation.assembly),
            "translation_form": TranslationForm(),
            **may,
        },
    )


@require_safe
def map_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The map, the groups with their representative statements, common ground, what
    divides, and the bars of every statement (paged)."""
    conversation = _conversation(request, slug, pk)
    snapshot = selectors.snapshot_of(conversation)
    if request.GET.get("part") == "status":  # polled while a newer map is being computed
        seen = request.GET.get("shown", "")
        return render(
            request,
            "conversations/_map_status.html",
            {
                "conversation": conversation,
                "snapshot": snapshot,
                "shown": int(seen) if seen.isdigit() else -1,
            },
        )
    shown = list(selectors.statements_shown(conversation))
    by_number = {s.number: s for s in shown}
    page = Paginator(shown, PAGE).get_page(request.GET.get("page"))
    keys = pictures.group_keys(snapshot) if snapshot and not snapshot.too_small else []
    for key in keys:
        key.representative = [
            {**p, "text": by_number[p["statement"]].text}
            for p in key.representative
            if p["statement"] in by_number
        ]
    picked = {}
    for why in ("consensus", "divisive"):
        numbers = [p["statement"] for p in (snapshot.data.get(why, []) if snapshot else [])]
        picked[why] = pictures.statement_bars(
            snapshot, [by_number[n] for n in numbers if n in by_number]
        )
    return render(
        request,
        "conversations/map.html",
        {
            "conversation": conversation,
            "assembly": conversation.assembly,
            "snapshot": snapshot,
            "points": pictures.map_points(snapshot) if snapshot and not snapshot.too_small else [],
            "keys": keys,
            "consensus": picked["consensus"],
            "divisive": picked["divisive"],
            "page": page,
            "bars": pictures.statement_bars(snapshot, list(page.object_list)),
            "size": pictures.SIZE,
            "bar_width": pictures.BAR_WIDTH,
            **_may(request, conversation),
        },
    )
