"""Sessions, their agenda, attendance and the assembly's quorum rule; small tables, the
speakers' list, evidence, and movement practice (report-backs, resolutions for action,
credentials, committee reports).

Decisions (polls) hang off agenda items and store the quorum reached, so these models are
the shared ground of the sessions and decisions apps."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assemblea.accounts.models import Organization
from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.core.multilingual import Translatable


class QuorumKind(models.TextChoices):
    HALF_PLUS_ONE = "half_plus_one", _("half of the quorum seats plus one")
    FRACTION = "fraction", _("a share of the quorum seats")
    FIXED = "fixed", _("a fixed number of members")
    NONE = "none", _("no quorum")


class SpeakersOrder(models.TextChoices):
    FIFO = "fifo", _("first come, first served")
    ALTERNATE = "alternate", _("alternate between the values of a category")
    PROGRESSIVE = "progressive", _("progressive stack: those who have spoken least first")


class RoomRules(models.Model):
    """How the assembly's room works: quorum, speakers' list, small tables, order of business."""

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
    speakers_order = models.CharField(
        _("order of the speakers' list"),
        max_length=12,
        choices=SpeakersOrder,
        default=SpeakersOrder.PROGRESSIVE,
    )
    speakers_category = models.CharField(
        _("category to balance speakers on"),
        max_length=60,
        blank=True,
        help_text=_(
            "For alternating, and for moving up groups that have spoken less than their share "
            "of the room, e.g. gender."
        ),
    )
    boost_values = models.JSONField(
        _("values of that category to move up"),
        default=list,
        blank=True,
        help_text=_(
            "Progressive stack: members with these values count as having spoken once less."
        ),
    )
    boost_under_represented = models.BooleanField(
        _("move up groups that have spoken less than their share of the room"), default=False
    )
    speaking_seconds = models.PositiveIntegerField(
        _("time for each speaker (seconds)"), default=120
    )
    table_categories = models.JSONField(
        _("categories each table should mirror"), default=list, blank=True
    )
    table_size_min = models.PositiveIntegerField(_("smallest table"), default=6)
    table_size_max = models.PositiveIntegerField(_("largest table"), default=9)
    adopt_before_business = models.BooleanField(
        _("adopt the rules and the agenda before any business"),
        default=False,
        help_text=_("As conventions do: no agenda item starts until both are adopted."),
    )
    jumps_need_approval = models.BooleanField(
        _("points of order and direct responses wait for the chair's approval"),
        default=True,
        help_text=_("Until the chair approves them they do not go ahead of the list."),
    )
    jumps_per_member = models.PositiveIntegerField(
        _("requests that go ahead of the list, per member and agenda item"),
        default=2,
        help_text=_("Points of order, direct responses and clarifying questions; 0: no limit."),
    )

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
    rules_adopted_at = models.DateTimeField(_("rules adopted at"), null=True, blank=True)
    agenda_adopted_at = models.DateTimeField(_("agenda adopted at"), null=True, blank=True)

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
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)

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


class MemberProfile(models.Model):
    """The values a member shares for balancing tables and speaking time, e.g.
    {"gender": "woman", "housing": "renter"}. Never shown in public."""

    seat = models.OneToOneField(SeatHolder, on_delete=models.CASCADE, related_name="profile")
    values = models.JSONField(_("values"), default=dict, blank=True)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self) -> str:
        return f"{self.seat_id}: {self.values}"


class SmallTable(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveIntegerField(_("table number"))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("table facilitator"),
    )

    class Meta:
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="one_table_number")
        ]
        verbose_name = _("small table")
        verbose_name_plural = _("small tables")

    def __str__(self) -> str:
        return f"{self.session_id}/{self.number}"


class TableSeat(models.Model):
    table = models.ForeignKey(SmallTable, on_delete=models.CASCADE, related_name="seats")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="table_seats")
    seat = models.ForeignKey(SeatHolder, on_delete=models.CASCADE, related_name="table_seats")
    pinned = models.BooleanField(_("pinned"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "seat"], name="one_table_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.seat_id} @ {self.table_id}"


class RequestKind(models.TextChoices):
    SPEAK = "speak", _("Speak")
    POINT_OF_ORDER = "point_of_order", _("Point of order")
    DIRECT_RESPONSE = "direct_response", _("Direct response")
    CLARIFYING_QUESTION = "clarifying_question", _("Clarifying question")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the chair's approval")
    WAITING = "waiting", _("waiting")
    SPEAKING = "speaking", _("speaking")
    DONE = "done", _("spoke")
    WITHDRAWN = "withdrawn", _("withdrawn")
    DECLINED = "declined", _("declined by the chair")


OPEN_STATUSES = (RequestStatus.PENDING, RequestStatus.WAITING, RequestStatus.SPEAKING)

# The kinds that go ahead of the ordinary speakers (the room's rule limits them).
JUMP_KINDS = (
    RequestKind.POINT_OF_ORDER,
    RequestKind.DIRECT_RESPONSE,
    RequestKind.CLARIFYING_QUESTION,
)


class SpeakerRequest(models.Model):
    """A place on the speakers' list of an agenda item. Times are stored, so the list and
    the speaker's timer survive a reload or a restart and every app process sees the same."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speakers")
    seat = models.ForeignKey(SeatHolder, on_delete=models.CASCADE, related_name="speaker_requests")
    kind = models.CharField(_("request"), max_length=20, choices=RequestKind)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus, default=RequestStatus.WAITING
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "seat"],
                condition=models.Q(status__in=["pending", "waiting", "speaking"]),
                name="one_open_request_per_member",
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(status="speaking"),
                name="one_speaker_at_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat_id} on {self.item_id}: {self.status}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a member's personal calendar address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)

    def __str__(self) -> str:
        return f"{self.user_id}"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("document")
    SPEAKER = "speaker", _("speaker")
    RECORDING = "recording", _("recording")


