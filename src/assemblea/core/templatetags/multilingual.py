"""Texts people write, shown in the reader's language (see core/multilingual.py).

    {% load multilingual %}
    {% translated mandate "question" %}             inline: <span lang="…">…</span>
    {% translated mandate "question" block=True %}  a paragraph, the original one tap away
    {% original proposal "title" %}                 the original in a <details>, after a heading
    {% translated_item poll "options" 0 %}          one item of a translated list

A text shown in a language other than the original carries its own `lang`; a missing
translation shows the original (with its `lang`) and a small "not yet translated" note.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from assemblea.core.multilingual import (
    Shown,
    Text,
    assembly_languages,
    item_in,
    language_name,
    missing_of,
    original_language,
    shown_html,
    text_in,
)

register = template.Library()


def _paragraphs(text: Any) -> SafeString:
    return mark_safe(linebreaks(str(text), autoescape=True))  # escaped by linebreaks


def _note(shown: Shown) -> SafeString:
    if not shown.is_fallback:
        return mark_safe("")
    return format_html('<p class="ml-note"><small>{}</small></p>', gettext("not yet translated"))


def _original(shown: Shown, block: bool) -> SafeString:
    if not shown.is_translation:
        return mark_safe("")
    body = (
        format_html('<div lang="{}">{}</div>', shown.original_lang, _paragraphs(shown.original))
        if block
        else format_html('<p lang="{}">{}</p>', shown.original_lang, shown.original)
    )
    return format_html(
        '<details class="ml-original"><summary>{}</summary>{}</details>',
        gettext("Original (%(language)s)") % {"language": language_name(shown.original_lang)},
        body,
    )


@register.simple_tag
def translated(obj: Any, field: str, block: bool = False) -> SafeString:
    if obj is None:
        return mark_safe("")
    shown = text_in(obj, field)
    if not block:
        return shown_html(shown)
    return format_html(
        '<div class="ml-text" lang="{}">{}</div>{}{}',
        shown.lang,
        _paragraphs(shown.text),
        _note(shown),
        _original(shown, True),
    )


@register.simple_tag
def original(obj: Any, field: str) -> SafeString:
    """The original of a text shown translated, one tap away; nothing otherwise."""
    if obj is None:
        return mark_safe("")
    return _original(text_in(obj, field), False)


@register.simple_tag
def translated_item(obj: Any, field: str, index: int) -> SafeString:
    return shown_html(item_in(obj, field, int(index)))


@register.simple_tag
def translated_option(obj: Any, field: str, option: str) -> SafeString:
    """A list item given by its original text (a poll option as counted)."""
    options = [str(item) for item in getattr(obj, field) or []]
    if option not in options:
        return format_html("{}", option)
    return shown_html(item_in(obj, field, options.index(option)))


@register.simple_tag
def text_lang(obj: Any, field: str) -> str:
    """The `lang` of what the reader sees of a text, for an attribute on its own element."""
    return text_in(obj, field).lang


@register.simple_tag
def missing_translations(assembly: Any) -> list[Text]:
    """The assembly's texts that lack one of its languages (for the organizers' pages)."""
    if len(assembly_languages(assembly)) < 2:
        return []
    return missing_of(assembly)


@register.simple_tag
def source_lang(obj: Any) -> str:
    """The language of an object's original texts (for a `lang` on text shown as written)."""
    return original_language(obj)


@register.filter
def in_reader_language(obj: Any, field: str) -> str:
    """Plain text in the reader's language, for places without markup (a page's <title>,
    an attribute)."""
    return "" if obj is None else str(text_in(obj, field).text)


@register.simple_tag
def other_languages(assembly: Any) -> list[tuple[str, str]]:
    """The assembly's languages after its first, as (code, name): one input each."""
    return [(code, language_name(code)) for code in assembly_languages(assembly)[1:]]


@register.filter
def lang_value(texts: Any, code: str) -> str:
    """`{{ row.questions|lang_value:code }}`: a text of a {language: text} mapping."""
    return str(texts.get(code, "")) if isinstance(texts, dict) else ""
