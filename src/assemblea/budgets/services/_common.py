"""Shared steps of the budgets services: the stage gate and the one-writer lock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from assemblea.budgets.models import Budget, Stage

_SQLITE_WRITER = threading.RLock()


@contextmanager
def one_writer() -> Iterator[None]:
    """SQLite takes one writer at a time: votes are serialized in-process there."""
    if connection.vendor == "sqlite":
        with _SQLITE_WRITER, transaction.atomic():
            yield
    else:
        with transaction.atomic():
            yield


def stage_require(budget: Budget, *stages: str) -> None:
    """Refuse, naming the budget's stage, when it is not one of `stages`."""
    if budget.stage in stages:
        return
    if Stage.VOTING in stages and budget.stage == Stage.RESULTS:
        raise ValidationError(
            _("Voting in this budget has closed: the results are counted."),
            code="voting_closed",
        )
    raise ValidationError(
        _("This cannot be done while the budget is at the stage “%(stage)s”."),
        code="stage",
        params={"stage": Stage(budget.stage).label},
    )


def budget_lock(budget: Budget) -> Budget:
    """The budget's row, locked for the rest of the transaction (its stage as stored)."""
    return Budget.objects.select_for_update().get(pk=budget.pk)
