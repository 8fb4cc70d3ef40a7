"""Thin views for the evaluation: parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assemblea.assemblies.selectors import assembly_get
from assemblea.assemblies.services import personal_data_viewed
from assemblea.core.forms import form_add_service_errors, form_submit
from assemblea.core.params import posted_object
from assemblea.evaluation import selectors, services
from assemblea.evaluation.forms import AnnotationForm, EvaluatorForm, SurveyForm
from assemblea.evaluation.models import EvaluatorGrant, Section, Survey
from assemblea.evaluation.permissions import ANSWER, EvaluationAction, can
from assemblea.evaluation.questions import AUDIENCES, MINIMUM_ANSWERS
from assemblea.evaluation.report import evaluation_report_pdf


def _allowed(request: HttpRequest, do: str, assembly: Any) -> None:
    if not can(request.user, do, assembly):
        raise PermissionDenied(_("You do not have a role in this assembly that allows this."))


@require_safe
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """The evaluation report: figures, questionnaires' results, the evaluator's notes."""
    assembly = assembly_get(user=request.user, slug=slug)
    surveys = selectors.surveys_of(assembly)
    for results in surveys:
        survey = results.survey
        results.may_answer = bool(  # type: ignore[attr-defined]
            survey
            and survey.is_open
            and can(request.user, ANSWER[survey.audience], assembly)
            and not services.has_answered(survey, request.user)
        )
    return render(
        request,
        "evaluation/report.html",
        {
            "assembly": assembly,
            "sections": selectors.figure_sections(assembly, timezone.localdate()),
            "surveys": surveys,
            "minimum": MINIMUM_ANSWERS,
            "may_annotate": can(request.user, EvaluationAction.ANNOTATE, assembly),
            "may_manage": can(request.user, EvaluationAction.OPEN_SURVEY, assembly),
        },
    )


@require_safe
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    response = HttpResponse(evaluation_report_pdf(assembly), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{assembly.slug}-evaluation.pdf"'
    return response


def _survey_open(request: HttpRequest, assembly: Any, form: EvaluatorForm) -> str | None:
    services.survey_open(
        actor=request.user, assembly=assembly, audience=request.POST.get("open", "")
    )
    return _("The questionnaire is open.")


def _survey_close(request: HttpRequest, assembly: Any, form: EvaluatorForm) -> str | None:
    survey = posted_object(request, Survey.objects.filter(assembly=assembly), "close")
    services.survey_close(actor=request.user, survey=survey)
    return _("The questionnaire is closed.")


def _evaluator_grant(request: HttpRequest, assembly: Any, form: EvaluatorForm) -> str | None:
    if not form.is_valid():
        return None
    services.evaluator_grant_by_username(
        actor=request.user, assembly=assembly, username=form.cleaned_data["username"]
    )
    return _("The evaluator can now annotate the report.")


# The manage page's buttons: each returns the success message, or None to show the form again.
_MANAGE_BUTTONS = {"open": _survey_open, "close": _survey_close, "grant": _evaluator_grant}


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Organizers open and close the questionnaires and name independent evaluators."""
    assembly = assembly_get(user=request.user, slug=slug)
    _allowed(request, EvaluationAction.OPEN_SURVEY, assembly)
    form = EvaluatorForm(request.POST if "grant" in request.POST else None)
    button = next((name for name in _MANAGE_BUTTONS if name in request.POST), None)
    if request.method == "POST" and button is not None:
        try:
            done = _MANAGE_BUTTONS[button](request, assembly, form)
        except ValidationError as error:
            if button == "grant":
                form_add_service_errors(form, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
        else:
            if done is not None:
                messages.success(request, done)
                return redirect("evaluation:manage", slug=slug)
    surveys = {s.audience: s for s in Survey.objects.filter(assembly=assembly)}
    personal_data_viewed(actor=request.user, assembly=assembly, what="evaluators")
    return render(
        request,
        "evaluation/manage.html",
        {
            "assembly": assembly,
            "form": form,
            "surveys": [(key, label, surveys.get(key)) for key, label in AUDIENCES.items()],
            "evaluators": EvaluatorGrant.objects.filter(assembly=assembly).select_related("user"),
        },
    )


@login_required
def survey(request: HttpRequest, slug: str, audience: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    if audience not in AUDIENCES:
        raise Http404(_("No such questionnaire."))
    found = Survey.objects.filter(assembly=assembly, audience=audience).first()
    if found is None or not found.is_open:
        raise Http404(_("This questionnaire is not open."))
    _allowed(request, ANSWER[audience], assembly)
    answered = services.has_answered(found, request.user)
    form = SurveyForm(request.POST or None, audience=audience)

    def answer(data: dict[str, Any]) -> object:
        comment = data.pop("comment", "")
        return services.survey_answer(
            actor=request.user, survey=found, scores=data, comment=comment
        )

    if not answered and form_submit(
        request, form, answer, _("Thank you: your answers were stored without your name.")
    ):
        return redirect("evaluation:report", slug=slug)
    return render(
        request,
        "evaluation/survey.html",
        {
            "assembly": assembly,
            "form": form,
            "title": AUDIENCES[audience],
            "answered": answered,
            "minimum": MINIMUM_ANSWERS,
        },
    )


@login_required
def annotate(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    _allowed(request, EvaluationAction.ANNOTATE, assembly)
    section = request.GET.get("section", "")
    form = AnnotationForm(
        request.POST or None,
        initial={
            "section": section if section in Section.values else "",
            "written_on": timezone.localdate(),
        },
    )

    def add(data: dict[str, Any]) -> object:
        return services.annotation_add(actor=request.user, assembly=assembly, **data)

    if form_submit(request, form, add, _("The annotation is on the report.")):
        return redirect("evaluation:report", slug=slug)
    return render(request, "evaluation/annotate.html", {"assembly": assembly, "form": form})
