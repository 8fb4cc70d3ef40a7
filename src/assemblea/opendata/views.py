"""Open-data pages: what an assembly publishes, its downloads, the schema, and the import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assemblea.accounts.selectors import organizations_administered_by
from assemblea.assemblies.selectors import assembly_get
from assemblea.core.forms import form_add_service_errors
from assemblea.opendata import services
from assemblea.opendata.export import (
    COLLECTIONS,
    SCHEMA_VERSION,
    assembly_document,
    collection_description,
    document_json,
    document_zip,
)
from assemblea.opendata.forms import ImportForm
from assemblea.opendata.schema import document_schema


def overview(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    collections = [(name, collection_description(name)) for name in COLLECTIONS]
    return render(
        request,
        "opendata/overview.html",
        {"assembly": assembly, "collections": collections, "version": SCHEMA_VERSION},
    )


def document(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    response = HttpResponse(
        document_json(assembly_document(assembly)), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{assembly.slug}.json"'
    return response


def csv_files(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    response = HttpResponse(
        document_zip(assembly_document(assembly)), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="{assembly.slug}-csv.zip"'
    return response


def schema(request: HttpRequest, version: int) -> HttpResponse:
    if version != SCHEMA_VERSION:
        raise Http404(_("There is no open-data schema version %(version)s.") % {"version": version})
    return JsonResponse(document_schema(), json_dumps_params={"indent": 1})


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    organizations = organizations_administered_by(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.assembly_import(
                document=services.document_load(form.cleaned_data["document"].read()),
                actor=request.user,
                slug=form.cleaned_data["slug"] or None,
                organization=form.cleaned_data["organization"],
            )
        except services.ImportRefused as refused:
            form_add_service_errors(form, refused)
        else:
            messages.success(
                request,
                _("“%(title)s” was imported: %(rows)s rows. Nothing else was changed.")
                % {"title": result.assembly.title, "rows": sum(result.counts.values())},
            )
            return redirect("assemblies:manage", slug=result.assembly.slug)
    return render(
        request,
        "opendata/import.html",
        {"form": form, "has_organization": organizations.exists()},
    )