class Evidence(Translatable, models.Model):
    TRANSLATED_FIELDS = ("title",)
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=12, choices=EvidenceKind)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, max_length=3000)
    link = models.URLField(_("link"), blank=True)
    provided_by = models.CharField(_("provided by"), max_length=200)
    perspective = models.CharField(
        _("perspective it represents"),
        max_length=200,
        help_text=_("e.g. landlords' association, tenants' union, independent academic"),
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title


class EvidenceRequestStatus(models.TextChoices):
    OPEN = "open", _("waiting for an answer")
    ANSWERED = "answered", _("answered")
    DECLINED = "declined", _("declined, with reasons")


class EvidenceRequest(models.Model):
    """A member asks for evidence or a speaker; the request and its answer are public."""

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="evidence_requests"
    )
    kind = models.CharField(_("what is asked for"), max_length=12, choices=EvidenceKind)
    text = models.TextField(_("request"), max_length=3000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EvidenceRequestStatus,
        default=EvidenceRequestStatus.OPEN,
    )
    answer = models.TextField(_("answer"), blank=True, max_length=3000)
    answered_at = models.DateTimeField(null=True, blank=True)
    evidence = models.ForeignKey(
        Evidence,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        verbose_name=_("evidence added in answer"),
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class BreakoutReport(models.Model):
    """A breakout group reports back to the plenary."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reports")
    group = models.CharField(_("breakout group"), max_length=120)
    text = models.TextField(_("what the group reports"), max_length=5000)
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reported_at", "pk"]

    def __str__(self) -> str:
        return self.group


class ResolutionStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ADOPTED = "adopted", _("adopted")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class Resolution(models.Model):
    """A resolution for action: a commitment to next steps, owned by an organization."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="resolutions")
    report = models.ForeignKey(
        BreakoutReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("resolution"), max_length=3000)
    owner = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="resolutions",
        verbose_name=_("owning organization"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=ResolutionStatus, default=ResolutionStatus.PROPOSED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class CredentialStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SEATED = "seated", _("seated")
    CONTESTED = "contested", _("contested")


class Credential(models.Model):
    """A delegate's credential at a convention: only seated delegates may check in."""

    seat = models.OneToOneField(SeatHolder, on_delete=models.CASCADE, related_name="credential")
    status = models.CharField(
        _("status"), max_length=10, choices=CredentialStatus, default=CredentialStatus.PENDING
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.seat_id}: {self.status}"


class CommitteeReportStatus(models.TextChoices):
    PRESENTED = "presented", _("presented")
    ADOPTED = "adopted", pgettext_lazy("committee report", "adopted")
    REFERRED = "referred", _("referred back")


class CommitteeReport(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="committee_reports")
    committee = models.CharField(_("committee"), max_length=120)
    text = models.TextField(_("report"), max_length=5000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommitteeReportStatus,
        default=CommitteeReportStatus.PRESENTED,
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.committee
