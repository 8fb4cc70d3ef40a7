"""Texts people write, in every language of their assembly (as Decidim does it).

A translatable model keeps its own field as the original text, says in `source_language`
which language that is ("" means the assembly's first language) and holds the other
languages in `translations`: `{"es": {"question": "¿…?"}}`. A list field (a poll's options)
is translated item by item: `{"es": {"options": ["Sí", "No"]}}`.

The reader's version is `text_in(obj, field, language)`: the translation when there is one,
else the original, flagged as a fallback so the page can say "not yet translated". Pages use
the `multilingual` template tags; forms add the side-by-side inputs with
`translation_inputs_add` and take them back with `translation_inputs_take`.

A model opts in by inheriting `Translatable` and naming `TRANSLATED_FIELDS` and the path from
itself to its assembly (`ASSEMBLY_PATH`, Django lookup style). The translate page lists
every such text of an assembly (`texts_of`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

PREFIX = "tr"
# The fields every translatable model adds (the open data publishes them too).
TRANSLATION_FIELDS = ("source_language", "translations")


class Translatable(models.Model):
    source_language = models.CharField(_("language of the original"), max_length=10, blank=True)
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ()
    ASSEMBLY_PATH: ClassVar[str] = "assembly"

    class Meta:
        abstract = True


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def assembly_languages(assembly: Any) -> list[str]:
    """The assembly's languages in its order, the first being the default original."""
    codes = [code for code in (getattr(assembly, "languages", None) or []) if code]
    return codes or [settings.LANGUAGE_CODE]


def assembly_of(obj: Any) -> Any:
    for step in type(obj).ASSEMBLY_PATH.split("__"):
        obj = getattr(obj, step)
    return obj


def original_language(obj: Any, assembly: Any = None) -> str:
    if obj.source_language:
        return str(obj.source_language)
    return assembly_languages(assembly if assembly is not None else assembly_of(obj))[0]


def reader_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


@dataclass(frozen=True)
class Shown:
    """What a reader sees of one text: `text` in `lang`; the original when it differs."""

    text: Any
    lang: str
    original: Any
    original_lang: str
    is_translation: bool
    is_fallback: bool


def _translation(obj: Any, language: str, field: str) -> Any:
    value = (obj.translations or {}).get(language, {}).get(field)
    if isinstance(value, list):
        return value if any(str(item).strip() for item in value) else None
    return value if isinstance(value, str) and value.strip() else None


def text_in(obj: Any, field: str, language: str | None = None, assembly: Any = None) -> Shown:
    """The text of `field` for a reader of `language` (the active language by default)."""
    language = language or reader_language()
    original = getattr(obj, field)
    source = original_language(obj, assembly)
    if language == source or not _has_text(original):
        return Shown(original, source, original, source, False, False)
    translated = _translation(obj, language, field)
    if translated is None:
        wanted = language in assembly_languages(assembly or assembly_of(obj))
        return Shown(original, source, original, source, False, wanted)
    return Shown(translated, language, original, source, True, False)


def item_in(obj: Any, field: str, index: int, language: str | None = None) -> Shown:
    """One item of a translated list field (a poll's option), the original when missing."""
    shown = text_in(obj, field, language)
    original = list(shown.original or [])
    item = original[index] if 0 <= index < len(original) else ""
    values = list(shown.text or [])
    if shown.is_translation and index < len(values) and str(values[index]).strip():
        return Shown(values[index], shown.lang, item, shown.original_lang, True, False)
    return Shown(item, shown.original_lang, item, shown.original_lang, False, shown.is_translation)


def label_in(obj: Any, field: str, language: str | None = None) -> str:
    return str(text_in(obj, field, language).text)


def shown_html(shown: Shown) -> SafeString:
    """Inline markup of a shown text: its `lang`, and the note when it falls back."""
    note = (
        format_html(' <small class="ml-note">{}</small>', gettext("not yet translated"))
        if shown.is_fallback
        else ""
    )
    return format_html('<span lang="{}">{}</span>{}', shown.lang, shown.text, note)


def item_html(obj: Any, field: str, index: int) -> SafeString:
    """One item of a list field (a poll option, a ballot's row) as inline markup."""
    return shown_html(item_in(obj, field, index))


def label_html(obj: Any, field: str) -> SafeString:
    """A text as inline markup for a form's label or choice (Django keeps it unescaped)."""
    return shown_html(text_in(obj, field))


def _has_text(value: Any) -> bool:
    if isinstance(value, list):
        return any(str(item).strip() for item in value)
    return bool(str(value or "").strip())


def missing_languages(obj: Any, assembly: Any = None) -> dict[str, list[str]]:
    """{field: [languages without a translation]} for the texts this object has."""
    assembly = assembly if assembly is not None else assembly_of(obj)
    source = original_language(obj, assembly)
    wanted = [code for code in assembly_languages(assembly) if code != source]
    result: dict[str, list[str]] = {}
    for field in type(obj).TRANSLATED_FIELDS:
        if not _has_text(getattr(obj, field)):
            continue
        lacking = [code for code in wanted if _translation(obj, code, field) is None]
        if lacking:
            result[field] = lacking
    return result


