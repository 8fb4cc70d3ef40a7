"""Sessions, their agenda, attendance and the assembly's quorum rule.

Decisions (polls) hang off agenda items and store the quorum reached, so these models are
the shared ground of the sessions and decisions apps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assemblea.assemblies.models import Assembly, SeatHolder


class QuorumKind(models.TextChoices):
    HALF_PLUS_ONE = "half_plus_one", _("half of the quorum seats plus one")
    FRACTION = "fraction", _("a share of the quorum seats")
    FIXED = "fixed", _("a fixed number of members")
    NONE = "none", _("no quorum")


class RoomRules(models.Model):
    """How the assembly's room works: its quorum rule (and, later, its speakers' list rule)."""

    assembly = models.OneToOneField(Assembly, on_delete=models.CASCADE, related_name="room_rules")
    quorum_kind = models.CharField(
        _("quorum rule"), max_length=20, choices=QuorumKind, default=QuorumKind.HALF_PLUS_ONE
    )
    quorum_fraction = models.DecimalField(
        _("share of quorum seats"),
        max_digits=4,
        decimal_places=3,
        default=0.5,
        help_text=_("Used when the rule is a share, e.g. 0.667 for two thirds."),
    )
    quorum_fixed = models.PositiveIntegerField(_("fixed number of members"), default=0)

    class Meta:
        verbose_name = _("room rules")
        verbose_name_plural = _("room rules")

    def __str__(self) -> str:
        return f"{self.assembly_id}: {self.quorum_kind}"


class SessionFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    OPEN = "open", _("in progress")
    CLOSED = "closed", _("closed")


class Session(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    format = models.CharField(
        _("format"), max_length=12, choices=SessionFormat, default=SessionFormat.IN_PERSON
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    access_info = models.TextField(_("access information"), blank=True, max_length=3000)
    interpretation_languages = models.JSONField(
        _("interpretation languages"), default=list, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus, default=SessionStatus.PLANNED
    )
    current_item = models.ForeignKey(
        "AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("current agenda item"),
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return self.title


class AgendaItemStatus(models.TextChoices):
    PENDING = "pending", _("to come")
    CURRENT = "current", _("under way")
    DONE = "done", _("done")


class AgendaItem(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    minutes_allotted = models.PositiveIntegerField(_("time box (minutes)"), default=15)
    status = models.CharField(
        _("status"), max_length=10, choices=AgendaItemStatus, default=AgendaItemStatus.PENDING
    )
    minutes_text = models.TextField(_("minutes"), blank=True)

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A seat holder checked in to a session (by themselves on the phone, or by staff)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    seat = models.ForeignKey(SeatHolder, on_delete=models.CASCADE, related_name="attendance")
    checked_in_at = models.DateTimeField(auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "seat"], name="one_check_in_per_seat")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.seat_id} @ {self.session_id}"
