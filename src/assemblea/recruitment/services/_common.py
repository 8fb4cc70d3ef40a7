"""What the services share: fresh codes nobody holds yet."""

from __future__ import annotations

from assemblea.recruitment.invitations import (
    new_code,
)


def _unique_codes(count: int, taken: set[str]) -> list[str]:
    codes: list[str] = []
    while len(codes) < count:
        code = new_code()
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes
