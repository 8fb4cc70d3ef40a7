"""Proposals with their versions and amendments, and the polls that decide them.

A poll belongs to an agenda item and keeps, with its result, the rule it was decided under,
the eligible voters at the moment it opened, the quorum reached and the tallies by seat
category. Who may vote and whether they did (PollVoter) and what was on the ballot (Ballot)
are separate rows: in a secret or anonymous poll the ballot has no link to the voter.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assemblea.assemblies.models import Assembly, SeatCategory
from assemblea.core.multilingual import Translatable
from assemblea.decisions.methods import Method
from assemblea.deliberation.models import AgendaItem


class ProposalKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    RECOMMENDATION = "recommendation", _("Recommendation")
    MOTION = "motion", _("Motion")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Open for amendments")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Not adopted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged into another proposal")
    SPLIT = "split", _("Split into several proposals")


class Proposal(Translatable, models.Model):
    TRANSLATED_FIELDS = ("title",)
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(
        _("kind"), max_length=20, choices=ProposalKind, default=ProposalKind.PROPOSAL
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus, default=ProposalStatus.OPEN
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    coauthors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coauthored_proposals"
    )
    derived_from = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="derivatives"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title


class ProposalVersion(Translatable, models.Model):
    """The text of a proposal at one moment. Paragraphs are separated by a blank line."""

    TRANSLATED_FIELDS = ("text",)
    ASSEMBLY_PATH = "proposal__assembly"
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), max_length=40000)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    amendment = models.ForeignKey(
        "Amendment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="one_version_number")
        ]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self) -> str:
        return f"{self.proposal_id} v{self.number}"

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.text)


def split_paragraphs(text: str) -> list[str]:
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Not adopted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LAPSED = "lapsed", _("Lapsed: the paragraph it changed was changed first")


class Amendment(Translatable, models.Model):
    """Replaces one paragraph of a proposal, or, with a parent, the wording of another
    amendment. An amendment is voted before the text it changes."""

    TRANSLATED_FIELDS = ("new_text", "rationale")
    ASSEMBLY_PATH = "proposal__assembly"
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="amendments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="subamendments"
    )
    paragraph = models.PositiveIntegerField(_("paragraph"))
    original_text = models.TextField(_("text it changes"), max_length=10000)
    new_text = models.TextField(_("new wording"), blank=True, max_length=10000)
    rationale = models.TextField(_("why"), blank=True, max_length=3000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="amendments"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AmendmentStatus, default=AmendmentStatus.PROPOSED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paragraph", "created_at", "id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self) -> str:
        return f"{self.proposal_id} ¶{self.paragraph + 1}"


class MinorityReport(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="minority_reports"
    )
    text = models.TextField(_("minority report"), max_length=20000)
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("minority report")
        verbose_name_plural = _("minority reports")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.text[:40]}"


class Threshold(models.TextChoices):
    SIMPLE = "simple-majority", _("Simple majority (more yes than no)")
    ABSOLUTE = "absolute-majority", _("Absolute majority of members")
    TWO_THIRDS = "two-thirds", _("Two thirds")
    SEVENTY_FIVE = "75", _("75 %")
    EIGHTY = "80", _("80 %")
    NINETY = "90", _("90 %")


class ThresholdBase(models.TextChoices):
    VOTES_CAST = "votes_cast", _("of votes cast (abstentions not counted)")
    WITH_ABSTENTIONS = "with_abstentions", _("of votes cast, abstentions counted")
    PRESENT = "present", _("of members present")
    MEMBERS = "members", _("of all members with a vote")


class Secrecy(models.TextChoices):
    SECRET = "secret", _("Secret: nobody sees how anyone voted")
    ANONYMOUS = "anonymous", _("Anonymous: tallies shown, names never")
    ROLL_CALL = "roll_call", _("Roll call: each member's vote is public")


class PollStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("poll", "Open")
    CLOSED = "closed", _("Closed")


class Poll(Translatable, models.Model):
    TRANSLATED_FIELDS = ("title", "options")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="polls")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="polls")
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.PROTECT, related_name="polls"
    )
    amendment = models.ForeignKey(
        Amendment, null=True, blank=True, on_delete=models.PROTECT, related_name="polls"
    )
    version = models.ForeignKey(
        ProposalVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("question"), max_length=300)
    method = models.CharField(_("method"), max_length=20, choices=Method)
    secrecy = models.CharField(_("secrecy"), max_length=10, choices=Secrecy, default=Secrecy.SECRET)
    threshold = models.CharField(
        _("threshold"), max_length=20, choices=Threshold, default=Threshold.SIMPLE
    )
    threshold_base = models.CharField(
        _("counted against"),
        max_length=20,
        choices=ThresholdBase,
        default=ThresholdBase.VOTES_CAST,
    )
    requires_quorum = models.BooleanField(_("needs the quorum"), default=True)
    options = models.JSONField(_("candidates or options"), default=list, blank=True)
    seats = models.PositiveIntegerField(_("seats to fill"), default=1)
    max_score = models.PositiveIntegerField(_("highest score"), default=5)
    weights = models.JSONField(_("vote weight by seat category"), default=dict, blank=True)
    proxy_limit = models.PositiveIntegerField(
        _("proxies one person may carry"),
        default=0,
        help_text=_("0: no proxy voting in this poll."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PollStatus, default=PollStatus.OPEN
    )
    stage = models.CharField(
        _("consensus stage"), max_length=24, blank=True, help_text=_("Consensus polls only.")
    )
    eligible = models.JSONField(default=list, editable=False)
    quorum_at_open = models.JSONField(default=dict, editable=False)
    quorum = models.JSONField(default=dict, editable=False)
    result = models.JSONField(default=dict, editable=False)
    passed = models.BooleanField(null=True, editable=False)
    digest = models.CharField(max_length=64, blank=True, editable=False)
    # The hash of the poll's "voting closed" event: an anchor of the assembly's event chain,
    # published with the ballots, that a rewritten chain no longer matches.
    record_hash = models.CharField(max_length=64, blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == PollStatus.OPEN


class PollVoter(models.Model):
    """A member on a poll's list of voters, fixed when it opened; `voted` is set once, when
    their ballot is cast (by them or by their proxy). Setting it is the exactly-once step: an
    UPDATE that only matches while it is still false. It is a flag, not a time: a time of
    voting would line up with the order the ballots came in."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(SeatCategory, on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(max_digits=8, decimal_places=4, default=1)
    voted = models.BooleanField(default=False)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="one_vote_per_voter")]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.user_id}"


