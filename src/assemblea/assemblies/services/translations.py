"""Translations of the texts people wrote (core/multilingual.py): a translator or an
organizer fills the other languages of the assembly; the original is never changed here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from assemblea.assemblies import events
from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import require
from assemblea.assemblies.phases import AssemblyAction
from assemblea.core.events import assembly_event_record
from assemblea.core.multilingual import (
    assembly_languages,
    model_by_key,
    model_key,
    original_language,
    translations_apply,
)


def translations_record(
    *, actor: Any, assembly: Assembly, obj: Any, languages: list[str], fields: list[str]
) -> None:
    """The event of a translation edit (also used by the organizers' side-by-side forms)."""
    for language in languages:
        assembly_event_record(
            assembly=assembly,
            verb=events.TRANSLATION_SAVED,
            actor=actor,
            data={
                "model": model_key(type(obj)),
                "object_id": obj.pk,
                "language": language,
                "fields": sorted(fields),
            },
            public=False,
        )


def _checked_values(obj: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for field in type(obj).TRANSLATED_FIELDS:
        if field not in values:
            continue
        value = values[field]
        original = getattr(obj, field)
        if isinstance(original, list):
            value = list(value or [])
            if value and len(value) != len(original):
                raise ValidationError(
                    {
                        field: ValidationError(
                            _("Give one line for each of the %(count)s options, in their order."),
                            code="translation_items",
                            params={"count": len(original)},
                        )
                    }
                )
        checked[field] = value
    return checked


@transaction.atomic
def translation_save(
    *,
    actor: Any,
    assembly: Assembly,
    key: str,
    object_id: int,
    language: str,
    values: Mapping[str, Any],
) -> Any:
    """Save one language of one text. Only translations: the original stays as written."""
    require(actor, AssemblyAction.TRANSLATE, assembly)
    model = model_by_key(key)
    if model is None:
        raise Http404
    obj = model._default_manager.filter(pk=object_id, **{model.ASSEMBLY_PATH: assembly}).first()
    if obj is None:
        raise Http404
    if language not in assembly_languages(assembly) or language == original_language(obj, assembly):
        raise ValidationError(
            _("Choose one of the assembly's other languages."),
            code="translation_language",
            params={"language": language},
        )
    checked = _checked_values(obj, values)
    if translations_apply(obj, {language: checked}):
        obj.save(update_fields=["translations"])
        translations_record(
            actor=actor, assembly=assembly, obj=obj, languages=[language], fields=list(checked)
        )
    return obj


def translations_from_organizer(
    *, actor: Any, assembly: Assembly, obj: Any, translations: Mapping[str, Mapping[str, Any]]
) -> None:
    """The side-by-side inputs of an organizer's form, applied inside the caller's service
    (which has checked its own permission) and saved with it; recorded as events."""
    languages = [
        code for code in assembly_languages(assembly) if code != original_language(obj, assembly)
    ]
    wanted = {
        code: _checked_values(obj, values)
        for code, values in translations.items()
        if code in languages
    }
    changed = translations_apply(obj, wanted)
    if changed:
        obj.save(update_fields=["translations"])
        fields = sorted({field for values in wanted.values() for field in values})
        translations_record(
            actor=actor, assembly=assembly, obj=obj, languages=changed, fields=fields
        )
