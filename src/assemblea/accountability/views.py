"""Thin views for the public record: parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from assemblea.accountability import selectors, services
from assemblea.accountability.calendar import record_calendar
from assemblea.accountability.forms import (
    AnswerForm,
    CommentForm,
    CommitmentForm,
    EscalationForm,
    FollowForm,
    PlanForm,
    ProgressForm,
    RecommendationForm,
    ResponseForm,
    ReviewForm,
)
from assemblea.accountability.models import (
    Comment,
    Commitment,
    FollowUpPlan,
    Recommendation,
    Review,
)
from assemblea.accountability.permissions import AccountabilityAction, can
from assemblea.accountability.report import final_report, final_report_pdf
from assemblea.accounts.models import Organization
from assemblea.assemblies.models import Assembly
from assemblea.assemblies.selectors import assemblies_visible_to, assembly_get
from assemblea.core.forms import form_submit
from assemblea.core.params import posted_object


def _recommendation(request: HttpRequest, slug: str, number: int) -> Recommendation:
    assembly = assembly_get(user=request.user, slug=slug)
    return get_object_or_404(
        selectors.recommendations_of(assembly).select_related("assembly"), number=number
    )


def _allowed(request: HttpRequest, do: str, assembly: Assembly) -> None:
    if not can(request.user, do, assembly):
        raise PermissionDenied(_("You do not have a role in this assembly that allows this."))


def _tracker_context(request: HttpRequest, recommendations: Any) -> dict[str, Any]:
    today = timezone.localdate()
    rows = selectors.tracker_rows(
        recommendations,
        today,
        topic=request.GET.get("topic", ""),
        body=request.GET.get("body", ""),
        stage=request.GET.get("stage", ""),
    )
    charts = selectors.tracker_charts(rows)
    return {
        "rows": rows,
        "charts": charts,
        "chart_sets": [
            (_("Where the recommendations stand"), charts.stages),
            (_("Answers"), charts.verdicts),
            (_("Time to a first answer"), charts.response_days),
        ],
        "filters": selectors.topics_and_bodies(recommendations),
        "stages": [(stage, selectors.STAGE_LABELS[stage]) for stage in selectors.STAGE_ORDER],
        "chosen": {key: request.GET.get(key, "") for key in ("topic", "body", "stage")},
    }


def tracker(request: HttpRequest, slug: str) -> HttpResponse:
    """The assembly's public record: each recommendation's path, the clock, the charts."""
    assembly = assembly_get(user=request.user, slug=slug)
    if "from_poll" in request.POST:
        return _record_poll(request, assembly)
    follow_form = FollowForm(request.POST or None)
    if request.method == "POST" and follow_form.is_valid():
        try:
            services.follower_add(assembly=assembly, email=follow_form.cleaned_data["email"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            # The same words whatever happened: the form tells nobody who follows.
            messages.success(
                request,
                _(
                    "Check your e-mail: the updates start once you open the confirmation "
                    "link we sent (unless this address asked very recently already)."
                ),
            )
        return redirect("accountability:tracker", slug=slug)
    context = _tracker_context(request, Recommendation.objects.filter(assembly=assembly))
    context.update(
        {
            "assembly": assembly,
            "clock": selectors.response_clock(assembly, timezone.localdate()),
            "due_items": selectors.due_items([row.recommendation for row in context["rows"]]),
            "today": timezone.localdate(),
            "carried_over": selectors.open_items_from_earlier_cycles(assembly),
            "reviews": Review.objects.filter(assembly=assembly).prefetch_related("recommendations"),
            "follow_form": follow_form,
            "may_adopt": can(request.user, AccountabilityAction.ADOPT, assembly),
            "adopted_votes": (
                selectors.adopted_votes_not_on_record(assembly)
                if can(request.user, AccountabilityAction.ADOPT, assembly)
                else []
            ),
            "may_review": can(request.user, AccountabilityAction.REVIEW, assembly),
            "may_plan": can(request.user, AccountabilityAction.PLAN, assembly),
        }
    )
    return render(request, "accountability/tracker.html", context)


def _record_poll(request: HttpRequest, assembly: Assembly) -> HttpResponse:
    from assemblea.decisions.models import Poll

    poll = posted_object(request, Poll.objects.filter(assembly=assembly), "from_poll")
    try:
        item = services.recommendation_from_poll(
            actor=request.user, poll=poll, addressed_to=request.POST.get("addressed_to", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("accountability:tracker", slug=assembly.slug)
    messages.success(request, _("The recommendation was recorded."))
    return redirect(item_url(item))


def follow_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The confirmation link: a button (so that mail scanners opening links confirm nothing),
    then the address follows the record."""
    assembly = assembly_get(user=request.user, slug=slug)
    pending = services.follower_pending(assembly=assembly, token=token)
    if request.method == "POST" and pending is not None:
        services.follower_confirm(assembly=assembly, token=token)
        messages.success(request, _("Confirmed: you will get an e-mail when the record changes."))
        return redirect("accountability:tracker", slug=slug)
    return render(
        request,
        "accountability/follow.html",
        {"assembly": assembly, "step": "confirm", "valid": pending is not None},
        status=200 if pending is not None else 404,
    )


