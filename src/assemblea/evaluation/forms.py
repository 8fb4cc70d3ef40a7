from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assemblea.evaluation.models import Section
from assemblea.evaluation.questions import FREE_TEXT, QUESTIONS, SCALE


class SurveyForm(forms.Form):
    """One radio group per statement, 1 to 5, and the free-text question."""

    def __init__(self, *args: Any, audience: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(value), f"{value} · {label}") for value, label in SCALE]
        for question in QUESTIONS[audience]:
            self.fields[question.key] = forms.TypedChoiceField(
                label=str(question.text), choices=choices, coerce=int, widget=forms.RadioSelect
            )
        self.fields["comment"] = forms.CharField(
            label=str(FREE_TEXT[audience]),
            required=False,
            max_length=3000,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("Optional. Do not write your name or anything that identifies you."),
        )


class EvaluatorForm(forms.Form):
    username = forms.CharField(
        label=_("Username of the evaluator"),
        max_length=150,
        help_text=_("They need an account first."),
    )


class AnnotationForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=Section.choices)
    text = forms.CharField(
        label=_("Annotation"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    written_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
