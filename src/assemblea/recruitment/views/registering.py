"""Registrations: the public form, the organizers' list, one person's data, the form's shape
and the e-mails registrants get."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from assemblea.assemblies.selectors import assembly_get
from assemblea.core.forms import form_add_service_errors, form_submit
from assemblea.core.params import posted_object
from assemblea.recruitment import exports, selectors, services
from assemblea.recruitment.forms import (
    NoticeTemplateForm,
    RegistrationForm,
    RegistrationPageForm,
    RegistrationSettingsForm,
)
from assemblea.recruitment.models import (
    Channel,
    NoticeKind,
    Registration,
    RegistrationPage,
)
from assemblea.recruitment.notices import notice_text
from assemblea.recruitment.permissions import registration_closed_reason
from assemblea.recruitment.views._common import _recruitment


@sensitive_post_parameters("name", "email", "phone", "address", "availability", "support_notes")
@login_required
def registrations(request: HttpRequest, slug: str) -> HttpResponse:
    assembly, recruitment = _recruitment(request, slug)
    form = RegistrationForm(
        request.POST or None, recruitment=recruitment, initial={"language": "en"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            channel = request.POST.get("channel", Channel.PAPER)
            services.registration_submit(
                recruitment=recruitment,
                answers=form.answers(),
                actor=request.user,
                channel=channel if channel in Channel.values else Channel.PAPER,
                **form.contact(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The registration was entered."))
            return redirect("recruitment:registrations", slug=slug)
    services.personal_data_access_record(
        actor=request.user, recruitment=recruitment, exported=False, what="registrations list"
    )
    return render(
        request,
        "recruitment/registrations.html",
        {
            "assembly": assembly,
            "recruitment": recruitment,
            "form": form,
            "registrations": recruitment.registrations.select_related("contact"),
            "categories": list(recruitment.target_categories.values_list("name", flat=True)),
        },
    )


@login_required
def registrations_export(request: HttpRequest, slug: str) -> HttpResponse:
    assembly, recruitment = _recruitment(request, slug)
    services.personal_data_access_record(
        actor=request.user, recruitment=recruitment, exported=True, what="registrations (CSV)"
    )
    response = HttpResponse(
        exports.registrations_csv(recruitment), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{assembly.slug}-registrations.csv"'
    return response


@login_required
def person(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    """One registrant's data: export on request, or delete it."""
    _assembly, recruitment = _recruitment(request, slug)
    registration = get_object_or_404(Registration, recruitment=recruitment, public_id=public_id)
    if request.method == "POST" and "delete" in request.POST:
        try:
            services.personal_data_delete(
                actor=request.user, recruitment=recruitment, registration=registration
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "Their personal data was deleted; the anonymous "
                    "answers stay for the published lottery."
                ),
            )
        return redirect("recruitment:registrations", slug=slug)
    services.personal_data_access_record(
        actor=request.user,
        recruitment=recruitment,
        exported=True,
        what=f"one registrant's data ({registration.public_id})",
    )
    response = HttpResponse(
        exports.person_json(registration),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{public_id}.json"'
    return response


@sensitive_post_parameters("name", "email", "phone", "address", "availability", "support_notes")
def register(request: HttpRequest, slug: str, code: str = "", page: str = "") -> HttpResponse:
    """The public registration form, reached by link, by the code on a letter, or through
    one of the assembly's own registration pages."""
    assembly = assembly_get(user=request.user, slug=slug)
    recruitment = selectors.current_recruitment(assembly)
    if recruitment is None:
        raise Http404(_("This assembly is not recruiting."))
    registration_page = None
    if page:
        registration_page = get_object_or_404(RegistrationPage, recruitment=recruitment, slug=page)
    closed = registration_closed_reason(recruitment)
    form = RegistrationForm(
        request.POST or None,
        recruitment=recruitment,
        initial={"code": code, "language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and not closed and form.is_valid():
        if form.cleaned_data["website"]:
            # A bot filled the hidden field: say thanks, store nothing.
            return render(request, "recruitment/registered.html", {"assembly": assembly})
        try:
            services.registration_submit(
                recruitment=recruitment, answers=form.answers(), page=page, **form.contact()
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return render(request, "recruitment/registered.html", {"assembly": assembly})
    return render(
        request,
        "recruitment/register.html",
        {
            "assembly": assembly,
            "recruitment": recruitment,
            "form": form,
            "closed": closed,
            "page": registration_page,
        },
    )


@login_required
def notices(request: HttpRequest, slug: str) -> HttpResponse:
    """The e-mails registrants get, in each language: built-in or the organizers' own."""
    assembly, recruitment = _recruitment(request, slug)
    form = NoticeTemplateForm(request.POST or None, initial=request.GET or None)
    if form_submit(
        request,
        form,
        lambda data: services.notice_template_save(
            actor=request.user, recruitment=recruitment, **data
        ),
        _("The message was saved."),
    ):
        return redirect("recruitment:notices", slug=slug)
    wording = [
        {
            "kind": kind,
            "label": label,
            "language": language,
            "language_name": language_name,
            "custom": recruitment.notice_templates.filter(kind=kind, language=language).exists(),
            "text": notice_text(recruitment, kind, language),
        }
        for kind, label in NoticeKind.choices
        for language, language_name in settings.LANGUAGES
    ]
    return render(
        request,
        "recruitment/notices.html",
        {"assembly": assembly, "recruitment": recruitment, "form": form, "wording": wording},
    )


@login_required
def registration_form(request: HttpRequest, slug: str) -> HttpResponse:
    """The organizers shape the registration form: their own questions, the year of birth
    for an age category, and registration pages of their own."""
    assembly, recruitment = _recruitment(request, slug)
    derived = recruitment.target_categories.filter(derived_from="birth_year").first()
    settings_form = RegistrationSettingsForm(
        request.POST if "settings" in request.POST else None,
        recruitment=recruitment,
        initial={
            "questions": "\n".join(
                q["question"] + ("*" if q["required"] else "") for q in recruitment.extra_questions
            ),
            "birth_year_category": derived.name if derived else "",
        },
    )
    page_form = RegistrationPageForm(request.POST if "page" in request.POST else None)
    if "delete" in request.POST:
        page = posted_object(
            request, RegistrationPage.objects.filter(recruitment=recruitment), "delete"
        )
        try:
            services.registration_page_delete(actor=request.user, page=page)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The page was removed."))
        return redirect("recruitment:registration_form", slug=slug)
    if form_submit(
        request,
        settings_form,
        lambda data: services.registration_form_set(
            actor=request.user, recruitment=recruitment, **data
        ),
        _("The registration form was saved."),
    ) or form_submit(
        request,
        page_form,
        lambda data: services.registration_page_save(
            actor=request.user, recruitment=recruitment, **data
        ),
        _("The page was saved."),
    ):
        return redirect("recruitment:registration_form", slug=slug)
    return render(
        request,
        "recruitment/registration_form.html",
        {
            "assembly": assembly,
            "recruitment": recruitment,
            "settings_form": settings_form,
            "page_form": page_form,
            "pages": recruitment.registration_pages.all(),
        },
    )
