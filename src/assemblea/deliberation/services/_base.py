"""What several groups of session writes share: the locked session row."""

from __future__ import annotations

from assemblea.deliberation.models import (
    Session,
)


def _locked_session(session: Session) -> Session:
    return (
        Session.objects.select_related("assembly")
        .select_for_update(of=("self",))
        .get(pk=session.pk)
    )