def translations_apply(obj: Any, values: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Put {language: {field: text}} onto the object (not saved): empty text removes a
    translation. Only its translated fields are touched, never the original. Returns the
    languages that changed."""
    current: dict[str, dict[str, Any]] = {
        code: dict(fields) for code, fields in (obj.translations or {}).items()
    }
    changed: list[str] = []
    for code, fields in values.items():
        entry = current.setdefault(code, {})
        before = dict(entry)
        for field, text in fields.items():
            if field not in type(obj).TRANSLATED_FIELDS:
                continue
            if _has_text(text):
                entry[field] = (
                    [str(item).strip() for item in text]
                    if isinstance(text, list)
                    else str(text).strip()
                )
            else:
                entry.pop(field, None)
        if entry != before:
            changed.append(code)
        if not entry:
            current.pop(code)
    obj.translations = current
    return changed


def _cleaned(text: Any) -> Any:
    if isinstance(text, list):
        return [str(item).strip() for item in text]
    return str(text).strip()


def translatable_models() -> list[type[Translatable]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Translatable) and model.TRANSLATED_FIELDS
    ]


def model_key(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def model_by_key(key: str) -> type[Translatable] | None:
    for model in translatable_models():
        if model_key(model) == key:
            return model
    return None


@dataclass(frozen=True)
class Text:
    """One translatable object of an assembly and the languages it still lacks."""

    key: str
    kind: str
    obj: Any
    missing: dict[str, list[str]]


def texts_of(assembly: Any) -> list[Text]:
    """Every translatable text of the assembly, in the order of the apps and their rows."""
    found: list[Text] = []
    for model in translatable_models():
        rows = model._default_manager.filter(**{model.ASSEMBLY_PATH: assembly}).order_by("pk")
        for obj in rows:
            if not any(_has_text(getattr(obj, f)) for f in model.TRANSLATED_FIELDS):
                continue
            found.append(
                Text(
                    model_key(model),
                    str(model._meta.verbose_name),
                    obj,
                    missing_languages(obj, assembly),
                )
            )
    return found


def missing_of(assembly: Any) -> list[Text]:
    return [text for text in texts_of(assembly) if text.missing]


# Forms: the side-by-side inputs, one per other language of the assembly.


def input_name(language: str, field: str) -> str:
    return f"{PREFIX}_{language}_{field}"


def translation_inputs_add(
    form: forms.BaseForm,
    *,
    assembly: Any,
    fields: Sequence[str],
    obj: Any = None,
    source: str | None = None,
) -> list[str]:
    """Add, after each original field of `form`, one input per other language of the
    assembly, filled from `obj`'s translations. Returns the languages added."""
    source = source or (original_language(obj, assembly) if obj is not None else None)
    source = source or assembly_languages(assembly)[0]
    others = [code for code in assembly_languages(assembly) if code != source]
    if not others:
        return []
    ordered: dict[str, forms.Field] = {}
    for name, field in form.fields.items():
        ordered[name] = field
        if name not in fields:
            continue
        field.widget.attrs.setdefault("lang", source)
        for code in others:
            ordered[input_name(code, name)] = _translation_input(field, name, code, obj)
    form.fields = ordered
    return others


def _translation_input(original: forms.Field, name: str, code: str, obj: Any) -> forms.Field:
    label = _("%(label)s (%(language)s)") % {
        "label": original.label or name,
        "language": language_name(code),
    }
    is_list = obj is not None and isinstance(getattr(obj, name, None), list)
    widget = original.widget
    if is_list or isinstance(widget, forms.Textarea):
        rows = widget.attrs.get("rows", 3)
        new_widget: forms.Widget = forms.Textarea(attrs={"rows": rows, "lang": code})
    else:
        new_widget = forms.TextInput(attrs={"lang": code})
    initial = _translation(obj, code, name) if obj is not None else None
    if isinstance(initial, list):
        initial = "\n".join(str(item) for item in initial)
    field = forms.CharField(
        label=label,
        required=False,
        max_length=getattr(original, "max_length", None),
        widget=new_widget,
        initial=initial,
        help_text=_("Leave empty until it is translated: readers then see the original."),
    )
    field.translation_of = name  # type: ignore[attr-defined]
    return field


def posted_translations(data: Mapping[str, Any], prefix: str) -> dict[str, str]:
    """Hand-written forms: the inputs `<prefix>_tr_<language>` as {language: text}."""
    found: dict[str, str] = {}
    for code in site_languages():
        value = data.get(f"{prefix}_{PREFIX}_{code}")
        if value is not None:
            found[code] = str(value)
    return found


def translation_inputs_take(
    data: dict[str, Any], list_fields: Iterable[str] = ()
) -> dict[str, dict[str, Any]]:
    """Remove the translation inputs from cleaned data: {language: {field: text}}.
    Fields named in `list_fields` are split into one item per line."""
    lists = set(list_fields)
    result: dict[str, dict[str, Any]] = {}
    for name in [key for key in data if key.startswith(PREFIX + "_")]:
        value = data.pop(name)
        _prefix, code, field = name.split("_", 2)
        if field in lists:
            value = [line.strip() for line in str(value or "").splitlines() if line.strip()]
        result.setdefault(code, {})[field] = value
    return result
