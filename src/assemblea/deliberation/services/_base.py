"""What several groups of session writes share: the locked session row."""

from __future__ import annotations

from assemblea.core.live import live_changed
from assemblea.deliberation.models import (
    Session,
)


def _locked_session(session: Session) -> Session:
    # Every write to a session locks it first: its live room updates after the commit (and
    # not at all if the write is refused and rolled back).
    live_changed(f"room:{session.pk}")
    return (
        Session.objects.select_related("assembly")
        .select_for_update(of=("self",))
        .get(pk=session.pk)
    )
