from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assemblea.accounts.models import Organization, OrganizationRole
from assemblea.assemblies.models import Assembly
from assemblea.assemblies.selectors import assemblies_of, assemblies_visible_to
from assemblea.network.models import ForwardStatus, TemplateKind


class LinkForm(forms.Form):
    parent = forms.ModelChoiceField(
        label=_("Parent assembly"),
        queryset=Assembly.objects.none(),
        help_text=_(
            "The regional or national assembly this one belongs to. Its organizers are asked "
            "to accept."
        ),
    )

    def __init__(self, *args: Any, user: Any, assembly: Assembly, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["parent"]
        field.queryset = assemblies_visible_to(user).exclude(pk=assembly.pk).order_by("title")


class DecideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ForwardStatus.ACCEPTED, _("Adopt into the agenda of our next session")),
            (ForwardStatus.DECLINED, _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when declining: say why."),
    )


class TemplateForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Publishing organization"), queryset=Organization.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind of template"), choices=TemplateKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What it is for, and what you learned using it."),
    )
    body = forms.CharField(
        label=_("Template"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Text or JSON. A mandate template is JSON with a “question” and optionally an "
            "“authority” and a “response_commitment”, so that others can copy it into a mandate."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = Organization.objects.filter(
            memberships__user=user, memberships__role=OrganizationRole.ADMIN
        ).order_by("name")


class CopyMandateForm(forms.Form):
    assembly = forms.ModelChoiceField(
        label=_("Assembly whose mandate to replace"), queryset=Assembly.objects.none()
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["assembly"]
        field.queryset = assemblies_of(user).order_by("title")
