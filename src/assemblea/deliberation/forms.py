from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from assemblea.accounts.models import Organization
from assemblea.deliberation.models import (
    BreakoutReport,
    CommitteeReportStatus,
    CredentialStatus,
    Evidence,
    EvidenceKind,
    EvidenceRequestStatus,
    QuorumKind,
    RequestKind,
    ResolutionStatus,
    SessionFormat,
    SpeakersOrder,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _words(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    format = forms.ChoiceField(label=_("Format"), choices=SessionFormat.choices)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    access_info = forms.CharField(
        label=_("Access information"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Step-free entrance, hearing loop, childcare, quiet room, travel costs..."),
    )
    interpretation_languages = forms.MultipleChoiceField(
        label=_("Interpretation into"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    minutes_allotted = forms.IntegerField(label=_("Time box (minutes)"), min_value=1, initial=15)


class MinutesForm(forms.Form):
    minutes_text = forms.CharField(
        label=_("Minutes of this item"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was said and agreed; they are published with the agenda."),
    )


class RoomRulesForm(forms.Form):
    quorum_kind = forms.ChoiceField(label=_("Quorum rule"), choices=QuorumKind.choices)
    quorum_fraction = forms.DecimalField(
        label=_("Share of quorum seats"),
        min_value=0,
        max_value=1,
        decimal_places=3,
        help_text=_("Used when the rule is a share, e.g. 0.667 for two thirds."),
    )
    quorum_fixed = forms.IntegerField(label=_("Fixed number of members"), min_value=0)
    speakers_order = forms.ChoiceField(
        label=_("Order of the speakers' list"),
        choices=SpeakersOrder.choices,
        widget=forms.RadioSelect,
    )
    speakers_category = forms.CharField(
        label=_("Category to balance speakers on"),
        required=False,
        max_length=60,
        help_text=_("e.g. gender; used to alternate and to move groups up."),
    )
    boost_values = forms.CharField(
        label=_("Values of that category to move up"),
        required=False,
        help_text=_("Separated by commas, e.g. woman, non-binary."),
    )
    boost_under_represented = forms.BooleanField(
        label=_("Move up groups that have spoken less than their share of the room"),
        required=False,
    )
    speaking_seconds = forms.IntegerField(label=_("Time for each speaker (seconds)"), min_value=10)
    table_categories = forms.CharField(
        label=_("Categories each table should mirror"),
        required=False,
        help_text=_("Separated by commas, e.g. gender, age, housing. Empty: every category."),
    )
    table_size_min = forms.IntegerField(label=_("Smallest table"), min_value=2)
    table_size_max = forms.IntegerField(label=_("Largest table"), min_value=2)
    adopt_before_business = forms.BooleanField(
        label=_("Adopt the rules and the agenda before any business"), required=False
    )
    jumps_need_approval = forms.BooleanField(
        label=_("Points of order and direct responses wait for the chair's approval"),
        required=False,
        help_text=_("Until the chair approves them they do not go ahead of the list."),
    )
    jumps_per_member = forms.IntegerField(
        label=_("Requests that go ahead of the list, per member and agenda item"),
        min_value=0,
        help_text=_("Points of order, direct responses and clarifying questions; 0: no limit."),
    )

    def clean_boost_values(self) -> list[str]:
        return _words(self.cleaned_data["boost_values"])

    def clean_table_categories(self) -> list[str]:
        return _words(self.cleaned_data["table_categories"])


# What each kind of request is for, in one sentence, shown next to its choice.
SPEAKER_KIND_HELP = {
    RequestKind.SPEAK: _("Speak: add your view on this item when your turn comes."),
    RequestKind.POINT_OF_ORDER: _(
        "Point of order: the rules or the agenda are not being followed; goes ahead of the "
        "ordinary speakers."
    ),
    RequestKind.DIRECT_RESPONSE: _(
        "Direct response: a short answer to the person speaking now, e.g. to correct a fact; "
        "goes ahead of the ordinary speakers."
    ),
    RequestKind.CLARIFYING_QUESTION: _(
        "Clarifying question: ask what something said means, without giving an opinion; "
        "goes ahead of the ordinary speakers."
    ),
}


class SpeakerRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What for?"),
        choices=[(kind, SPEAKER_KIND_HELP[kind]) for kind in RequestKind],
        initial=RequestKind.SPEAK,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, rules: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if rules is None:
            return
        notes: list[Any] = []
        if rules.jumps_need_approval:
            notes.append(_("The chair approves each request that goes ahead of the list."))
        if rules.jumps_per_member:
            notes.append(
                _("At most %(limit)s such requests per member on each item.")
                % {"limit": rules.jumps_per_member}
            )
        self.fields["kind"].help_text = " ".join(str(note) for note in notes)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    provided_by = forms.CharField(label=_("Provided by"), max_length=200)
    perspective = forms.CharField(
        label=_("Perspective it represents"),
        max_length=200,
        help_text=_("e.g. landlords' association, tenants' union, independent academic"),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")


class EvidenceRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("I would like"), choices=EvidenceKind.choices)
    text = forms.CharField(
        label=_("What would you like to read or hear, and why?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EvidenceAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (EvidenceRequestStatus.ANSWERED, EvidenceRequestStatus.ANSWERED.label),
            (EvidenceRequestStatus.DECLINED, EvidenceRequestStatus.DECLINED.label),
        ],
    )
    answer = forms.CharField(label=_("Public answer"), widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.ModelChoiceField(
        label=_("Evidence added in answer"), queryset=Evidence.objects.none(), required=False
    )

    def __init__(self, *args: Any, evidence: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if evidence is not None:
            self.fields["evidence"].queryset = evidence  # type: ignore[attr-defined]


class BreakoutReportForm(forms.Form):
    group = forms.CharField(label=_("Breakout group"), max_length=120)
    text = forms.CharField(
        label=_("What the group reports"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ResolutionForm(forms.Form):
    text = forms.CharField(
        label=_("Resolution for action"), widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ModelChoiceField(
        label=_("Owning organization"), queryset=Organization.objects.none()
    )
    due_on = forms.DateField(label=_("Due date"), widget=DATE_WIDGET)
    report = forms.ModelChoiceField(
        label=_("From the report-back of"), queryset=BreakoutReport.objects.none(), required=False
    )

    def __init__(self, *args: Any, organizations: Any, reports: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["report"].queryset = reports  # type: ignore[attr-defined]


class ResolutionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ResolutionStatus.choices)


class CommitteeReportForm(forms.Form):
    committee = forms.CharField(label=_("Committee"), max_length=120)
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 3}))


class CommitteeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitteeReportStatus.choices)


class CredentialForm(forms.Form):
    status = forms.ChoiceField(label=_("Credential"), choices=CredentialStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
