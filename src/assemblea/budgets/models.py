"""Participatory budgets: a budget of an assembly, its projects, who voted, what was voted.

Secrecy by construction, as in the decisions app: `BudgetVoter` says who voted (to refuse a
second vote) and `BudgetBallot` what was voted; neither has a time, the ballot has no voter and
a random id, and the ballots are written again under fresh ids, shuffled, when the vote closes.
The eligibility a voter declares (district, age, residence) is checked once and stored nowhere.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assemblea.accountability.models import Commitment, Recommendation
from assemblea.assemblies.models import Assembly


class Stage(models.TextChoices):
    PROPOSALS = "proposals", _("Proposals")
    REVIEW = "review", _("Technical review")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")


STAGE_ORDER = [Stage.PROPOSALS, Stage.REVIEW, Stage.VOTING, Stage.RESULTS]


class BallotType(models.TextChoices):
    APPROVAL = "approval", _("Approval: tick the projects you support")
    KNAPSACK = "knapsack", _("Knapsack: pick projects within the budget")
    CUMULATIVE = "cumulative", _("Cumulative: share out your points")
    RANKED = "ranked", _("Ranked: put projects in order of preference")
    CHOOSE_ONE = "choose_one", _("Choose one project")


class CountingRule(models.TextChoices):
    GREEDY = "greedy", _("Greedy by votes (most votes first, while the money lasts)")
    GREEDY_THRESHOLD = "greedy_threshold", _("Greedy by votes, with a minimum number of votes")
    MES = "mes", _("Method of Equal Shares (every voter an equal share of the budget)")


class Satisfaction(models.TextChoices):
    COST = "cost", _("Cost: a voter values a project at what it costs")
    CARDINALITY = "cardinality", _("Cardinality: a voter values each supported project alike")


class Completion(models.TextChoices):
    NONE = "none", _("None")
    ADD_ONE = "add-one", _("Raise every voter's share by one unit until the budget is used")
    ADD_ONE_GREEDY = "add-one+greedy", _("Raise the shares, then fill what is left by votes")
    GREEDY = "greedy", _("Fill what is left by votes")


class Grouping(models.TextChoices):
    NONE = "", _("None")
    DISTRICTS = "districts", _("Districts")
    THEMES = "themes", _("Themes")


class Budget(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="budgets")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    amount = models.PositiveBigIntegerField(_("amount to share out"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    grouping = models.CharField(
        _("projects grouped by"), max_length=10, choices=Grouping, blank=True, default=""
    )
    groups = models.JSONField(_("districts or themes"), default=list, blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage, default=Stage.PROPOSALS)
    ballot_type = models.CharField(
        _("ballot"), max_length=12, choices=BallotType, default=BallotType.APPROVAL
    )
    min_projects = models.PositiveIntegerField(_("fewest projects on a ballot"), default=1)
    max_projects = models.PositiveIntegerField(
        _("most projects on a ballot"), null=True, blank=True
    )
    max_total_cost = models.PositiveBigIntegerField(
        _("most a ballot may spend in all"), null=True, blank=True
    )
    points = models.PositiveIntegerField(_("points each voter shares out"), default=10)
    rule = models.CharField(
        _("counting rule"), max_length=20, choices=CountingRule, default=CountingRule.MES
    )
    threshold = models.PositiveIntegerField(_("minimum votes to be funded"), default=0)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=12, choices=Satisfaction, default=Satisfaction.COST
    )
    completion = models.CharField(
        _("completion"), max_length=16, choices=Completion, default=Completion.ADD_ONE
    )
    open_to_residents = models.BooleanField(
        _("residents vote too"),
        default=False,
        help_text=_("Anyone signed in may propose and vote, beside the assembly's members."),
    )
    residence = models.CharField(
        _("voters must live in"), max_length=120, blank=True, help_text=_("A city or district.")
    )
    min_age = models.PositiveIntegerField(_("voters' minimum age"), null=True, blank=True)
    office = models.CharField(
        _("office that carries out funded projects"), max_length=200, blank=True
    )
    imported = models.BooleanField(default=False)
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("participatory budget")

    def __str__(self) -> str:
        return self.title

    @property
    def is_knapsack(self) -> bool:
        return self.ballot_type == BallotType.KNAPSACK


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting review")
    FEASIBLE = "feasible", _("Feasible: on the ballot")
    INFEASIBLE = "infeasible", _("Not feasible")


class Project(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects")
    number = models.PositiveIntegerField(_("number"))
    code = models.CharField(_("identifier in the .pb file"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    group = models.CharField(_("district or theme"), max_length=120, blank=True)
    proposed_cost = models.PositiveBigIntegerField(_("proposed cost"))
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus, default=ProjectStatus.PROPOSED
    )
    cost = models.PositiveBigIntegerField(_("estimated cost"), null=True, blank=True)
    review_reason = models.TextField(_("reason"), blank=True, max_length=3000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    funded = models.BooleanField(default=False)
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="one_project_number")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def pid(self) -> str:
        """The project's id for the engine and in .pb files."""
        return self.code or str(self.number)


class BudgetVoter(models.Model):
    """Who has voted in a budget: a person and the budget, nothing else (no time, no ballot)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="voters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["budget", "user"], name="one_budget_vote")]

    def __str__(self) -> str:
        return f"{self.budget_id}: {self.user_id}"


BALLOT_ID_BITS = 53


def random_ballot_id() -> int:
    """Random, so that ids and their order say nothing of when a ballot was cast."""
    return secrets.randbelow(2**BALLOT_ID_BITS - 1) + 1


class BudgetBallot(models.Model):
    """What a ballot chose: project ids in ballot order, and points where the ballot has
    them. No voter, no time, no sequential id. `count` > 1 only for identical ballots of an
    imported file, kept as one row (as the engine counts them)."""

    id = models.BigIntegerField(
        primary_key=True, default=random_ballot_id, editable=False, serialize=False
    )
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    projects = models.JSONField()
    points = models.JSONField(default=list)
    count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.budget_id}: {len(self.projects)} projects"


class BudgetResult(models.Model):
    """The count, as the engine returned it, kept so the results page explains itself."""

    budget = models.OneToOneField(Budget, on_delete=models.CASCADE, related_name="result")
    rule = models.CharField(max_length=80)
    funded = models.JSONField(default=list)
    notes = models.JSONField(default=dict)
    scores = models.JSONField(default=dict)
    share = models.CharField(max_length=80, blank=True)  # a Fraction, "n/d"
    payments = models.JSONField(default=dict)
    groups = models.JSONField(default=list)
    spent = models.PositiveBigIntegerField(default=0)
    ballots = models.PositiveIntegerField(default=0)
    exact_rerun = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.budget_id}: {self.rule}"
