"""The .pb import: a preview with every problem by line, then the import on the say-so."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assemblea.assemblies.selectors import assembly_get
from assemblea.budgets import services
from assemblea.budgets.forms import ImportForm
from assemblea.budgets.permissions import BudgetAction, require
from assemblea.core.forms import form_add_service_errors


def _rules(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "rule": data["rule"],
        "threshold": data.get("threshold") or 0,
        "satisfaction": data["satisfaction"],
        "completion": data["completion"],
    }


@require_http_methods(["GET", "HEAD", "POST"])
def pb_import(request: HttpRequest, slug: str) -> HttpResponse:
    """First press "Preview" (nothing is saved), then "Import" with the same file."""
    assembly = assembly_get(user=request.user, slug=slug)
    require(request.user, BudgetAction.MANAGE, assembly)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        preview = services.pb_preview(actor=request.user, assembly=assembly, text=data["file"])
        if "import" in request.POST:
            try:
                budget = services.pb_import(
                    actor=request.user,
                    assembly=assembly,
                    text=data["file"],
                    digest=data["digest"],
                    accept_problems=data["accept_problems"],
                    title=data["title"],
                    **_rules(data),
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The budget is imported and counted."))
                return redirect("budgets:results", slug, budget.pk)
        data_copy = request.POST.copy()
        data_copy["digest"] = preview.digest
        form.data = data_copy
    return render(
        request, "budgets/import.html", {"assembly": assembly, "form": form, "preview": preview}
    )
