"""The translate page: every text people wrote in this assembly, with the languages it
still lacks; a translator (or an organizer) fills them, never touching the original."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from assemblea.assemblies import selectors, services
from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import can
from assemblea.assemblies.phases import AssemblyAction
from assemblea.core.multilingual import (
    Text,
    assembly_languages,
    language_name,
    original_language,
    reader_language,
    texts_of,
)
from assemblea.core.params import param_id


def _language(request: HttpRequest, assembly: Assembly) -> str:
    codes = assembly_languages(assembly)
    asked = request.GET.get("language") or request.POST.get("language") or ""
    if asked in codes:
        return asked
    reader = reader_language()
    if reader in codes[1:]:
        return reader
    return codes[1] if len(codes) > 1 else codes[0]


def _entry(text: Text, language: str, assembly: Assembly, posted: dict[str, Any]) -> dict[str, Any]:
    obj = text.obj
    fields = []
    for name in type(obj).TRANSLATED_FIELDS:
        original = getattr(obj, name)
        if not original:
            continue
        is_list = isinstance(original, list)
        value = posted.get(name)
        if value is None:
            value = (obj.translations or {}).get(language, {}).get(name, "")
        fields.append(
            {
                "name": name,
                "label": obj._meta.get_field(name).verbose_name,
                "original": "\n".join(original) if is_list else original,
                "value": "\n".join(value) if isinstance(value, list) else value,
                "is_list": is_list,
                "rows": max(2, len(original)) if is_list else (2 if len(original) < 120 else 6),
                "missing": language in text.missing.get(name, []),
            }
        )
    return {
        "text": text,
        "anchor": f"{text.key.replace('.', '-')}-{obj.pk}",
        "source": original_language(obj, assembly),
        "fields": fields,
        "missing": any(field["missing"] for field in fields),
    }


def _values(request: HttpRequest, key: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, value in request.POST.items():
        if name.startswith("field_"):
            values[name.removeprefix("field_")] = value
    if request.POST.get("list_fields"):
        for name in request.POST["list_fields"].split(","):
            if name in values:
                values[name] = [line.strip() for line in values[name].splitlines() if line.strip()]
    return values


@login_required
def translate(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = selectors.assembly_get(user=request.user, slug=slug)
    if not can(request.user, AssemblyAction.TRANSLATE, assembly):
        raise PermissionDenied(_("Only the assembly's translators and organizers translate."))
    language = _language(request, assembly)
    posted: dict[tuple[str, int], dict[str, Any]] = {}
    status = 200
    if request.method == "POST":
        key, object_id = request.POST.get("key", ""), param_id(request.POST, "object_id")
        values = _values(request, key)
        try:
            services.translation_save(
                actor=request.user,
                assembly=assembly,
                key=key,
                object_id=object_id,
                language=language,
                values=values,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            posted[(key, object_id)] = values
            status = 400
        else:
            messages.success(request, _("The translation was saved."))
            url = reverse("assemblies:translate", kwargs={"slug": slug})
            return redirect(f"{url}?language={language}#{request.POST.get('anchor', '')}")
    texts = [t for t in texts_of(assembly) if original_language(t.obj, assembly) != language]
    entries = [_entry(t, language, assembly, posted.get((t.key, t.obj.pk), {})) for t in texts]
    entries.sort(key=lambda entry: not entry["missing"])
    context = {
        "assembly": assembly,
        "language": language,
        "language_label": language_name(language),
        "languages": [(code, language_name(code)) for code in assembly_languages(assembly)],
        "entries": entries,
        "missing_count": sum(1 for entry in entries if entry["missing"]),
    }
    return render(request, "assemblies/translate.html", context, status=status)
