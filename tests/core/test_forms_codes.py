"""A service's refusal lands on the form with its message and its code."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from assemblea.core.forms import form_add_service_errors


class _Form(forms.Form):
    title = forms.CharField()


def test_a_refusal_about_a_field_keeps_its_code_and_what_was_typed() -> None:
    form = _Form(data={"title": "Typed"})
    assert form.is_valid()
    refusal = ValidationError(
        {"title": ValidationError("Too short: %(n)s.", code="too_short", params={"n": 3})}
    )
    form_add_service_errors(form, refusal)
    assert form.has_error("title", "too_short")
    assert form.errors["title"] == ["Too short: 3."]
    assert form.data["title"] == "Typed"


def test_a_refusal_about_nothing_in_particular_goes_on_top_with_its_code() -> None:
    form = _Form(data={"title": "Typed"})
    assert form.is_valid()
    form_add_service_errors(
        form,
        ValidationError({"elsewhere": ValidationError("No.", code="nope")}),
    )
    form_add_service_errors(form, ValidationError("Closed.", code="phase"))
    assert form.has_error(forms.forms.NON_FIELD_ERRORS, "nope")
    assert form.has_error(forms.forms.NON_FIELD_ERRORS, "phase")
    assert form.non_field_errors() == ["No.", "Closed."]
