"""Thin views: parse the request, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.selectors import assembly_get
from assemblea.core.forms import action_run, form_add_service_errors, form_submit
from assemblea.core.live import live_conditional
from assemblea.core.multilingual import translation_inputs_add, translation_inputs_take
from assemblea.core.params import posted_object
from assemblea.decisions import selectors, services
from assemblea.decisions.forms import (
    AmendmentForm,
    CoauthorForm,
    MergeForm,
    MinorityReportForm,
    PollForm,
    ProposalForm,
    ProxyForm,
    ReviseForm,
    SplitForm,
)
from assemblea.decisions.methods import method_of
from assemblea.decisions.models import (
    Amendment,
    AmendmentStatus,
    PollStatus,
    ProposalStatus,
)
from assemblea.decisions.permissions import DecisionAction, can
from assemblea.deliberation.models import AgendaItem
from assemblea.engines.voting import ConsensusStage


def _users(usernames: str) -> list[Any]:
    names = [name.strip() for name in usernames.split(",") if name.strip()]
    found = list(get_user_model().objects.filter(username__in=names))
    missing = set(names) - {user.username for user in found}
    if missing:
        raise ValidationError(
            {
                "coauthors": ValidationError(
                    _("Nobody has the username “%(name)s”."),
                    code="username_unknown",
                    params={"name": sorted(missing)[0]},
                )
            }
        )
    return found


def _user_named(username: str, *, field: str) -> Any:
    user = get_user_model().objects.filter(username=username.strip()).first()
    if user is None:
        raise ValidationError(
            {field: ValidationError(_("Nobody has this username."), code="username_unknown")}
        )
    return user


def _rights(request: HttpRequest, assembly: Assembly) -> dict[str, bool]:
    return {
        "can_propose": can(request.user, DecisionAction.PROPOSE, assembly),
        "can_chair": can(request.user, DecisionAction.CHAIR, assembly),
        "can_vote": can(request.user, DecisionAction.VOTE, assembly),
        "sees_turnout": can(request.user, DecisionAction.SEE_TURNOUT, assembly),
    }


def index(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            proposal = services.proposal_create(
                actor=request.user,
                assembly=assembly,
                coauthors=_users(data.pop("coauthors")),
                **data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The proposal was tabled."))
            return redirect("decisions:proposal", slug=slug, pk=proposal.pk)
    polls = selectors.polls_of(assembly)
    context = {
        "assembly": assembly,
        "form": form,
        "proposals": selectors.proposals_of(assembly),
        "open_polls": polls.filter(status=PollStatus.OPEN),
        "closed_polls": polls.filter(status=PollStatus.CLOSED),
        **_rights(request, assembly),
    }
    return render(request, "decisions/index.html", context)


def _coauthor_add(request: HttpRequest, item: Any, data: dict[str, Any]) -> None:
    user = _user_named(data["username"], field="username")
    services.proposal_add_coauthor(actor=request.user, proposal=item, user=user)


def _amendment_move(request: HttpRequest, item: Any, data: dict[str, Any]) -> None:
    parent = None
    if request.POST.get("parent"):
        parent = posted_object(request, Amendment.objects.filter(proposal=item), "parent")
    services.amendment_propose(
        actor=request.user,
        proposal=item,
        paragraph=data["paragraph"],
        new_text=data["new_text"],
        rationale=data["rationale"],
        parent=parent,
    )


def _minority_report(request: HttpRequest, item: Any, data: dict[str, Any]) -> None:
    services.minority_report_add(actor=request.user, proposal=item, text=data["text"])


# The proposal page's buttons: button name → (its form, the service step, the success message).
PROPOSAL_BUTTONS: dict[str, tuple[type[Any], Any, Any]] = {
    "coauthor": (CoauthorForm, _coauthor_add, gettext_lazy("The co-author was added.")),
    "amend": (AmendmentForm, _amendment_move, gettext_lazy("The amendment was moved.")),
    "minority": (
        MinorityReportForm,
        _minority_report,
        gettext_lazy("The minority report was added."),
    ),
}


def proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    item = selectors.proposal_get(assembly=assembly, pk=pk)
    forms_shown = {
        button: form_class(request.POST if button in request.POST else None)
        for button, (form_class, _step, _success) in PROPOSAL_BUTTONS.items()
    }
    pressed = next((button for button in PROPOSAL_BUTTONS if button in request.POST), None)
    if request.method == "POST" and pressed is not None:
        _form_class, step, success = PROPOSAL_BUTTONS[pressed]
        if form_submit(
            request,
            forms_shown[pressed],
            lambda data: step(request, item, data),
            str(success),
        ):
            return redirect("decisions:proposal", slug=slug, pk=pk)
    amend_form = forms_shown["amend"]
    minority_form = forms_shown["minority"]
    coauthor_form = forms_shown["coauthor"]
    context = {
        "assembly": assembly,
        "proposal": item,
        "version": services.current_version(item),
        "paragraphs": selectors.proposal_paragraphs(item),
        "versions": item.versions.order_by("-number"),
        "decided_amendments": item.amendments.exclude(status=AmendmentStatus.PROPOSED),
        "polls": item.polls.order_by("-opened_at"),
        "minority_reports": item.minority_reports.prefetch_related("authors"),
        "provenance": selectors.provenance(item),
        "amend_form": amend_form,
        "minority_form": minority_form,
        "coauthor_form": coauthor_form,
        "is_author": selectors.is_author(item, request.user),
        "is_open": item.status == ProposalStatus.OPEN,
        "is_rejected": item.status == ProposalStatus.REJECTED,
        **_rights(request, assembly),
    }
    return render(request, "decisions/proposal.html", context)


@login_required
def proposal_revise(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    item = selectors.proposal_get(assembly=assembly, pk=pk)
    form = ReviseForm(request.POST or None, initial={"text": services.current_version(item).text})
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_revise(actor=request.user, proposal=item, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The new version was saved."))
            return redirect("decisions:proposal", slug=slug, pk=pk)
    return _form_page(request, assembly, form, title=_("Reword: %(title)s") % {"title": item})


def _assembly_and_proposal(request: HttpRequest, slug: str, pk: int) -> tuple[Assembly, Any]:
    """The assembly and the proposal (404 when either is not to be seen). Whether the person
    is an author is the service's to check: the form then says so (code ``not_an_author``)."""
    assembly = assembly_get(user=request.user, slug=slug)
    return assembly, selectors.proposal_get(assembly=assembly, pk=pk)


