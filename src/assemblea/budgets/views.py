"""Thin views of the participatory budgets: parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from assemblea.assemblies.selectors import assembly_get
from assemblea.budgets import selectors, services
from assemblea.budgets.ballots import ballot_rules, spending_limit
from assemblea.budgets.forms import BudgetForm, ProjectForm, ReviewForm
from assemblea.budgets.models import BallotType, Budget, Stage
from assemblea.budgets.permissions import BudgetAction, can, require
from assemblea.core.forms import action_run, form_submit

GET_POST = ["GET", "HEAD", "POST"]


def _budget(request: HttpRequest, slug: str, pk: int) -> Budget:
    assembly = assembly_get(user=request.user, slug=slug)
    require(request.user, BudgetAction.VIEW, assembly)
    return selectors.budget_get(assembly, pk)


def _rights(request: HttpRequest, budget: Budget) -> dict[str, bool]:
    user, assembly = request.user, budget.assembly
    return {
        "may_manage": can(user, BudgetAction.MANAGE, assembly),
        "may_propose": can(user, BudgetAction.PROPOSE, assembly, budget=budget)
        and budget.stage == Stage.PROPOSALS,
        "may_review": can(user, BudgetAction.REVIEW, assembly) and budget.stage == Stage.REVIEW,
        "may_vote": can(user, BudgetAction.VOTE, assembly, budget=budget)
        and budget.stage == Stage.VOTING,
    }


@require_safe
def index(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    return render(
        request,
        "budgets/index.html",
        {
            "assembly": assembly,
            "budgets": selectors.budgets_of(assembly),
            "may_manage": can(request.user, BudgetAction.MANAGE, assembly),
        },
    )


@require_http_methods(GET_POST)
def budget_new(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    require(request.user, BudgetAction.MANAGE, assembly)
    form = BudgetForm(request.POST or None)
    made: list[Budget] = []

    def create(data: dict[str, Any]) -> None:
        made.append(services.budget_create(actor=request.user, assembly=assembly, **data))

    if form_submit(request, form, create, _("The budget is set up and open for proposals.")):
        return redirect("budgets:detail", assembly.slug, made[0].pk)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "assembly": assembly,
            "title": _("A new participatory budget"),
            "back_url": reverse("budgets:index", args=[assembly.slug]),
            "submit": _("Set up the budget"),
        },
    )


@require_http_methods(GET_POST)
def budget_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    budget = _budget(request, slug, pk)
    require(request.user, BudgetAction.MANAGE, budget.assembly)
    form = BudgetForm(request.POST or None, instance=budget)

    def update(data: dict[str, Any]) -> None:
        services.budget_update(actor=request.user, budget=budget, **data)

    if form_submit(request, form, update, _("The budget's rules are saved.")):
        return redirect("budgets:detail", slug, pk)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "assembly": budget.assembly,
            "title": _("The rules of “%(title)s”") % {"title": budget.title},
            "back_url": reverse("budgets:detail", args=[slug, pk]),
        },
    )


@require_http_methods(GET_POST)
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    budget = _budget(request, slug, pk)
    if (
        request.method == "POST"
        and "advance" in request.POST
        and action_run(request, services.budget_advance, _("The budget moved on."), budget=budget)
    ):
        return redirect("budgets:detail", slug, pk)
    budget.refresh_from_db()
    return render(
        request,
        "budgets/detail.html",
        {
            "assembly": budget.assembly,
            "budget": budget,
            "projects": budget.projects.all(),
            "stages": list(Stage),
            "rules": ballot_rules(budget),
            "voted": services.has_voted(budget, request.user),
            **_rights(request, budget),
        },
    )


@require_http_methods(GET_POST)
def propose(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    budget = _budget(request, slug, pk)
    require(request.user, BudgetAction.PROPOSE, budget.assembly, budget=budget)
    form = ProjectForm(request.POST or None, budget=budget)

    def submit(data: dict[str, Any]) -> None:
        services.project_propose(actor=request.user, budget=budget, **data)

    if form_submit(request, form, submit, _("Your project is proposed; officials review it next.")):
        return redirect("budgets:detail", slug, pk)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "assembly": budget.assembly,
            "title": _("Propose a project for “%(title)s”") % {"title": budget.title},
            "back_url": reverse("budgets:detail", args=[slug, pk]),
            "submit": _("Propose the project"),
        },
    )


@require_http_methods(GET_POST)
def project(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    budget = _budget(request, slug, pk)
    item = selectors.project_get(budget, number)
    rights = _rights(request, budget)
    form = ReviewForm(request.POST or None) if rights["may_review"] else None

    def review(data: dict[str, Any]) -> None:
        services.project_review(actor=request.user, project=item, **data)

    if form is not None and form_submit(request, form, review, _("The review is saved.")):
        return redirect("budgets:project", slug, pk, number)
    if request.method == "POST" and form is None:
        raise PermissionDenied(_("Only officials review projects, while the budget is in review."))
    commitment = selectors.commitment_of(item)
    return render(
        request,
        "budgets/project.html",
        {
            "assembly": budget.assembly,
            "budget": budget,
            "project": item,
            "form": form,
            "commitment": commitment,
            "updates": commitment.updates.all() if commitment else [],
            **rights,
        },
    )


def _vote_context(budget: Budget, checked: Any, posted: Any) -> dict[str, Any]:
    projects = selectors.on_ballot(budget)
    chosen = {str(p.pk) for p in checked.projects} if checked else set()
    prefix = "points-" if budget.ballot_type == BallotType.CUMULATIVE else "rank-"
    rows = [
        (p, str(p.pk) in chosen, (posted or {}).get(prefix + str(p.pk)) or "") for p in projects
    ]
    return {
        "assembly": budget.assembly,
        "budget": budget,
        "rows": rows,
        "rules": ballot_rules(budget),
        "limit": spending_limit(budget),
        "questions": services.eligibility_questions(budget),
        "checked": checked,
        "points_given": sum(checked.points) if checked else 0,
        "multiple": budget.ballot_type in (BallotType.APPROVAL, BallotType.KNAPSACK),
        "numbered": budget.ballot_type in (BallotType.CUMULATIVE, BallotType.RANKED),
    }


@require_http_methods(GET_POST)
def vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    budget = _budget(request, slug, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if services.has_voted(budget, request.user):
        messages.info(request, _("You have already voted in this budget: a vote is cast once."))
        return redirect("budgets:detail", slug, pk)
    require(request.user, BudgetAction.VOTE, budget.assembly, budget=budget)
    if budget.stage != Stage.VOTING:
        messages.error(request, _("Voting in this budget is not open."))
        return redirect("budgets:detail", slug, pk)
    checked, errors = None, []
    posted = {
        key: request.POST.getlist(key) if key == "project" else request.POST.get(key)
        for key in request.POST
    }
    if request.method == "POST":
        checked = services.ballot_check(budget=budget, posted=posted)
        if "cast" in request.POST:
            declared = {
                name: request.POST.get(name) == "yes" for name in ("lives_in", "old_enough")
            }
            try:
                services.vote_cast(
                    actor=request.user, budget=budget, posted=posted, declared=declared
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("Your vote is cast. Thank you."))
                return redirect("budgets:detail", slug, pk)
    context = _vote_context(budget, checked, posted)
    context["errors"] = errors
    return render(request, "budgets/vote.html", context)


@require_http_methods(GET_POST)
def results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    budget = _budget(request, slug, pk)
    if (
        request.method == "POST"
        and "commit" in request.POST
        and action_run(
            request,
            services.budget_commit,
            _("The funded projects are commitments on the public record."),
            budget=budget,
        )
    ):
        return redirect("budgets:results", slug, pk)
    budget.refresh_from_db()
    if budget.stage != Stage.RESULTS:
        messages.info(request, _("The budget has no results yet."))
        return redirect("budgets:detail", slug, pk)
    return render(
        request,
        "budgets/results.html",
        {
            "assembly": budget.assembly,
            "budget": budget,
            "result": budget.result,
            "lines": selectors.results_lines(budget),
            "share": selectors.share_shown(budget),
            "may_manage": can(request.user, BudgetAction.MANAGE, budget.assembly),
        },
    )


@require_safe
def export(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    budget = _budget(request, slug, pk)
    response = HttpResponse(selectors.budget_pb(budget), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{budget.assembly.slug}-{pk}.pb"'
    return response
