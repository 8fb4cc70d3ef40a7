"""What the services share: the event helper and fresh codes."""

from __future__ import annotations

from typing import Any

from assemblea.assemblies.events import assembly_stream
from assemblea.assemblies.models import Assembly
from assemblea.core.events import event_record
from assemblea.recruitment.invitations import (
    new_code,
)


def _record(
    assembly: Assembly, verb: str, actor: Any = None, *, public: bool = True, **data: Any
) -> None:
    event_record(
        stream=assembly_stream(assembly.pk), verb=verb, actor=actor, data=data, public=public
    )


def _unique_codes(count: int, taken: set[str]) -> list[str]:
    codes: list[str] = []
    while len(codes) < count:
        code = new_code()
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes
