from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from assemblea.assemblies.models import SeatCategory
from assemblea.core.multilingual import label_html
from assemblea.recruitment.models import NoticeKind, Recruitment
from assemblea.recruitment.notices import PLACEHOLDERS

ALGORITHM_CHOICES = [
    ("leximin", _("LEXIMIN: the smallest chance of selection as large as possible (recommended)")),
    ("maximin", _("MAXIMIN: only the smallest chance of selection")),
    ("nash", _("NASH: balance all chances (product of probabilities)")),
    ("goldilocks", _("Goldilocks: bound the highest chance as well as the lowest")),
    ("legacy", _("Legacy greedy draw (for comparison only)")),
]

SUPPORT_CHOICES = [
    ("childcare", _("Childcare")),
    ("travel", _("Help with travel")),
    ("interpretation", _("Interpretation")),
    ("sign_language", _("Sign language")),
    ("step_free", _("Step-free access")),
    ("dietary", _("Dietary needs")),
    ("hearing_loop", _("A hearing loop")),
    ("large_print", _("Large print")),
]

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RecruitmentStartForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Lottery seats to fill"), queryset=SeatCategory.objects.none(), empty_label=None
    )
    seats = forms.IntegerField(
        label=_("Number of seats"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to fill every vacant seat of the category."),
    )
    registration_deadline = forms.DateTimeField(
        label=_("Registration deadline"), required=False, widget=DATETIME_WIDGET
    )
    algorithm = forms.ChoiceField(label=_("Selection method"), choices=ALGORITHM_CHOICES)
    retention_days = forms.IntegerField(
        label=_("Keep personal data for (days after seating)"),
        min_value=0,
        max_value=3650,
        initial=365,
    )
    privacy_notice = forms.CharField(
        label=_("Privacy notice shown on the registration form"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]


class SharesForm(forms.Form):
    """Population shares, typed in or from a census file, and the equity options."""

    shares = forms.CharField(
        label=_("Population shares"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One line per value: category, value, share (a fraction or a percentage), "
            "for example “age, 16-29, 22%”."
        ),
    )
    census = forms.FileField(
        label=_("Or a census file (CSV with the columns category,value,share)"), required=False
    )
    floor = forms.IntegerField(
        label=_("Floor for small groups (seats)"),
        min_value=0,
        max_value=10,
        initial=2,
        help_text=_(
            "Every group present in the population gets at least this many seats, so "
            "one dropout does not erase it."
        ),
    )
    oversample = forms.CharField(
        label=_("Groups to oversample"),
        required=False,
        help_text=_(
            "Values separated by commas, e.g. “renter, 16-29”: their target is raised by half."
        ),
    )
    caps = forms.CharField(
        label=_("Caps for over-represented groups"),
        required=False,
        help_text=_("value=maximum seats, separated by commas, e.g. “degree=12”."),
    )


class AddressImportForm(forms.Form):
    addresses = forms.FileField(label=_("Address list (CSV)"))
    address_columns = forms.CharField(
        label=_("Column(s) with the address"),
        initial="address",
        max_length=300,
        help_text=_(
            "The heading in your file. For an address over several columns, name them in "
            "order with commas, e.g. “street, number, postcode”."
        ),
    )
    area_column = forms.CharField(
        label=_("Column with the area"),
        initial="area",
        required=False,
        max_length=100,
        help_text=_("Optional: for invitations weighted by area."),
    )
    language_column = forms.CharField(
        label=_("Column with the household's language"),
        initial="language",
        required=False,
        max_length=100,
        help_text=_("Optional: letters go out in this language (en, es)."),
    )
    import_the_rest = forms.BooleanField(
        label=_("Import the readable rows and skip the others"), required=False
    )


class InvitationDrawForm(forms.Form):
    size = forms.IntegerField(label=_("Number of invitations"), min_value=1)
    seed = forms.CharField(
        label=_("Seed"),
        max_length=200,
        help_text=_("For example numbers drawn in public; anyone can repeat the draw with it."),
    )
    area_weights = forms.CharField(
        label=_("Area weights"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One line per area: area=weight. An area with weight 2 gets twice as many "
            "letters per address, e.g. where fewer people usually answer."
        ),
    )


class RegistrationForm(forms.Form):
    """The public registration form, built from the lottery's targets."""

    code = forms.CharField(
        label=_("Code from your letter"),
        max_length=12,
        required=False,
        help_text=_("Leave empty if you have no letter."),
    )
    name = forms.CharField(label=_("Your full name"), max_length=150)
    email = forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    address = forms.CharField(
        label=_("Address"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    language = forms.ChoiceField(
        label=_("Language we should use with you"), choices=settings.LANGUAGES
    )
    availability = forms.CharField(
        label=_("When are you available?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    support_needs = forms.MultipleChoiceField(
        label=_("Support you would need to take part"),
        choices=SUPPORT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The assembly pays for these. It does not change your chance of selection."),
    )
    interpretation_language = forms.CharField(
        label=_("Interpretation language, if any"), max_length=60, required=False
    )
    support_notes = forms.CharField(
        label=_("Anything else we should know"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consents_to_be_named = forms.BooleanField(
        label=_("If I am selected, my name may be published on the assembly's page"),
        required=False,
    )
    consents_to_privacy_notice = forms.BooleanField(
        label=_("I have read the privacy notice and agree to it"), required=False
    )
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, recruitment: Recruitment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not recruitment.walk_in_open:
            self.fields["code"].help_text = _(
                "Registration is by invitation: give the code printed on your letter."
            )
            self.fields["code"].widget.attrs["aria-required"] = "true"
        answers: dict[str, forms.Field] = {}
        for category in recruitment.target_categories.prefetch_related("values"):
            if category.derived_from == "birth_year":
                answers["birth_year"] = forms.IntegerField(
                    label=_("Your year of birth"),
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
                continue
            answers[f"answer_{category.name}"] = forms.ChoiceField(
                label=label_html(category, "question"),
                choices=[
                    (value.value, label_html(value, "value")) for value in category.values.all()
                ],
                widget=forms.RadioSelect,
                required=False,
            )
        extra: dict[str, forms.Field] = {
            f"extra_{question['key']}": forms.CharField(
                label=question["question"],
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            for question in recruitment.extra_questions
        }
        fields = list(self.fields.items())
        self.fields = {**dict(fields[:1]), **answers, **dict(fields[1:-3]), **extra}
        self.fields.update(dict(fields[-3:]))
        for question in recruitment.extra_questions:
            if question["required"]:
                self.fields[f"extra_{question['key']}"].widget.attrs["aria-required"] = "true"

    def answers(self) -> dict[str, str]:
        return {
            key.removeprefix("answer_"): value
            for key, value in self.cleaned_data.items()
            if key.startswith("answer_") and value
        }

    def contact(self) -> dict[str, Any]:
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if not key.startswith(("answer_", "extra_")) and key != "website"
        } | {
            "extra_answers": {
                key.removeprefix("extra_"): value
                for key, value in self.cleaned_data.items()
                if key.startswith("extra_")
            }
        }


class RegistrationSettingsForm(forms.Form):
    questions = forms.CharField(
        label=_("Your own questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line; end a line with * if it must be answered. The answers are kept "
            "with the contact details, never used by the lottery."
        ),
    )
    birth_year_category = forms.ChoiceField(
        label=_("Ask the year of birth for"),
        required=False,
        help_text=_(
            "The form then asks the year of birth and derives the age bracket (values such as "
            "“16-29” or “65+”)."
        ),
    )

    def __init__(self, *args: Any, recruitment: Recruitment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["birth_year_category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("no category: ask the bracket"))] + [
            (c.name, c.name) for c in recruitment.target_categories.all()
        ]


class RegistrationPageForm(forms.Form):
    slug = forms.SlugField(
        label=_("Web address name"),
        max_length=40,
        help_text=_("Letters, digits and hyphens, e.g. “youth” or “tenants-union”."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SeedForm(forms.Form):
    seed = forms.CharField(
        label=_("Seed announced in public"),
        max_length=200,
        help_text=_("For example the numbers drawn at the public event, as read out."),
    )


class SeatForm(forms.Form):
    stipend_per_day = forms.DecimalField(
        label=_("Stipend per day"), min_value=0, max_digits=8, decimal_places=2, initial=0
    )


class SupportForm(forms.Form):
    stipend_per_day = forms.DecimalField(
        label=_("Stipend per day"), min_value=0, max_digits=8, decimal_places=2
    )
    days = forms.IntegerField(
        label=_("Days (a correction)"),
        min_value=0,
        max_value=1000,
        required=False,
        help_text=_(
            "Leave empty to pay the days the member was checked in to a session. Type a "
            "number only to correct that count, and say why below."
        ),
    )
    days_reason = forms.CharField(
        label=_("Why the days were corrected"), required=False, max_length=300
    )
    paid = forms.BooleanField(label=_("Paid"), required=False)
    support_booked = forms.CharField(
        label=_("Support booked"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoticeTemplateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Message"), choices=NoticeKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    subject = forms.CharField(label=_("Subject"), required=False, max_length=200)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Placeholders: %(names)s. Empty both fields to use the built-in text.")
        % {"names": ", ".join("{" + name + "}" for name in PLACEHOLDERS)},
    )
