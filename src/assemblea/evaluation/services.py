"""Every write of the evaluation: questionnaires opened, closed and answered (anonymously),
evaluators named, annotations added. Keyword-only, one transaction, permission first, a
ValidationError that says what to fix, an event on the assembly's log (never for answers:
an event would tell who answered when)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import Role, roles_of
from assemblea.core.events import assembly_event_record
from assemblea.evaluation import events
from assemblea.evaluation.models import (
    Annotation,
    EvaluatorGrant,
    Section,
    Survey,
    SurveyAnswer,
    SurveyRespondent,
)
from assemblea.evaluation.permissions import ANSWER, EvaluationAction, require
from assemblea.evaluation.questions import AUDIENCES, question_keys


def respondent_key(survey: Survey, user: Any) -> str:
    """A keyed hash of the questionnaire and the person: it says that they answered, and
    cannot be turned back into who they are without the site's secret key."""
    message = f"evaluation:{survey.pk}:{user.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def has_answered(survey: Survey, user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return SurveyRespondent.objects.filter(survey=survey, key=respondent_key(survey, user)).exists()


@transaction.atomic
def survey_open(*, actor: Any, assembly: Assembly, audience: str) -> Survey:
    require(actor, EvaluationAction.OPEN_SURVEY, assembly)
    if audience not in AUDIENCES:
        raise ValidationError(
            _("Choose the members' or the organizers' questionnaire."),
            code="choose_members_organizers_questionnaire",
        )
    survey, created = Survey.objects.get_or_create(assembly=assembly, audience=audience)
    if not created and survey.is_open:
        raise ValidationError(
            _("This questionnaire is already open."), code="questionnaire_already_open"
        )
    survey.closed_at = None
    survey.save()
    assembly_event_record(
        assembly=assembly, verb=events.SURVEY_OPENED, actor=actor, data={"audience": audience}
    )
    return survey


@transaction.atomic
def survey_close(*, actor: Any, survey: Survey) -> Survey:
    require(actor, EvaluationAction.OPEN_SURVEY, survey.assembly)
    if not survey.is_open:
        raise ValidationError(
            _("This questionnaire is already closed."), code="questionnaire_already_closed"
        )
    survey.closed_at = timezone.now()
    survey.save()
    assembly_event_record(
        assembly=survey.assembly,
        verb=events.SURVEY_CLOSED,
        actor=actor,
        data={"audience": survey.audience},
    )
    return survey


@transaction.atomic
def survey_answer(
    *, actor: Any, survey: Survey, scores: dict[str, int], comment: str = ""
) -> SurveyAnswer:
    """Store the answers without the person; refuse a second answer from the same person."""
    require(actor, ANSWER[survey.audience], survey.assembly)
    if not survey.is_open:
        raise ValidationError(_("This questionnaire is closed."), code="questionnaire_closed")
    keys = question_keys(survey.audience)
    missing = [key for key in keys if key not in scores]
    if missing:
        raise ValidationError(
            _("Answer every statement, from 1 to 5."), code="answer_every_statement"
        )
    if any(int(scores[key]) not in range(1, 6) for key in keys):
        raise ValidationError(
            _("Each answer must be a number from 1 to 5."), code="each_answer_must_number"
        )
    key = respondent_key(survey, actor)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if SurveyRespondent.objects.filter(survey=survey, key=key).exists():
        raise ValidationError(
            _("You have already answered this questionnaire."),
            code="already_answered_questionnaire",
        )
    SurveyRespondent.objects.create(survey=survey, key=key)
    return SurveyAnswer.objects.create(
        survey=survey, scores={k: int(scores[k]) for k in keys}, comment=comment.strip()
    )


@transaction.atomic
def evaluator_grant(*, actor: Any, assembly: Assembly, user: Any) -> EvaluatorGrant:
    require(actor, EvaluationAction.GRANT_EVALUATOR, assembly)
    if roles_of(user, assembly) - {Role.PUBLIC}:
        raise ValidationError(
            {
                "username": ValidationError(
                    _("An independent evaluator cannot hold a role or a seat in this assembly."),
                    code="independent_evaluator_cannot_hold",
                )
            }
        )
    if EvaluatorGrant.objects.filter(assembly=assembly, user=user).exists():
        raise ValidationError(
            {
                "username": ValidationError(
                    _("This person is already an evaluator here."),
                    code="person_already_evaluator_here",
                )
            }
        )
    grant = EvaluatorGrant.objects.create(assembly=assembly, user=user)
    name = getattr(user, "display_name", "") or user.get_username()
    assembly_event_record(
        assembly=assembly, verb=events.EVALUATOR_GRANTED, actor=actor, data={"name": name}
    )
    return grant


@transaction.atomic
def evaluator_grant_by_username(*, actor: Any, assembly: Assembly, username: str) -> EvaluatorGrant:
    """Name the person with this username an independent evaluator of the assembly."""
    require(actor, EvaluationAction.GRANT_EVALUATOR, assembly)
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError(
            {
                "username": ValidationError(
                    _("Nobody has the username “%(name)s”. Ask them to sign up first."),
                    code="username_unknown",
                    params={"name": username},
                )
            }
        )
    return evaluator_grant(actor=actor, assembly=assembly, user=user)


@transaction.atomic
def annotation_add(
    *,
    actor: Any,
    assembly: Assembly,
    section: str,
    text: str,
    written_on: datetime.date | None = None,
) -> Annotation:
    require(actor, EvaluationAction.ANNOTATE, assembly)
    if section not in Section.values:
        raise ValidationError(
            {
                "section": ValidationError(
                    _("Choose a section of the report."), code="choose_section_report"
                )
            }
        )
    if not text.strip():
        raise ValidationError(
            {"text": ValidationError(_("Write the annotation."), code="write_annotation")}
        )
    today = timezone.localdate()
    written_on = written_on or today
    if written_on > today:
        raise ValidationError(
            {
                "written_on": ValidationError(
                    _("The date cannot be in the future."), code="date_cannot_future"
                )
            }
        )
    annotation = Annotation.objects.create(
        assembly=assembly, section=section, text=text.strip(), author=actor, written_on=written_on
    )
    assembly_event_record(
        assembly=assembly, verb=events.ANNOTATED, actor=actor, data={"section": str(section)}
    )
    return annotation
