"""The civic lottery inside the app: targets, invitations, registrations, selection runs.

Personal data (Contact) is kept apart from the anonymous category answers (Registration)
that the lottery and the statistics use, so it can be deleted after the retention period
while the public record of the lottery stays verifiable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assemblea.assemblies.models import Assembly, SeatCategory, SeatHolder
from assemblea.core.multilingual import Translatable


class Recruitment(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="recruitments")
    category = models.ForeignKey(
        SeatCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("lottery seats")
    )
    seats = models.PositiveIntegerField(_("seats to fill"))
    cycle = models.PositiveIntegerField(default=1)
    cohort = models.PositiveIntegerField(_("cohort"), default=1)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    privacy_notice = models.TextField(_("privacy notice"), max_length=8000)
    retention_days = models.PositiveIntegerField(
        _("keep personal data for (days after seating)"), default=365
    )
    algorithm = models.CharField(_("selection method"), max_length=20, default="leximin")
    # The organizers' own questions: [{"key", "question", "required"}]; answers are personal
    # data (Contact.extra_answers), never lottery inputs.
    extra_questions = models.JSONField(default=list, blank=True)
    personal_data_deleted_at = models.DateTimeField(null=True, blank=True)
    # People without an invitation code may register only while this is on (off by default;
    # every change is an event): otherwise anyone could fill the pool without a letter.
    walk_in_open = models.BooleanField(_("walk-in registration open"), default=False)
    seated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.assembly} — {self.seats}"


class TargetCategory(Translatable, models.Model):
    TRANSLATED_FIELDS = ("question",)
    ASSEMBLY_PATH = "recruitment__assembly"
    recruitment = models.ForeignKey(
        Recruitment, on_delete=models.CASCADE, related_name="target_categories"
    )
    name = models.CharField(_("category"), max_length=60)
    question = models.CharField(_("question on the registration form"), max_length=200)
    position = models.PositiveIntegerField(default=0)
    # "birth_year": the form asks the year of birth and derives the age bracket.
    derived_from = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["recruitment", "name"], name="unique_target_category")
        ]

    def __str__(self) -> str:
        return self.name


class TargetValue(Translatable, models.Model):
    TRANSLATED_FIELDS = ("value",)
    ASSEMBLY_PATH = "category__recruitment__assembly"
    category = models.ForeignKey(TargetCategory, on_delete=models.CASCADE, related_name="values")
    value = models.CharField(_("value"), max_length=60)
    population_share = models.DecimalField(_("population share"), max_digits=6, decimal_places=4)
    min_seats = models.PositiveIntegerField(_("minimum seats"))
    max_seats = models.PositiveIntegerField(_("maximum seats"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "value"], name="unique_target_value")
        ]

    def __str__(self) -> str:
        return self.value


class Household(models.Model):
    """One address from the address list; at most one invitation each."""

    recruitment = models.ForeignKey(
        Recruitment, on_delete=models.CASCADE, related_name="households"
    )
    key = models.CharField(max_length=300)
    address = models.TextField()
    area = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=10, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recruitment", "key"], name="unique_household")
        ]

    def __str__(self) -> str:
        return self.address


class InvitationDraw(models.Model):
    recruitment = models.ForeignKey(
        Recruitment, on_delete=models.CASCADE, related_name="invitation_draws"
    )
    seed = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    area_weights = models.JSONField(default=dict, blank=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.size} invitations, seed {self.seed}"


class Invitation(models.Model):
    draw = models.ForeignKey(InvitationDraw, on_delete=models.CASCADE, related_name="invitations")
    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="invitation")
    code = models.CharField(max_length=12, unique=True)

    def __str__(self) -> str:
        return self.code


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    PAPER = "paper", _("Paper form")
    PHONE = "phone", _("Phone")


class RegistrationStatus(models.TextChoices):
    POOL = "pool", _("In the pool")
    SELECTED = "selected", _("Selected")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    SEATED = "seated", _("Seated")
    WITHDRAWN = "withdrawn", _("Withdrew from the pool")


class Registration(models.Model):
    """The anonymous part: a pseudonymous id and the category answers the lottery uses."""

    recruitment = models.ForeignKey(
        Recruitment, on_delete=models.CASCADE, related_name="registrations"
    )
    public_id = models.CharField(max_length=12)
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="registration"
    )
    household_key = models.CharField(max_length=300, blank=True)
    answers = models.JSONField(default=dict)
    channel = models.CharField(max_length=10, choices=Channel, default=Channel.WEB)
    page = models.CharField(max_length=40, blank=True)  # which registration page they used
    status = models.CharField(
        max_length=12, choices=RegistrationStatus, default=RegistrationStatus.POOL
    )
    seat = models.OneToOneField(
        SeatHolder, null=True, blank=True, on_delete=models.SET_NULL, related_name="registration"
    )
    # Registered without an invitation code (walk-in): marked and counted on the dashboard.
    without_invitation = models.BooleanField(default=False)
    # The same person registered before (same e-mail, phone, or name and year of birth):
    # this registration stays out of the pool that is drawn. The organizers may choose
    # which registration of the group stays.
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    # The personal "respond to your selection" link: a random token, of which only the
    # SHA-256 is kept.
    response_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    response_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["recruitment", "public_id"], name="unique_public_id"),
            models.UniqueConstraint(
                fields=["recruitment", "household_key"],
                condition=~Q(household_key=""),
                name="one_registration_per_household",
            ),
        ]

    def __str__(self) -> str:
        return self.public_id


class Contact(models.Model):
    """Personal data of a registrant, seen only by the assembly's organizers."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="contact"
    )
    name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True, max_length=500)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    availability = models.TextField(_("availability"), blank=True, max_length=1000)
    support_needs = models.JSONField(_("support needs"), default=list, blank=True)
    interpretation_language = models.CharField(
        _("interpretation language"), max_length=60, blank=True
    )
    support_notes = models.TextField(_("other support needs"), blank=True, max_length=1000)
    extra_answers = models.JSONField(default=dict, blank=True)
    consents_to_privacy_notice = models.BooleanField(default=False)
    consents_to_be_named = models.BooleanField(default=False)
    # SHA-256 of the normalised e-mail, phone, and name with year of birth, to find the same
    # person registering twice; deleted with the rest of the contact.
    email_key = models.CharField(max_length=64, blank=True, db_index=True)
    phone_key = models.CharField(max_length=64, blank=True, db_index=True)
    person_key = models.CharField(max_length=64, blank=True, db_index=True)

    def __str__(self) -> str:
        return self.name


