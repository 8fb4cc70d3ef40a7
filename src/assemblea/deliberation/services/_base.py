"""What several groups of session writes share: the locked session row, the event helper."""

from __future__ import annotations

from typing import Any

from assemblea.assemblies.events import assembly_stream
from assemblea.assemblies.models import Assembly
from assemblea.core.events import event_record
from assemblea.deliberation.models import (
    Session,
)


def _record(assembly: Assembly, verb: str, actor: Any, *, public: bool = True, **data: Any) -> None:
    event_record(
        stream=assembly_stream(assembly.pk), verb=verb, actor=actor, data=data, public=public
    )


def _locked_session(session: Session) -> Session:
    return (
        Session.objects.select_related("assembly")
        .select_for_update(of=("self",))
        .get(pk=session.pk)
    )
