"""People, with their language and access needs, and the organizations they act for."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessNeed(models.TextChoices):
    SCREEN_READER = "screen_reader", _("I use a screen reader")
    LARGE_TEXT = "large_text", _("Large text or high contrast")
    EASY_READ = "easy_read", _("Plain language or easy-read documents")
    SIGN_LANGUAGE = "sign_language", _("Sign language interpretation")
    INTERPRETATION = "interpretation", _("Spoken-language interpretation")
    CAPTIONS = "captions", _("Captions or a transcript")
    HEARING_LOOP = "hearing_loop", _("A hearing loop")
    STEP_FREE = "step_free", _("Step-free access")
    CHILDCARE = "childcare", _("Childcare or care for a dependant")
    TRAVEL = "travel", _("Help with travel")
    DIETARY = "dietary", _("Dietary needs")


class User(AbstractUser):
    display_name = models.CharField(_("name to show"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    access_needs = models.JSONField(_("access needs"), default=list, blank=True)
    access_notes = models.TextField(
        _("anything else that would help you take part"), blank=True, max_length=2000
    )
    # Set when the person opened the link mailed to `email` (or chose their password through
    # a link mailed there). Until then the address is only a claim: nothing may be matched
    # to the account by it.
    email_verified_at = models.DateTimeField(
        _("e-mail address confirmed at"), null=True, blank=True
    )

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def email_verified(self) -> bool:
        """The person showed they read mail at `email` (filter: email_verified_at__isnull)."""
        return self.email_verified_at is not None


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government body")
    COMMUNITY = "community", _("Community organization")
    LABOR = "labor", _("Labor union or workers' organization")
    COALITION = "coalition", _("Coalition or network")
    CIVIL_SOCIETY = "civil_society", _("Independent organizer or civil-society group")


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("web address name"), max_length=80, unique=True)
    kind = models.CharField(_("kind of organization"), max_length=20, choices=OrganizationKind)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class OrganizationRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class OrganizationMembership(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organization_memberships"
    )
    role = models.CharField(
        max_length=10, choices=OrganizationRole, default=OrganizationRole.MEMBER
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"


class LoginThrottle(models.Model):
    """Failed sign-ins, in the database so every app process sees them (accounts/lockout.py).

    One row per account (its key) and client address, and one per client address across all
    accounts (account empty)."""

    account = models.CharField(max_length=190, blank=True)
    client = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "client"], name="one_throttle_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.account or '*'} from {self.client}: {self.failures}"
