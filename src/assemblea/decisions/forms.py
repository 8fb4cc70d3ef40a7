from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assemblea.decisions.methods import method_choices, method_of
from assemblea.decisions.models import (
    Poll,
    ProposalKind,
    Secrecy,
    Threshold,
    ThresholdBase,
)

TEXT_HELP = gettext_lazy("Separate paragraphs with a blank line: amendments change one paragraph.")


class ProposalForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=ProposalKind.choices, initial=ProposalKind.PROPOSAL
    )
    text = forms.CharField(
        label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 8}), help_text=TEXT_HELP
    )
    coauthors = forms.CharField(
        label=gettext_lazy("Co-authors"),
        required=False,
        help_text=gettext_lazy("Their usernames, separated by commas."),
    )


class ReviseForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 10}), help_text=TEXT_HELP
    )
    note = forms.CharField(label=gettext_lazy("What changed"), max_length=300, required=False)


class AmendmentForm(forms.Form):
    paragraph = forms.IntegerField(label=gettext_lazy("Paragraph number"), min_value=1)
    new_text = forms.CharField(
        label=gettext_lazy("New wording"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=gettext_lazy("Leave empty to propose deleting the paragraph."),
    )
    rationale = forms.CharField(
        label=gettext_lazy("Why"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SplitForm(forms.Form):
    """Up to three parts; a part needs a title and a text, empty parts are left out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in (1, 2, 3):
            self.fields[f"title_{number}"] = forms.CharField(
                label=_("Title of part %(number)s") % {"number": number},
                max_length=200,
                required=number < 3,
            )
            self.fields[f"text_{number}"] = forms.CharField(
                label=_("Text of part %(number)s") % {"number": number},
                widget=forms.Textarea(attrs={"rows": 5}),
                required=number < 3,
            )

    def parts(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (data[f"title_{n}"], data[f"text_{n}"])
            for n in (1, 2, 3)
            if data.get(f"title_{n}") and data.get(f"text_{n}")
        ]


class MergeForm(forms.Form):
    others = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Merge with"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label=gettext_lazy("Title of the merged proposal"), max_length=200)
    text = forms.CharField(
        label=gettext_lazy("Text of the merged proposal"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=TEXT_HELP,
    )

    def __init__(self, *args: Any, others: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["others"].choices = others  # type: ignore[attr-defined]


class CoauthorForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username of the co-author"), max_length=150)


class MinorityReportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Minority report"), widget=forms.Textarea(attrs={"rows": 6})
    )


class ProxyForm(forms.Form):
    holder = forms.CharField(
        label=gettext_lazy("Username of the member who will vote for you"), max_length=150
    )


class PollForm(forms.Form):
    agenda_item = forms.TypedChoiceField(label=gettext_lazy("Agenda item"), coerce=int)
    subject = forms.ChoiceField(label=gettext_lazy("What is decided"), required=False)
    title = forms.CharField(label=gettext_lazy("Question"), max_length=300)
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=method_choices)
    threshold = forms.ChoiceField(
        label=gettext_lazy("Threshold"), choices=Threshold.choices, initial=Threshold.SIMPLE
    )
    threshold_base = forms.ChoiceField(
        label=gettext_lazy("Counted against"), choices=ThresholdBase.choices
    )
    requires_quorum = forms.BooleanField(
        label=gettext_lazy("Decides only with the quorum present"), required=False, initial=True
    )
    secrecy = forms.ChoiceField(
        label=gettext_lazy("Secrecy"),
        choices=Secrecy.choices,
        widget=forms.RadioSelect,
        initial=Secrecy.SECRET,
    )
    options = forms.CharField(
        label=gettext_lazy("Candidates or options"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=gettext_lazy("One a line; for elections, approval, score and ranked votes."),
    )
    seats = forms.IntegerField(label=gettext_lazy("Seats to fill"), min_value=1, initial=1)
    max_score = forms.IntegerField(label=gettext_lazy("Highest score"), min_value=1, initial=5)
    proxy_limit = forms.IntegerField(
        label=gettext_lazy("Proxies one person may carry"),
        min_value=0,
        initial=0,
        help_text=gettext_lazy("0: no proxy voting in this poll."),
    )

    def __init__(
        self,
        *args: Any,
        items: list[tuple[int, str]],
        subjects: list[tuple[str, str]],
        categories: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = items  # type: ignore[attr-defined]
        self.fields["subject"].choices = [("", _("Nothing: a question or an election")), *subjects]  # type: ignore[attr-defined]
        for pk, name in categories:
            self.fields[f"weight_{pk}"] = forms.DecimalField(
                label=_("Vote weight: %(category)s") % {"category": name},
                min_value=0,
                max_digits=8,
                decimal_places=4,
                initial=1,
            )

    def weights(self) -> dict[str, str]:
        return {
            name.removeprefix("weight_"): str(value.normalize())
            for name, value in self.cleaned_data.items()
            if name.startswith("weight_")
        }


def choice_from_post(poll: Poll, data: QueryDict) -> Any:
    """Read a ballot from the submitted form, as the poll's method reads it; the service
    checks it against the poll."""
    return method_of(poll).parse(poll, data)
