from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm, UsernameField
from django.utils.translation import gettext_lazy as _

from assemblea.accounts.identity import username_normalise, users_with_username
from assemblea.accounts.models import AccessNeed, OrganizationKind, OrganizationRole, User


class SignupForm(UserCreationForm[User]):
    email = forms.EmailField(label=_("Email address"), required=True, max_length=254)
    display_name = forms.CharField(
        label=_("Name to show"),
        max_length=150,
        required=False,
        help_text=_("How others see you. Leave empty to use your username."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )
    access_needs = forms.MultipleChoiceField(
        label=_("Access needs"),
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional. Organizers see this only to arrange support for you."),
    )

    class Meta:
        model = User
        field_classes = {"username": UsernameField}
        fields = ("username", "email", "display_name", "preferred_language", "access_needs")

    def clean_username(self) -> str:
        """Stored as sign-in compares it (NFKC, lower case); one account per such name, and
        no "@", so that a username never shadows somebody's e-mail address at sign-in."""
        username = username_normalise(self.cleaned_data.get("username") or "")
        if "@" in username:
            raise forms.ValidationError(
                _("A username cannot contain “@”. You can sign in with your e-mail address too."),
                code="at_sign",
            )
        if users_with_username(username):
            raise forms.ValidationError(_("This username is taken. Choose another."), code="taken")
        return username


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Name to show"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )
    access_needs = forms.MultipleChoiceField(
        label=_("Access needs"),
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    access_notes = forms.CharField(
        label=_("Anything else that would help you take part"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of organization"), choices=OrganizationKind.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )


class OrganizationMemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=OrganizationRole.choices)
