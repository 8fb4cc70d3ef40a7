"""What the recruitment adds to other apps' pages, through their templates (the assemblies
app cannot import the recruitment: it sits below it in the layers)."""

from __future__ import annotations

from typing import Any

from django import template

from assemblea.recruitment.guide import public_registration_link

register = template.Library()


@register.simple_tag
def registration_link(assembly: Any) -> str:
    """The public registration form's address while registration is open, else ""."""
    return public_registration_link(assembly) or ""
