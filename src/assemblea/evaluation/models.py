"""Evaluation: anonymous questionnaires, independent evaluators and their annotations.

Answers are stored without the person who gave them. Whether someone has answered is kept
apart, as a keyed hash of the questionnaire and the person (SurveyRespondent), so that nobody
can answer twice and nobody can tell which answer was whose."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assemblea.assemblies.models import Assembly
from assemblea.evaluation.questions import AUDIENCES


class Section(models.TextChoices):
    DESIGN = "design", _("Process design integrity")
    EXPERIENCE = "experience", _("Sound deliberative experience")
    IMPACT = "impact", _("Pathways to impact")
    MEMBERS = "members", _("Members' questionnaire")
    ORGANIZERS = "organizers", _("Organizers' questionnaire")


class Survey(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="surveys")
    audience = models.CharField(max_length=12, choices=list(AUDIENCES.items()))
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assembly", "audience"], name="one_survey_each")
        ]

    def __str__(self) -> str:
        return f"{self.assembly_id}: {self.audience}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SurveyAnswer(models.Model):
    """One anonymous set of answers: no user, no time of day, and a random id, so that its id
    does not tell in which order people answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    scores = models.JSONField(default=dict)  # question key -> 1..5
    comment = models.TextField(blank=True, max_length=3000)

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.pk}"


class SurveyRespondent(models.Model):
    """That someone answered: a keyed hash of the questionnaire and the person, nothing else."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="respondents")
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="one_answer_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.key[:8]}"


class EvaluatorGrant(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="evaluators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluator_grants"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assembly", "user"], name="one_grant_each")]

    def __str__(self) -> str:
        return f"{self.assembly_id}: {self.user}"


class Annotation(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="annotations")
    section = models.CharField(_("section"), max_length=12, choices=Section)
    text = models.TextField(_("annotation"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations"
    )
    written_on = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["written_on", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.assembly_id}: {self.section}, {self.written_on}"