BALLOT_ID_BITS = 53


def random_ballot_id() -> int:
    """A ballot's id: random, so that ids and their order say nothing of when it was cast.
    53 bits keep it exact in JSON readers that hold numbers as doubles (JavaScript)."""
    return secrets.randbelow(2**BALLOT_ID_BITS - 1) + 1


class Ballot(models.Model):
    """What was on one ballot. `voter` is set only in a roll-call poll. `receipt` is the hash
    of the code the voter was given; published at close, it shows the ballot was counted.

    A secret (or anonymous) ballot holds no voter, no time and no sequential id: its id is
    random, ordering by id is a random order, and a secret poll's ballots are written again
    under fresh ids when it closes (see docs/decisions.md for what the database still keeps).
    """

    id = models.BigIntegerField(
        primary_key=True, default=random_ballot_id, editable=False, serialize=False
    )
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    category = models.ForeignKey(SeatCategory, on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(max_digits=8, decimal_places=4, default=1)
    choice = models.JSONField()
    receipt = models.CharField(max_length=64)
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "receipt"], name="one_ballot_per_receipt")
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.receipt[:12]}"


class Proxy(models.Model):
    """A member asks another to vote for them, where the body's rules allow it."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="proxies")
    giver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "giver"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_proxy_per_giver",
            )
        ]
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")

    def __str__(self) -> str:
        return f"{self.giver_id} -> {self.holder_id}"