@login_required
def proposal_split(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly, item = _assembly_and_proposal(request, slug, pk)
    form = SplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            parts = services.proposal_split(actor=request.user, proposal=item, parts=form.parts())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The proposal was split."))
            return redirect("decisions:proposal", slug=slug, pk=parts[0].pk)
    title = _("Split: %(title)s") % {"title": item.title}
    return _form_page(request, assembly, form, title=title, submit=_("Split"))


@login_required
def proposal_merge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly, item = _assembly_and_proposal(request, slug, pk)
    candidates = selectors.proposals_of(assembly).filter(status=ProposalStatus.OPEN).exclude(pk=pk)
    form = MergeForm(
        request.POST or None,
        others=[(p.pk, p.title) for p in candidates],
        initial={"title": item.title, "text": services.current_version(item).text},
    )
    if request.method == "POST" and form.is_valid():
        others = list(candidates.filter(pk__in=form.cleaned_data["others"]))
        try:
            merged = services.proposal_merge(
                actor=request.user,
                sources=[item, *others],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The proposals were merged."))
            return redirect("decisions:proposal", slug=slug, pk=merged.pk)
    title = _("Merge: %(title)s") % {"title": item.title}
    return _form_page(request, assembly, form, title=title, submit=_("Merge"))


def version_diff(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    item = selectors.proposal_get(assembly=assembly, pk=pk)
    version = item.versions.filter(number=number).first()
    if version is None:
        return redirect("decisions:proposal", slug=slug, pk=pk)
    return render(
        request,
        "decisions/diff.html",
        {
            "assembly": assembly,
            "proposal": item,
            "version": version,
            "diff": selectors.version_diff(version),
        },
    )


@login_required
def poll_new(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    items = AgendaItem.objects.filter(session__assembly=assembly).select_related("session")
    open_proposals = selectors.proposals_of(assembly).filter(status=ProposalStatus.OPEN)
    subjects = [(f"p{p.pk}", _("Proposal: %(title)s") % {"title": p.title}) for p in open_proposals]
    subjects += [
        (
            f"a{a.pk}",
            _("Amendment to ¶%(number)s of “%(title)s”: %(text)s")
            % {"number": a.paragraph + 1, "title": a.proposal.title, "text": a.new_text[:60]},
        )
        for a in Amendment.objects.filter(
            proposal__in=open_proposals, status=AmendmentStatus.PROPOSED
        ).select_related("proposal")
    ]
    initial = {"subject": request.GET.get("subject", "")}
    form = PollForm(
        request.POST or None,
        initial=initial,
        items=[(i.pk, f"{i.session.title} — {i.title}") for i in items],
        subjects=subjects,
        categories=list(assembly.categories.filter(may_vote=True).values_list("pk", "name")),
    )
    translation_inputs_add(form, assembly=assembly, fields=("title", "options"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        translations = translation_inputs_take(data, list_fields=("options",))
        subject = data.pop("subject")
        target: dict[str, Any] = {}
        if subject.startswith("p"):
            target["proposal"] = open_proposals.filter(pk=subject[1:]).first()
        elif subject.startswith("a"):
            target["amendment"] = Amendment.objects.filter(
                pk=subject[1:], proposal__assembly=assembly
            ).first()
        try:
            poll = services.poll_open(
                actor=request.user,
                agenda_item=items.get(pk=data["agenda_item"]),
                title=data["title"],
                method=data["method"],
                options=data["options"].splitlines(),
                seats=data["seats"],
                max_score=data["max_score"],
                threshold=data["threshold"],
                threshold_base=data["threshold_base"],
                requires_quorum=data["requires_quorum"],
                secrecy=data["secrecy"],
                weights=form.weights(),
                proxy_limit=data["proxy_limit"],
                translations=translations,
                **target,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Voting is open."))
            return redirect("decisions:poll", slug=slug, pk=poll.pk)
    return _form_page(request, assembly, form, title=_("Open a vote"), submit=_("Open the vote"))


def poll(
    request: HttpRequest, slug: str, pk: int, *, error: str = "", entered: Any = None
) -> HttpResponse:
    """The poll's page; after a refused ballot (``error``), the ballot as the member filled
    it in (``entered``, the posted form)."""
    assembly = assembly_get(user=request.user, slug=slug)
    item = selectors.poll_get(assembly=assembly, pk=pk)
    rights = _rights(request, assembly)
    method = method_of(item)
    context = {
        "assembly": assembly,
        "poll": item,
        "method": method,
        "status": selectors.voter_status(item, request.user),
        "rows": method.ballot_rows(item, entered),
        "none_entered": bool(entered and entered.get("none")),
        "ranks": range(1, len(item.options) + 1),
        "scores": range(0, item.max_score + 1),
        "turnout": selectors.poll_turnout(item),
        "quorum": selectors.chair_quorum(item) if rights["sees_turnout"] and item.is_open else None,
        "result": selectors.poll_result_view(item),
        "by_category": method.category_lines(item),
        "roll_call": selectors.roll_call(item),
        "rule": selectors.tally_label(item) if method.has_threshold else "",
        "stages": selectors.consensus_stages(item),
        "ballot_open": not method.has_stages or item.stage == ConsensusStage.CALL_FOR_BLOCKS,
        "error": error,
        **rights,
    }
    return render(request, "decisions/poll.html", context, status=400 if error else 200)


def _chair_does(
    request: HttpRequest, slug: str, pk: int, service: Any, success: str = ""
) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    item = selectors.poll_get(assembly=assembly, pk=pk)
    action_run(request, service, success, poll=item)
    return redirect("decisions:poll", slug=slug, pk=pk)


@login_required
@require_POST
def poll_stage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _chair_does(request, slug, pk, services.poll_advance_stage)


def poll_turnout(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The chair's panel, refreshed every few seconds while the poll is open (htmx)."""
    assembly = assembly_get(user=request.user, slug=slug)
    item = selectors.poll_get(assembly=assembly, pk=pk)
    rights = _rights(request, assembly)
    if not rights["sees_turnout"] or not item.is_open:
        return HttpResponse(status=286)  # htmx: stop polling
    context = {
        "assembly": assembly,
        "poll": item,
        "turnout": selectors.poll_turnout(item),
        "quorum": selectors.chair_quorum(item),
        "stages": selectors.consensus_stages(item),
    }
    response = render(request, "decisions/_chair.html", {**context, **rights})
    return live_conditional(request, response)


@login_required
@require_POST
def poll_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    success = _("Voting is closed and the result is published.")
    return _chair_does(request, slug, pk, services.poll_close, success)


def poll_ballots(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    item = selectors.poll_get(assembly=assembly, pk=pk)
    return JsonResponse(selectors.poll_published(item), json_dumps_params={"indent": 1})


def _proxy_revoke(request: HttpRequest, assembly: Assembly, form: ProxyForm) -> bool:
    return action_run(
        request, services.proxy_revoke, _("You took back your proxy."), assembly=assembly
    )


def _proxy_give(request: HttpRequest, assembly: Assembly, form: ProxyForm) -> bool:
    def give(data: dict[str, Any]) -> None:
        holder = _user_named(data["holder"], field="holder")
        services.proxy_give(actor=request.user, assembly=assembly, holder=holder)

    return form_submit(request, form, give, _("Your proxy was given."))


PROXY_BUTTONS = {"revoke": _proxy_revoke, "give": _proxy_give}


@login_required
def proxy(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    form = ProxyForm(request.POST if "give" in request.POST else None)
    if request.method == "POST":
        button = "revoke" if "revoke" in request.POST else "give"
        if PROXY_BUTTONS[button](request, assembly, form):
            return redirect("decisions:index", slug=slug)
    return _form_page(
        request,
        assembly,
        form,
        title=_("Give your proxy"),
        submit=_("Give my proxy"),
        submit_name="give",
        after="decisions/_revoke_proxy.html",
    )


def _form_page(
    request: HttpRequest, assembly: Assembly, form: Any, *, title: str, **context: Any
) -> HttpResponse:
    """The house's one form page, with the decisions' navigation and a link back to them."""
    return render(
        request,
        "form_page.html",
        {
            "assembly": assembly,
            "form": form,
            "title": title,
            "nav": "decisions/_nav.html",
            "back_url": reverse("decisions:index", kwargs={"slug": assembly.slug}),
            "back_label": assembly.title,
            **context,
        },
    )
