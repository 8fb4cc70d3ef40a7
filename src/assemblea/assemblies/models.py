"""An assembly, its mandate, its composition in seat categories, and who holds each seat."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assemblea.accounts.models import Organization
from assemblea.assemblies.kinds import KIND_CHOICES, KINDS_BY_SLUG, AssemblyKindInfo
from assemblea.assemblies.phases import Phase
from assemblea.core.multilingual import Translatable


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can see its page")
    PRIVATE = "private", _("Private: only people with a role can see it")


class Assembly(models.Model):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="assemblies",
        verbose_name=_("convening organization"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address name"), max_length=80, unique=True)
    kind = models.CharField(_("kind of assembly"), max_length=40, choices=KIND_CHOICES)
    summary = models.TextField(_("short public description"), blank=True, max_length=2000)
    # services.assembly_create makes every new assembly private until an organizer publishes
    # it (services.assembly_publish). The column's default is left as it was for the
    # open-data importer, which sets up copies of already public records.
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.PUBLIC
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase, default=Phase.DRAFT)
    planned_size = models.PositiveIntegerField(
        _("total seats"),
        null=True,
        blank=True,
        help_text=_("The number of seats the mandate provides for; the categories must add up."),
    )
    is_standing = models.BooleanField(
        _("standing body"),
        default=False,
        help_text=_("A standing body meets over years, with terms and rotation of members."),
    )
    cycle = models.PositiveIntegerField(_("cycle"), default=1)
    term_months = models.PositiveIntegerField(
        _("term of a member, in months"), null=True, blank=True
    )
    rotation_months = models.PositiveIntegerField(
        _("a cohort rotates every (months)"), null=True, blank=True
    )
    cohorts = models.PositiveIntegerField(
        _("number of cohorts"),
        default=1,
        help_text=_("For example 3 cohorts rotating every 6 months replace a third each time."),
    )
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assembly")
        verbose_name_plural = _("assemblies")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assemblies:public", kwargs={"slug": self.slug})

    @property
    def kind_info(self) -> AssemblyKindInfo:
        return KINDS_BY_SLUG[self.kind]

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class AuthorityLevel(models.TextChoices):
    INTERNAL = "internal", _("Internal: binding on the convening organization")
    ADVISORY = "advisory", _("Advisory: recommendations")
    MUST_RESPOND = "must_respond", _("The addressee must respond to each recommendation")
    BINDING_THRESHOLD = "binding_threshold", _("Binding when support passes a threshold")
    BINDING = "binding", _("Binding decisions")


class Mandate(Translatable, models.Model):
    TRANSLATED_FIELDS = ("question", "response_commitment")
    assembly = models.OneToOneField(Assembly, on_delete=models.CASCADE, related_name="mandate")
    question = models.TextField(_("question or remit"), max_length=4000)
    commissioning_body = models.CharField(_("commissioning body"), max_length=200, blank=True)
    authority = models.CharField(
        _("authority level"), max_length=20, choices=AuthorityLevel, default=AuthorityLevel.ADVISORY
    )
    commits_to_respond = models.BooleanField(
        _("the commissioning body publicly commits to respond"), default=False
    )
    response_commitment = models.TextField(
        _("what the commissioning body has committed to"), blank=True, max_length=4000
    )
    response_deadline = models.DateField(_("response deadline"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")

    def __str__(self) -> str:
        return self.question[:80]


class SeatType(models.TextChoices):
    LOTTERY = "lottery", _("Lottery seats")
    DELEGATE = "delegate", _("Delegate seats")
    OFFICIAL = "official", _("Official seats (ex officio)")
    RESERVED = "reserved", _("Reserved seats")


SEAT_TYPE_DESCRIPTIONS = {
    SeatType.LOTTERY: _("Filled by a fair lottery among the people who registered."),
    SeatType.DELEGATE: _("Allocated to member organizations, which name delegates and alternates."),
    SeatType.OFFICIAL: _("Held by legislators or staff because of their office."),
    SeatType.RESERVED: _("Set aside for a group that must be present."),
}


class SeatCategory(Translatable, models.Model):
    TRANSLATED_FIELDS = ("name", "description")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="categories")
    seat_type = models.CharField(_("type of seat"), max_length=10, choices=SeatType)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    seats = models.PositiveIntegerField(_("number of seats"))
    may_vote = models.BooleanField(_("may vote"), default=True)
    may_speak = models.BooleanField(_("may speak"), default=True)
    may_propose = models.BooleanField(_("may propose"), default=True)
    counts_for_quorum = models.BooleanField(_("counted for quorum"), default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("seat category")
        verbose_name_plural = _("seat categories")

    def __str__(self) -> str:
        return f"{self.name} ({self.seats})"

    def rights(self) -> list[str]:
        labels = {
            "may_vote": _("votes"),
            "may_speak": _("speaks"),
            "may_propose": _("proposes"),
            "counts_for_quorum": _("counts for quorum"),
        }
        return [str(label) for field, label in labels.items() if getattr(self, field)]


class DelegateAllocation(models.Model):
    """Seats of a delegate category given to one member organization to fill."""

    category = models.ForeignKey(SeatCategory, on_delete=models.CASCADE, related_name="allocations")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="delegate_allocations"
    )
    seats = models.PositiveIntegerField(_("seats"))
    alternates = models.PositiveIntegerField(_("alternates allowed"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["category", "organization"], name="one_allocation_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.seats}"


class SeatHolder(models.Model):
    """A person holding a seat for a while. Ended holdings stay: that is members' history."""

    category = models.ForeignKey(SeatCategory, on_delete=models.PROTECT, related_name="holders")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seats",
    )
    name = models.CharField(_("name"), max_length=150)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seat_holders",
        verbose_name=_("organization they represent"),
    )
    is_alternate = models.BooleanField(_("alternate"), default=False)
    consents_to_be_named = models.BooleanField(_("agrees to be named in public"), default=False)
    cohort = models.PositiveIntegerField(_("cohort"), default=1)
    cycle = models.PositiveIntegerField(_("cycle"), default=1)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("why the seat ended"), max_length=200, blank=True)

    class Meta:
        ordering = ["category__position", "name"]
        verbose_name = _("seat holder")
        verbose_name_plural = _("seat holders")

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class AssemblyRoleName(models.TextChoices):
    ORGANIZER = "organizer", _("Organizer")
    FACILITATOR = "facilitator", _("Facilitator")
    OBSERVER = "observer", _("Observer")
    RESPONDENT = "respondent", _("Government respondent")
    TRANSLATOR = "translator", _("Translator")


class AssemblyRole(models.Model):
    """A role someone plays in one assembly. Members hold seats instead (SeatHolder)."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assembly_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=AssemblyRoleName)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assembly", "user", "role"], name="one_role_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class SeatInvitation(models.Model):
    """A one-time link that gives a seat holder an account: they see their username and
    choose a password (or take the seat with the account they are signed in with).

    The link carries a random token of 256 bits; only its SHA-256 is stored, so neither a
    copy of the database nor the site's secret key makes a link that works. It expires,
    works once, and a new invitation for the seat ends the earlier ones."""

    seat = models.ForeignKey(SeatHolder, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    # The username offered on the link's page (and in the letter or e-mail), so the person
    # knows it before they sign in for the first time.
    username = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"invitation to seat {self.seat_id}"
