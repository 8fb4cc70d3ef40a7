"""Open-data pages: what an assembly publishes, its downloads, the schema, and the import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

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
    open_data_license,
)
from assemblea.opendata.forms import ImportForm
from assemblea.opendata.schema import document_schema


def overview(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    collections = [(name, collection_description(name)) for name in COLLECTIONS]
    return render(
        request,
        "opendata/overview.html",
        {
            "assembly": assembly,
            "collections": collections,
            "version": SCHEMA_VERSION,
            "license": open_data_license(),
        },
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


class _SizeLimit(FileUploadHandler):
    """Stop storing an upload once it passes the import's limit (the rest of the body is
    read and dropped), and say so on the request."""

    def __init__(self, request: HttpRequest) -> None:
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > services.MAX_DOCUMENT_BYTES:
            self.request.upload_too_large = True  # type: ignore[union-attr]
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@login_required
@csrf_exempt  # checked below, once the size limit is in place (Django's documented way)
def import_page(request: HttpRequest) -> HttpResponse:
    request.upload_handlers = [_SizeLimit(request), *request.upload_handlers]
    return _import_page(request)


@csrf_protect
def _import_page(request: HttpRequest) -> HttpResponse:
    organizations = organizations_administered_by(request.user)
    posted = request.method == "POST"
    form = ImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        organizations=organizations,
    )
    valid = posted and form.is_valid()
    if getattr(request, "upload_too_large", False):
        form.errors.pop("document", None)  # "required": it was dropped for its size
        form.add_error(
            "document",
            _("The file is larger than %(limit)s MB, the most an import takes.")
            % {"limit": services.MAX_DOCUMENT_BYTES // (1024 * 1024)},
        )
        valid = False
    if valid:
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
                _(
                    "“%(title)s” was imported: %(rows)s rows. Nothing else was changed. It is "
                    "private: only people with a role in it see it until you publish it, under "
                    "Visibility below."
                )
                % {"title": result.assembly.title, "rows": sum(result.counts.values())},
            )
            manage = reverse("assemblies:manage", kwargs={"slug": result.assembly.slug})
            return redirect(f"{manage}#visibility-heading")
    return render(
        request,
        "opendata/import.html",
        {"form": form, "has_organization": organizations.exists()},
    )
