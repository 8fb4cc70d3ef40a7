"""Opinion maps: a conversation of an assembly, its statements, votes and map snapshots.

Who voted what is personal data. A participant is a pseudonymous number within one
conversation; the public pages and the exports show that number only, never the account
(`Participant.user`), and nothing on the map joins a point to an account.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assemblea.assemblies.models import Assembly

STATEMENT_MAX_LENGTH = 280


class Audience(models.TextChoices):
    MEMBERS = "members", _("the assembly's members")
    PUBLIC = "public", _("the public (anyone signed in)")


class Source(models.TextChoices):
    HERE = "here", _("held here")
    POLIS = "polis", _("imported from Polis")


class Conversation(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="conversations")
    question = models.CharField(_("question"), max_length=300)
    rules = models.TextField(
        _("moderation rules"),
        blank=True,
        max_length=3000,
        help_text=_("Shown to participants, beside the house rules."),
    )
    audience = models.CharField(
        _("who may take part"), max_length=8, choices=Audience, default=Audience.MEMBERS
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    is_open = models.BooleanField(default=True)
    source = models.CharField(max_length=8, choices=Source, default=Source.HERE)
    source_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # At most one map recompute waits in the queue: set by the vote that enqueues it,
    # cleared by the task as it starts (so a vote cast during the computation enqueues the
    # next one).
    map_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("conversations:detail", args=[self.assembly.slug, self.pk])


class Participant(models.Model):
    """A pseudonymous participant: `number` is all that any public page or export shows.
    Imported participants have no account."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    number = models.PositiveIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "number"], name="conversation_participant_number"
            ),
            models.UniqueConstraint(
                fields=["conversation", "user"], name="conversation_participant_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}: {self.number}"


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class Statement(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="statements"
    )
    number = models.PositiveIntegerField()  # Polis' comment-id
    text = models.TextField(_("statement"), max_length=STATEMENT_MAX_LENGTH * 4)
    language = models.CharField(_("language"), max_length=8)
    # language code -> text; the original stays in `text`.
    translations = models.JSONField(default=dict, blank=True)
    author = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=8, choices=StatementStatus, default=StatementStatus.PENDING
    )
    reject_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "number"], name="conversation_statement_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.text[:40]}"

    def get_absolute_url(self) -> str:
        return reverse(
            "conversations:statement",
            args=[self.conversation.assembly.slug, self.conversation_id, self.number],
        )


class Vote(models.Model):
    """One vote per participant and statement: the latest wins (as in Polis)."""

    AGREE, PASS, DISAGREE = 1, 0, -1

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"], name="one_vote_each"),
            models.CheckConstraint(condition=models.Q(value__in=[-1, 0, 1]), name="vote_value"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} on {self.statement_id}: {self.value}"


class MapSnapshot(models.Model):
    """The map as last computed, with the number of votes it was computed on. `data` holds
    points (participant number, x, y, group), groups, repness, consensus, divisive and
    the per-group counts of every statement (see maps.py)."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="snapshot"
    )
    computed_at = models.DateTimeField()
    vote_count = models.PositiveIntegerField(default=0)
    participant_count = models.PositiveIntegerField(default=0)
    too_small = models.CharField(max_length=40, blank=True)  # a code, "" when mapped
    data = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.conversation_id} @ {self.vote_count}"


class SentKind(models.TextChoices):
    AGENDA = "agenda", _("an agenda item of the next session")
    EVIDENCE = "evidence", _("evidence")


class StatementSent(models.Model):
    """A statement sent into the assembly: where it went, and why (common ground or
    division), so each side links to the other."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="sent")
    kind = models.CharField(max_length=8, choices=SentKind)
    why = models.CharField(max_length=10)  # "consensus" | "divisive"
    agenda_item = models.ForeignKey(
        "deliberation.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    evidence = models.ForeignKey(
        "deliberation.Evidence", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.statement_id} → {self.kind}"
