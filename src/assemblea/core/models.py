"""The append-only event log every domain app writes its state changes to."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a recorded event."""


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("events are append-only")


class Event(models.Model):
    """One state change. `stream` names what it is about, e.g. ``assembly:42``.

    Rows are never updated or deleted: the model refuses, and a database trigger (see the
    migration) refuses too, so the public record cannot be rewritten behind the app's back.
    Each event also carries the hash of the previous event of its stream and its own hash
    over canonical JSON (`assemblea.core.events`), so an edit made around both shows.
    """

    stream = models.CharField(max_length=64, db_index=True)
    verb = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(default=True)
    occurred_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.stream} {self.verb}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("events are append-only")


class OutgoingMail(models.Model):
    """A message waiting for the mail task (core.mail). The task is queued with this row's
    id only, so the task queue's own table (kept by the database backend after the run)
    never holds an address or a body; the row is deleted once the message is sent."""

    message = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"mail {self.pk} queued {self.created_at:%Y-%m-%d %H:%M}"