class SeatClaim(models.Model):
    """A one-time link that gives a lottery seat to whoever opens it and signs in.

    Seating never matches an account by e-mail address (whoever signs up first with an
    address would take the seat): the registrant gets this link, and only its SHA-256 is
    stored. It expires, and works once."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="seat_claims"
    )
    seat = models.ForeignKey(SeatHolder, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    # The username offered on the link's page to someone without an account ({username} in
    # the welcome e-mail), so they know it before they first sign in.
    username = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"claim of {self.seat_id}"


class RunKind(models.TextChoices):
    SELECTION = "selection", _("Selection")
    REPLACEMENT = "replacement", _("Replacement")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    READY = "ready", _("Ready for the public draw")
    DRAWN = "drawn", _("Drawn")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


# A run in one of these is still to finish: at most one per recruitment.
ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class SelectionRun(models.Model):
    """One run of the sortition engine, with the anonymous inputs it saw and its report.

    The inputs are published with the report, so anyone can re-run
    `assemblea sortition verify` on them.
    """

    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(max_length=12, choices=RunKind, default=RunKind.SELECTION)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replacements"
    )
    status = models.CharField(max_length=10, choices=RunStatus, default=RunStatus.QUEUED)
    algorithm = models.CharField(max_length=20, default="leximin")
    seed = models.CharField(max_length=200, blank=True)
    dropouts = models.JSONField(default=list, blank=True)
    features_csv = models.TextField(blank=True)
    people_csv = models.TextField(blank=True)
    report = models.JSONField(null=True, blank=True)
    progress = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    # The worker's last sign of life (saved with the progress, and at least every few seconds
    # while it checks for a cancellation): a run that gives none for a while has stopped.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    relaxation = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recruitment"],
                condition=Q(status__in=["queued", "running"]),
                name="one_selection_at_a_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} ({self.status})"

    @property
    def error_text(self) -> str:
        """Why the run failed, in the reader's language when the engine gave a code."""
        from assemblea.recruitment.engine_errors import engine_error_text

        coded = (self.progress or {}).get("error") or {}
        return engine_error_text(coded.get("code", ""), coded.get("params") or {}) or self.error

    @property
    def panel(self) -> list[str]:
        if not self.report:
            return []
        if "replacement" in self.report and "panel" in self.report["replacement"]:
            return list(self.report["replacement"]["panel"])
        draw = self.report.get("draw")
        return list(draw["panel"]) if draw else []


