from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from assemblea.accounts.models import Organization
from assemblea.assemblies.fit import QUESTIONS
from assemblea.assemblies.kinds import KIND_CHOICES
from assemblea.assemblies.models import (
    AssemblyRoleName,
    AuthorityLevel,
    SeatCategory,
    SeatType,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FitForm(forms.Form):
    """The “which model fits?” questionnaire; built from the questions table."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                help_text=question.help,
                choices=question.answers,
                widget=forms.RadioSelect,
                required=False,
            )

    def answers(self) -> dict[str, str]:
        return {key: value for key, value in self.cleaned_data.items() if value}


class MandateFields(forms.Form):
    question = forms.CharField(
        label=_("Question or remit"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The question the assembly answers, in plain language."),
    )
    commissioning_body = forms.CharField(
        label=_("Commissioning body"),
        max_length=200,
        required=False,
        help_text=_("Who asked for the assembly and receives its conclusions."),
    )
    authority = forms.ChoiceField(label=_("Authority level"), choices=AuthorityLevel.choices)
    commits_to_respond = forms.BooleanField(
        label=_("The commissioning body publicly commits to respond"), required=False
    )
    response_commitment = forms.CharField(
        label=_("What it has committed to"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    response_deadline = forms.DateField(
        label=_("Response deadline"), required=False, widget=DATE_WIDGET
    )


class AssemblyCreateForm(MandateFields):
    organization = forms.ModelChoiceField(
        label=_("Convening organization"), queryset=Organization.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of assembly"), choices=KIND_CHOICES)
    summary = forms.CharField(
        label=_("Short public description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        initial=["en"],
    )
    planned_size = forms.IntegerField(
        label=_("Total seats"),
        min_value=1,
        max_value=100000,
        required=False,
        help_text=_("Leave empty to start from the usual size for this kind."),
    )
    use_usual_composition = forms.BooleanField(
        label=_("Start from the usual composition for this kind (you can change it later)"),
        required=False,
        initial=True,
    )

    field_order = [
        "organization",
        "title",
        "kind",
        "summary",
        "languages",
        "planned_size",
        "use_usual_composition",
        "question",
        "commissioning_body",
        "authority",
        "commits_to_respond",
        "response_commitment",
        "response_deadline",
    ]

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class AssemblySettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Short public description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    planned_size = forms.IntegerField(
        label=_("Total seats"), min_value=1, max_value=100000, required=False
    )
    is_standing = forms.BooleanField(label=_("Standing body"), required=False)
    term_months = forms.IntegerField(
        label=_("Term of a member, in months"), min_value=1, max_value=240, required=False
    )
    rotation_months = forms.IntegerField(
        label=_("A cohort rotates every (months)"), min_value=1, max_value=240, required=False
    )
    cohorts = forms.IntegerField(label=_("Number of cohorts"), min_value=1, max_value=12)


class SeatCategoryForm(forms.Form):
    seat_type = forms.ChoiceField(label=_("Type of seat"), choices=SeatType.choices)
    name = forms.CharField(label=_("Name"), max_length=120)
    seats = forms.IntegerField(label=_("Number of seats"), min_value=1, max_value=100000)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    may_vote = forms.BooleanField(label=_("May vote"), required=False, initial=True)
    may_speak = forms.BooleanField(label=_("May speak"), required=False, initial=True)
    may_propose = forms.BooleanField(label=_("May propose"), required=False, initial=True)
    counts_for_quorum = forms.BooleanField(
        label=_("Counted for quorum"), required=False, initial=True
    )


class AllocationForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Member organization"), queryset=Organization.objects.all()
    )
    seats = forms.IntegerField(label=_("Delegate seats"), min_value=0, max_value=100000)
    alternates = forms.IntegerField(
        label=_("Alternates allowed"), min_value=0, max_value=100000, initial=0
    )


class SeatFillForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Seat category"), queryset=SeatCategory.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Name"), max_length=150)
    username = forms.CharField(
        label=_("Their username, if they have an account"), max_length=150, required=False
    )
    organization = forms.ModelChoiceField(
        label=_("Organization they represent (delegates)"),
        queryset=Organization.objects.all(),
        required=False,
    )
    is_alternate = forms.BooleanField(label=_("Alternate"), required=False)
    consents_to_be_named = forms.BooleanField(
        label=_("They agree to be named in public"), required=False
    )
    cohort = forms.IntegerField(label=_("Cohort"), min_value=1, max_value=12, initial=1)

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]


class SeatEndForm(forms.Form):
    reason = forms.CharField(label=_("Why the seat ends"), max_length=200)


class RotateForm(forms.Form):
    cohort = forms.IntegerField(label=_("Cohort to rotate out"), min_value=1, max_value=12)


class RoleForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=AssemblyRoleName.choices)


class PhaseForm(forms.Form):
    to_phase = forms.CharField(widget=forms.HiddenInput)


class InvitationIssueForm(forms.Form):
    email = forms.EmailField(
        label=_("Their e-mail address (optional)"),
        required=False,
        help_text=_(
            "We e-mail the link when you give an address. Without one, print the page that "
            "follows and hand it over: it shows the link and their username."
        ),
    )


class InvitationAcceptForm(forms.Form):
    password = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits, not a common password."),
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
