"""The selection's progress, live (docs/live.md): rendered once per change for every
organizer who watches it; when the run ends, their page reloads to show the result."""

from __future__ import annotations

from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from assemblea.core.live import (
    Fragment,
    SharedPart,
    live_changed,
    live_stream,
    live_sync,
    live_topic_register,
    topic_in,
)
from assemblea.recruitment import selectors
from assemblea.recruitment.models import SelectionRun


def run_changed(run_id: int) -> None:
    """A selection run started, progressed or ended."""
    live_changed(f"run:{run_id}")


def run_fragment(topic: str) -> Fragment | None:
    run = SelectionRun.objects.select_related("recruitment__assembly").filter(pk=int(topic[4:]))
    found = run.first()
    if found is None:
        return None
    progress = selectors.run_progress(found)
    if not progress.active:
        return Fragment(html="", reload=True)  # ended: the page shows the result
    slug = found.recruitment.assembly.slug
    url = reverse("recruitment:selection", kwargs={"slug": slug})
    context = {
        "run": found,
        "progress": progress,
        "polling": True,
        "oob": True,
        "progress_url": f"{url}?part=progress",
    }
    return Fragment(html=render_to_string("recruitment/_run_progress.html", context))


live_topic_register("run", run_fragment)


def _part(request: HttpRequest, slug: str) -> SharedPart:
    from assemblea.recruitment.views._common import _recruitment

    _, recruitment = _recruitment(request, slug)
    runs = selectors.runs(recruitment)
    if not runs:
        raise Http404("no run")
    return SharedPart("run-progress", topic_in(f"run:{runs[0].pk}", get_language()))


@require_safe
async def selection_stream(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """The selection page's event stream while a run goes on (organizers only)."""
    part = await live_sync(_part, request, slug)
    return live_stream(request, shared=[part])