@csrf_exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" without a token.
def unfollow(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """One-click unsubscribe: a POST forgets the address; a GET shows the button."""
    follower = services.follower_from_unfollow_token(token)
    if follower is None or follower.assembly.slug != slug:
        return render(
            request, "accountability/follow.html", {"step": "gone", "valid": False}, status=404
        )
    if request.method == "POST":
        services.follower_remove(token=token)
        return render(
            request,
            "accountability/follow.html",
            {"assembly": follower.assembly, "step": "gone", "valid": True},
        )
    return render(
        request,
        "accountability/follow.html",
        {"assembly": follower.assembly, "step": "unfollow", "valid": True},
    )


@require_safe
def organization_tracker(request: HttpRequest, slug: str) -> HttpResponse:
    """Every visible assembly of an organization, in one tracker."""
    organization = get_object_or_404(Organization, slug=slug)
    assemblies = assemblies_visible_to(request.user).filter(organization=organization)
    recommendations = Recommendation.objects.filter(assembly__in=assemblies)
    context = _tracker_context(request, recommendations)
    context["organization"] = organization
    return render(request, "accountability/organization_tracker.html", context)


def recommendation(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    item = _recommendation(request, slug, number)
    assembly = item.assembly
    comment_form = CommentForm(request.POST if "comment" in request.POST else None)
    if form_submit(
        request,
        comment_form,
        lambda data: services.comment_post(actor=request.user, recommendation=item, **data),
        _("Your comment was posted."),
    ):
        return redirect(item_url(item))
    responses = sorted(item.responses.all(), key=lambda r: -r.version)
    return render(
        request,
        "accountability/recommendation.html",
        {
            "assembly": assembly,
            "item": item,
            "stage": selectors.STAGE_LABELS[selectors.stage_of(item)],
            "current": responses[0] if responses else None,
            "earlier": responses[1:],
            "timeline": selectors.timeline(item),
            "comments": item.comments.select_related("author"),
            "comment_form": comment_form,
            "answer_form": AnswerForm(),
            "may_comment": can(request.user, AccountabilityAction.COMMENT, assembly),
            "may_respond": can(request.user, AccountabilityAction.RESPOND, assembly),
            "may_report": can(request.user, AccountabilityAction.REPORT_PROGRESS, assembly),
            "may_escalate": can(request.user, AccountabilityAction.ESCALATE, assembly),
            "may_answer": can(request.user, AccountabilityAction.ANSWER_COMMENT, assembly),
            "committable": responses and responses[0].verdict in services.COMMITTABLE,
        },
    )


def item_url(item: Recommendation) -> str:
    return reverse("accountability:recommendation", args=[item.assembly.slug, item.number])


def _form_page(
    request: HttpRequest, assembly: Assembly, form: Any, title: str, back: str
) -> HttpResponse:
    return render(
        request,
        "form_page.html",
        {
            "assembly": assembly,
            "form": form,
            "title": title,
            "back_url": back,
            "nav": "accountability/_record_link.html",
        },
    )


@login_required
def adopt(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    _allowed(request, AccountabilityAction.ADOPT, assembly)
    form = RecommendationForm(request.POST or None, initial={"adopted_on": timezone.localdate()})
    if form_submit(
        request,
        form,
        lambda data: services.recommendation_adopt(actor=request.user, assembly=assembly, **data),
        _("The recommendation was recorded."),
    ):
        return redirect("accountability:tracker", slug=slug)
    back = reverse("accountability:tracker", args=[slug])
    return _form_page(request, assembly, form, _("Record an adopted recommendation"), back)


@login_required
def respond(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    item = _recommendation(request, slug, number)
    _allowed(request, AccountabilityAction.RESPOND, item.assembly)
    current = selectors.latest_response(item)
    initial = (
        {
            field: getattr(current, field)
            for field in ("verdict", "reasons", "actions", "responsible", "due_on")
        }
        if current
        else {}
    )
    form = ResponseForm(request.POST or None, initial=initial)
    if form_submit(
        request,
        form,
        lambda data: services.response_publish(actor=request.user, recommendation=item, **data),
        _("The answer was published."),
    ):
        return redirect(item_url(item))
    title = _("Answer recommendation %(number)s: %(title)s") % {
        "number": item.number,
        "title": item.title,
    }
    return _form_page(request, item.assembly, form, title, item_url(item))


@login_required
def commit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    item = _recommendation(request, slug, number)
    _allowed(request, AccountabilityAction.REPORT_PROGRESS, item.assembly)
    form = CommitmentForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if form_submit(
        request,
        form,
        lambda data: services.commitment_add(actor=request.user, recommendation=item, **data),
        _("The commitment was recorded."),
    ):
        return redirect(item_url(item))
    title = _("A commitment on recommendation %(number)s") % {"number": item.number}
    return _form_page(request, item.assembly, form, title, item_url(item))


def _commitment(request: HttpRequest, slug: str, commitment_id: int) -> Commitment:
    assembly = assembly_get(user=request.user, slug=slug)
    return get_object_or_404(
        Commitment.objects.select_related("recommendation__assembly"),
        pk=commitment_id,
        recommendation__assembly=assembly,
    )


@login_required
def progress(request: HttpRequest, slug: str, commitment_id: int) -> HttpResponse:
    commitment = _commitment(request, slug, commitment_id)
    item = commitment.recommendation
    _allowed(request, AccountabilityAction.REPORT_PROGRESS, item.assembly)
    form = ProgressForm(
        request.POST or None,
        initial={
            "progress": commitment.progress,
            "status": commitment.status,
            "reported_on": timezone.localdate(),
        },
    )
    if form_submit(
        request,
        form,
        lambda data: services.progress_report(actor=request.user, commitment=commitment, **data),
        _("The progress report was published."),
    ):
        return redirect(item_url(item))
    title = _("Report progress: %(title)s") % {"title": commitment.title}
    return _form_page(request, item.assembly, form, title, item_url(item))


@login_required
def escalate(request: HttpRequest, slug: str, commitment_id: int) -> HttpResponse:
    commitment = _commitment(request, slug, commitment_id)
    item = commitment.recommendation
    _allowed(request, AccountabilityAction.ESCALATE, item.assembly)
    form = EscalationForm(request.POST or None)
    if form_submit(
        request,
        form,
        lambda data: services.commitment_escalate(
            actor=request.user, commitment=commitment, **data
        ),
        _("The escalation is on the record."),
    ):
        return redirect(item_url(item))
    title = _("Escalate: %(title)s") % {"title": commitment.title}
    return _form_page(request, item.assembly, form, title, item_url(item))


@login_required
@require_POST
def answer(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    comment = get_object_or_404(
        Comment.objects.select_related("recommendation"),
        pk=comment_id,
        recommendation__assembly=assembly,
    )
    form = AnswerForm(request.POST)
    if not form_submit(
        request,
        form,
        lambda data: services.comment_answer(actor=request.user, comment=comment, **data),
        _("The answer was posted."),
    ):
        for message in form.errors.get("answer", []) + form.non_field_errors():
            messages.error(request, str(message))
    return redirect(item_url(comment.recommendation))


@login_required
def review(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    _allowed(request, AccountabilityAction.REVIEW, assembly)
    items = {r.pk: r for r in Recommendation.objects.filter(assembly=assembly)}
    form = ReviewForm(
        request.POST or None,
        choices=[(pk, f"{r.number}. {r.title}") for pk, r in items.items()],
        initial={"held_on": timezone.localdate()},
    )

    def record(data: dict[str, Any]) -> object:
        chosen = [items[int(pk)] for pk in data.pop("recommendations")]
        return services.review_record(
            actor=request.user, assembly=assembly, recommendations=chosen, **data
        )

    if form_submit(request, form, record, _("The review's findings are on the record.")):
        return redirect("accountability:tracker", slug=slug)
    back = reverse("accountability:tracker", args=[slug])
    return _form_page(request, assembly, form, _("Record a follow-up review"), back)


@login_required
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    _allowed(request, AccountabilityAction.PLAN, assembly)
    current = FollowUpPlan.objects.filter(assembly=assembly).first() or FollowUpPlan()
    form = PlanForm(
        request.POST or None,
        initial={
            "first_report_months": current.first_report_months,
            "then_every_months": current.then_every_months,
            "remind_days_before": current.remind_days_before,
        },
    )
    if form_submit(
        request,
        form,
        lambda data: services.follow_up_plan_set(actor=request.user, assembly=assembly, **data),
        _("The follow-up plan was saved."),
    ):
        return redirect("accountability:tracker", slug=slug)
    back = reverse("accountability:tracker", args=[slug])
    return _form_page(request, assembly, form, _("Follow-up plan"), back)


@require_safe
def report(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    return render(
        request, "accountability/report.html", {"assembly": assembly, **final_report(assembly)}
    )


@require_safe
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    response = HttpResponse(final_report_pdf(assembly), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{assembly.slug}-report.pdf"'
    return response


@require_safe
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    response = HttpResponse(
        record_calendar(assembly, request.build_absolute_uri("/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{assembly.slug}-record.ics"'
    return response


class RecordFeed(Feed):  # type: ignore[type-arg]
    """RSS of the assembly's record: every answer, commitment and progress report."""

    def get_object(self, request: HttpRequest, slug: str) -> Assembly:
        return assembly_get(user=request.user, slug=slug)

    def title(self, obj: Assembly) -> str:
        return _("%(title)s: public record") % {"title": obj.title}

    def link(self, obj: Assembly) -> str:
        return reverse("accountability:tracker", args=[obj.slug])

    def description(self, obj: Assembly) -> str:
        return _("Recommendations, answers, commitments and progress.")

    def items(self, obj: Assembly) -> list[Any]:
        from assemblea.accountability.feed import record_entries

        return record_entries(obj)[:50]

    def item_title(self, item: Any) -> str:
        return str(item.title)

    def item_description(self, item: Any) -> str:
        return str(item.description)

    def item_link(self, item: Any) -> str:
        return str(item.link)

    def item_pubdate(self, item: Any) -> Any:
        return item.when

    def item_guid(self, item: Any) -> str:
        return str(item.guid)
