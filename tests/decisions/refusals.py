"""Asserting a service's refusal by its code, not its English sentence."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import ValidationError


def refusal_codes(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(e.code) for errors in error.error_dict.values() for e in errors]
    return [str(e.code) for e in error.error_list]


@contextmanager
def refused(code: str) -> Iterator[Any]:
    """Like `pytest.raises(ValidationError)`, and the refusal carries `code`."""
    with pytest.raises(ValidationError) as info:
        yield info
    assert code in refusal_codes(info.value), refusal_codes(info.value)