class SupportArrangement(models.Model):
    """Stipend and support for a seated member."""

    seat = models.OneToOneField(SeatHolder, on_delete=models.CASCADE, related_name="support")
    stipend_per_day = models.DecimalField(
        _("stipend per day"), max_digits=8, decimal_places=2, default=0
    )
    # Days are counted from the sessions' attendance (`days`); an organizer's correction,
    # with its reason, replaces the count (empty: no correction).
    days_entered = models.PositiveIntegerField(
        _("days, corrected by hand"), null=True, blank=True, db_column="days"
    )
    days_reason = models.CharField(_("why the days were corrected"), max_length=300, blank=True)
    paid = models.BooleanField(_("paid"), default=False)
    support_booked = models.TextField(_("support booked"), blank=True, max_length=2000)

    def __str__(self) -> str:
        return f"{self.seat}: {self.stipend_per_day} × {self.days}"

    @property
    def days_attended(self) -> int:
        """The days on which the member was checked in to a session (several sessions on
        one day count once)."""
        from django.utils import timezone

        from assemblea.deliberation.models import Attendance

        starts = Attendance.objects.filter(seat_id=self.seat_id).values_list(
            "session__starts_at", flat=True
        )
        return len({timezone.localdate(moment) for moment in starts})

    @property
    def days(self) -> int:
        """The days the stipend pays: the organizer's correction, or the days attended."""
        return self.days_entered if self.days_entered is not None else self.days_attended

    @days.setter
    def days(self, value: int | None) -> None:
        self.days_entered = value

    @property
    def days_corrected(self) -> bool:
        return self.days_entered is not None


class NoticeKind(models.TextChoices):
    REGISTERED = "registered", _("Thank you for registering (sent at once)")
    SELECTED = "selected", _("You were selected: please answer")
    SEATED = "seated", _("Welcome: your seat and your account")


class NoticeTemplate(models.Model):
    """An organizer's wording of one e-mail in one language; the built-in text otherwise."""

    recruitment = models.ForeignKey(
        Recruitment, on_delete=models.CASCADE, related_name="notice_templates"
    )
    kind = models.CharField(_("message"), max_length=12, choices=NoticeKind)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=8000)

    class Meta:
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["recruitment", "kind", "language"], name="one_notice_per_kind_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"


class RegistrationPage(models.Model):
    """A registration page of its own (e.g. for a youth outreach or a partner organization):
    its own address, title and introduction; which page people used shows in the pool."""

    recruitment = models.ForeignKey(
        Recruitment, on_delete=models.CASCADE, related_name="registration_pages"
    )
    slug = models.SlugField(_("web address name"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, max_length=4000)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(fields=["recruitment", "slug"], name="unique_registration_page")
        ]

    def __str__(self) -> str:
        return self.title


class LetterStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Failed")


class LetterBatch(models.Model):
    """Printable invitation letters prepared in the background, with their progress.

    The PDF holds home addresses, so it is kept only for a few days (services.letters)
    and goes with the rest of the personal data.
    """

    recruitment = models.ForeignKey(
        Recruitment, on_delete=models.CASCADE, related_name="letter_batches"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=LetterStatus, default=LetterStatus.QUEUED)
    registration_url = models.CharField(max_length=500)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.recruitment} letters {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
