"""A poll, live (docs/live.md): its status for everyone on its page (rendered once per change
in each process) and the chair's turnout panel (for the few who may see it)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from assemblea.assemblies.selectors import assembly_get
from assemblea.core.live import (
    Fragment,
    PersonalPart,
    SharedPart,
    live_changed,
    live_stream,
    live_sync,
    live_topic_register,
    topic_in,
)
from assemblea.decisions import selectors
from assemblea.decisions.models import Poll
from assemblea.decisions.permissions import DecisionAction, can
from assemblea.deliberation.models import AgendaItem


def poll_changed(poll_id: int) -> None:
    """A poll's status or turnout changed: its page and the room that shows it update."""
    session_id = AgendaItem.objects.filter(polls__id=poll_id).values_list("session_id", flat=True)
    live_changed(f"poll:{poll_id}", *(f"room:{pk}" for pk in session_id[:1]))


def poll_fragment(topic: str) -> Fragment | None:
    poll = Poll.objects.select_related("assembly").filter(pk=int(topic[5:])).first()
    if poll is None:
        return None
    html = render_to_string("decisions/_status.html", {"assembly": poll.assembly, "poll": poll})
    return Fragment(html=html)


live_topic_register("poll", poll_fragment)


def chair_context(poll: Poll) -> dict[str, Any]:
    return {
        "assembly": poll.assembly,
        "poll": poll,
        "turnout": selectors.poll_turnout(poll),
        "quorum": selectors.chair_quorum(poll),
        "stages": selectors.consensus_stages(poll),
    }


def _parts(request: HttpRequest, slug: str, pk: int) -> tuple[list[SharedPart], list[PersonalPart]]:
    assembly = assembly_get(user=request.user, slug=slug)
    poll = selectors.poll_get(assembly=assembly, pk=pk)
    topic = topic_in(f"poll:{poll.pk}", get_language())
    shared = [SharedPart("poll-status", topic)]
    if not can(request.user, DecisionAction.SEE_TURNOUT, assembly):
        return shared, []
    rights = {"can_chair": can(request.user, DecisionAction.CHAIR, assembly)}

    def chair_panel() -> str:
        fresh = Poll.objects.select_related("assembly").get(pk=poll.pk)
        if not fresh.is_open:
            return ""
        context = {**chair_context(fresh), **rights}
        return render_to_string("decisions/_chair.html", context, request=request)

    # The turnout changes with every ballot: rendered for the chair after each render of
    # the topic (at most a few times a second), not for every member.
    return shared, [PersonalPart("chair-panel", topic, chair_panel)]


@require_safe
async def poll_stream(request: HttpRequest, slug: str, pk: int) -> StreamingHttpResponse:
    """The poll page's event stream: voting open or closed, and the chair's turnout."""
    shared, personal = await live_sync(_parts, request, slug, pk)
    return live_stream(request, shared=shared, personal=personal)
