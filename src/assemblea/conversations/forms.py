from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from assemblea.conversations.models import STATEMENT_MAX_LENGTH, Audience

LANGUAGES = [(code, name) for code, name in settings.LANGUAGES]


class ConversationForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    audience = forms.ChoiceField(
        label=_("Who may take part"), choices=Audience.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(label=_("Language of the conversation"), choices=LANGUAGES)
    rules = forms.CharField(
        label=_("Moderation rules"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to participants, beside the house rules."),
    )


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        max_length=STATEMENT_MAX_LENGTH * 2,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": STATEMENT_MAX_LENGTH}),
        help_text=_("One idea, in a sentence others can agree or disagree with."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the translation"), choices=LANGUAGES)
    text = forms.CharField(
        label=_("Translation"),
        max_length=STATEMENT_MAX_LENGTH * 2,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImportForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    language = forms.ChoiceField(label=_("Language of the statements"), choices=LANGUAGES)
    source_name = forms.CharField(
        label=_("Name of the Polis conversation"),
        max_length=200,
        help_text=_("Credited on the conversation's page (Polis data is CC BY 4.0)."),
    )
    comments = forms.FileField(label="comments.csv")
    votes = forms.FileField(label="votes.csv", required=False)
    participants_votes = forms.FileField(label="participants-votes.csv", required=False)
