from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assemblea.accountability.models import CommitmentStatus, Verdict

DATE = forms.DateInput(attrs={"type": "date"})


class RecommendationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Adopted text"), widget=forms.Textarea(attrs={"rows": 6}))
    topic = forms.CharField(
        label=_("Topic"), max_length=80, required=False, help_text=_("For the tracker's filter.")
    )
    addressed_to = forms.CharField(
        label=_("Addressed to"),
        max_length=200,
        help_text=_("The body that must answer, e.g. “City Council”."),
    )
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE)
    answer_due_on = forms.DateField(
        label=_("Answer due on"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty to use the mandate's response deadline."),
    )
    support = forms.CharField(
        label=_("Support"),
        required=False,
        max_length=2000,
        help_text=_("The vote and its rule, e.g. “38 for, 4 against, 2 abstentions; 80 % rule”."),
    )
    support_share = forms.DecimalField(
        label=_("Share in favour (%)"), required=False, min_value=0, max_value=100
    )
    minority_report = forms.CharField(
        label=_("Minority report"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ResponseForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Answer"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for anything short of acceptance."),
    )
    actions = forms.CharField(
        label=_("What will be done"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible = forms.CharField(label=_("By whom"), required=False, max_length=200)
    due_on = forms.DateField(label=_("By when"), required=False, widget=DATE)


class CommitmentForm(forms.Form):
    title = forms.CharField(label=_("Commitment"), max_length=300)
    office = forms.CharField(label=_("Responsible office"), max_length=200)
    budget = forms.DecimalField(label=_("Budget"), required=False, min_value=0, decimal_places=2)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)
    milestones = forms.CharField(
        label=_("Milestones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: a date (YYYY-MM-DD), then the milestone."),
    )

    def clean_milestones(self) -> list[tuple[str, datetime.date]]:
        milestones = []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            if not line.strip():
                continue
            date_text, _space, title = line.strip().partition(" ")
            try:
                due = datetime.date.fromisoformat(date_text)
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(line)s: start with a date such as 2027-03-31."),
                    code="line_start_date_such",
                    params={"line": number},
                ) from None
            if not title.strip():
                raise forms.ValidationError(
                    _("Line %(line)s: name the milestone after the date."),
                    code="line_name_milestone_after",
                    params={"line": number},
                )
            milestones.append((title.strip(), due))
        return milestones


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"))
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    note = forms.CharField(
        label=_("What happened"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when progress goes back."),
    )
    evidence_url = forms.URLField(
        label=_("Evidence (link to a document or photo)"), required=False, assume_scheme="https"
    )
    reported_on = forms.DateField(label=_("Date"), widget=DATE)


class EscalationForm(forms.Form):
    escalated_to = forms.CharField(
        label=_("Escalated to"),
        max_length=200,
        help_text=_("A council, a legislature's committee, the press, the organizing campaign."),
    )
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.CharField(label=_("Who carries it"), max_length=200)


class ReviewForm(forms.Form):
    body = forms.CharField(
        label=_("Who reviewed"),
        max_length=200,
        help_text=_("E.g. the follow-up session of members, or the oversight committee."),
    )
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 5}))
    recommendations = forms.MultipleChoiceField(
        label=_("Items reviewed"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recommendations"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = choices


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment or question"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_question = forms.BooleanField(
        label=_("This is a question for the respondents"), required=False
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"))


class PlanForm(forms.Form):
    first_report_months = forms.IntegerField(
        label=_("First progress report after (months)"), min_value=1
    )
    then_every_months = forms.IntegerField(label=_("Then every (months)"), min_value=1)
    remind_days_before = forms.IntegerField(
        label=_("Remind respondents this many days before the deadline"), min_value=0
    )
