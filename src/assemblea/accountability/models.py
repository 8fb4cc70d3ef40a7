"""From recommendations to responses, commitments and their follow-up: the public record.

Published answers are never edited in place: a new version supersedes the old, which stays
visible. Progress is a dated series of updates, so the path of every item can be replayed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assemblea.assemblies.models import Assembly
from assemblea.core.multilingual import Translatable


class Recommendation(Translatable, models.Model):
    TRANSLATED_FIELDS = ("title", "text")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=20000)
    topic = models.CharField(_("topic"), max_length=80, blank=True)
    addressed_to = models.CharField(_("addressed to"), max_length=200)
    # How it was adopted: the vote, its rule and its result, as the decision recorded them.
    support = models.TextField(_("support (the vote and its rule)"), blank=True, max_length=2000)
    support_share = models.DecimalField(
        _("share in favour"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    minority_report = models.TextField(_("minority report"), blank=True, max_length=20000)
    # The vote that adopted it, when the assembly decided in Assemblea.
    source_poll = models.ForeignKey(
        "decisions.Poll",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    adopted_on = models.DateField(_("adopted on"))
    # Set from the mandate's response commitment when adopted; each cycle has its own.
    answer_due_on = models.DateField(_("answer due on"), null=True, blank=True)
    cycle = models.PositiveIntegerField(_("cycle"), default=1)
    dropped_on = models.DateField(null=True, blank=True)
    dropped_reason = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assembly", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "number"], name="unique_recommendation")
        ]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTIAL = "partial", _("Accepted in part")
    STUDY = "study", _("Needs further study")
    REJECTED = "rejected", _("Rejected")


class Response(Translatable, models.Model):
    """One published version of the addressee's answer to a recommendation."""

    TRANSLATED_FIELDS = ("reasons", "actions")
    ASSEMBLY_PATH = "recommendation__assembly"
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="responses"
    )
    version = models.PositiveIntegerField(default=1)
    verdict = models.CharField(_("answer"), max_length=10, choices=Verdict)
    reasons = models.TextField(_("reasons"), blank=True, max_length=10000)
    actions = models.TextField(_("what will be done"), blank=True, max_length=10000)
    responsible = models.CharField(_("by whom"), max_length=200, blank=True)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["recommendation", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "version"], name="unique_response_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id} v{self.version}: {self.verdict}"


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    STALLED = "stalled", _("Stalled")
    DROPPED = "dropped", _("Dropped")


class Commitment(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="commitments"
    )
    title = models.CharField(_("commitment"), max_length=300)
    office = models.CharField(_("responsible office"), max_length=200)
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CommitmentStatus, default=CommitmentStatus.PLANNED
    )
    progress = models.PositiveIntegerField(_("progress (%)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recommendation", "pk"]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(models.Model):
    """A dated report on a commitment, with its evidence (documents, links, photos)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField(_("date"))
    progress = models.PositiveIntegerField(_("progress (%)"))
    status = models.CharField(_("status"), max_length=10, choices=CommitmentStatus)
    note = models.TextField(_("what happened"), max_length=10000)
    evidence_url = models.URLField(_("evidence (link)"), blank=True, max_length=500)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commitment", "-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.progress}%"


class Escalation(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="escalations")
    escalated_to = models.CharField(_("escalated to"), max_length=200)
    reason = models.TextField(_("why"), max_length=5000)
    owner = models.CharField(_("who carries it"), max_length=200)
    escalated_on = models.DateField(_("date"))
    outcome = models.TextField(_("outcome"), blank=True, max_length=5000)

    class Meta:
        ordering = ["-escalated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.commitment_id} → {self.escalated_to}"


class Review(models.Model):
    """A follow-up session of members (or an oversight committee) and its findings."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("held on"))
    body = models.CharField(_("who reviewed"), max_length=200)
    findings = models.TextField(_("findings"), max_length=20000)
    recommendations = models.ManyToManyField(
        Recommendation, blank=True, related_name="reviews", verbose_name=_("items reviewed")
    )

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.body} {self.held_on}"


class Comment(models.Model):
    """A comment or question from a member or the public, with the answer when given."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment or question"), max_length=4000)
    is_question = models.BooleanField(_("this is a question"), default=False)
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class FollowUpPlan(models.Model):
    """When progress reports are due: first after N months, then every M months."""

    assembly = models.OneToOneField(
        Assembly, on_delete=models.CASCADE, related_name="follow_up_plan"
    )
    first_report_months = models.PositiveIntegerField(_("first report after (months)"), default=3)
    then_every_months = models.PositiveIntegerField(_("then every (months)"), default=6)
    remind_days_before = models.PositiveIntegerField(
        _("remind respondents (days before the deadline)"), default=14
    )

    def __str__(self) -> str:
        return f"{self.first_report_months}+{self.then_every_months}"


class Follower(models.Model):
    """Someone who asked for e-mail updates on an assembly's record.

    Double opt-in: nothing but the confirmation e-mail goes to the address until its link is
    used (`confirmed_at`). Only the SHA-256 of the one-time confirmation token is stored."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField(_("e-mail"))
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmations_sent = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assembly", "email"], name="unique_follower")
        ]

    def __str__(self) -> str:
        return self.email
