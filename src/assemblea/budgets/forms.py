"""Forms of the participatory budgets. The ballot itself is read by `ballots.ballot_read`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assemblea.budgets.models import Budget, Completion, CountingRule, Satisfaction
from assemblea.budgets.services.setup import RULE_FIELDS

# A .pb file larger than this is refused at the upload (the largest city files are ~10 MB).
PB_MAX_BYTES = 20 * 1024 * 1024


class BudgetForm(forms.ModelForm):  # type: ignore[type-arg]
    groups = forms.CharField(
        label=_("Districts or themes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line. Projects are proposed in one of them."),
    )

    class Meta:
        model = Budget
        fields = list(RULE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "ballot_type": forms.RadioSelect,
            "rule": forms.RadioSelect,
            "satisfaction": forms.RadioSelect,
            "completion": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["groups"] = "\n".join(self.instance.groups)

    def clean_groups(self) -> list[str]:
        lines = str(self.cleaned_data.get("groups") or "").splitlines()
        return list(dict.fromkeys(line.strip() for line in lines if line.strip()))

    def _post_clean(self) -> None:  # the service checks the rules together, not the model
        pass


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What would be done, and where"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    proposed_cost = forms.IntegerField(label=_("What it would cost, roughly"), min_value=1)
    group = forms.ChoiceField(label=_("District or theme"), required=False)

    def __init__(self, *args: Any, budget: Budget, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if budget.groups:
            self.fields["group"].choices = [(g, g) for g in budget.groups]  # type: ignore[attr-defined]
            self.fields["group"].required = True
        else:
            del self.fields["group"]


class ReviewForm(forms.Form):
    feasible = forms.TypedChoiceField(
        label=_("Technical review"),
        choices=[("yes", _("Feasible: it goes on the ballot")), ("no", _("Not feasible"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    cost = forms.IntegerField(
        label=_("Estimated cost"), required=False, min_value=1, help_text=_("If feasible.")
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        help_text=_("Required when it is not feasible; shown on the project's page."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("The .pb file"))
    title = forms.CharField(label=_("Title of the budget"), max_length=200)
    rule = forms.ChoiceField(
        label=_("Counting rule"), choices=CountingRule.choices, initial=CountingRule.MES
    )
    threshold = forms.IntegerField(label=_("Minimum votes (greedy with a minimum)"), required=False)
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=Satisfaction.choices, initial=Satisfaction.COST
    )
    completion = forms.ChoiceField(
        label=_("Completion"), choices=Completion.choices, initial=Completion.ADD_ONE
    )
    accept_problems = forms.BooleanField(
        label=_("Import the rest, leaving out the lines with problems"), required=False
    )
    digest = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > PB_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."), code="file_too_large")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text: save it as UTF-8 and try again."),
                code="not_utf8",
            ) from None
