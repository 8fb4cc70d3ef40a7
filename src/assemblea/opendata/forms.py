from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from assemblea.accounts.models import Organization
from assemblea.opendata.services import MAX_DOCUMENT_BYTES


class ImportForm(forms.Form):
    document = forms.FileField(
        label=_("Open-data file (JSON)"),
        help_text=_("The .json file from an assembly's “Open data” page on any Assemblea."),
    )
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Convening organization here"),
        help_text=_("The assembly is imported into one of the organizations you administer."),
    )
    slug = forms.SlugField(
        label=_("Web address name"),
        required=False,
        max_length=80,
        help_text=_("Leave empty to keep the one in the file."),
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization_field = self.fields["organization"]
        assert isinstance(organization_field, forms.ModelChoiceField)
        organization_field.queryset = organizations

    def clean_document(self) -> Any:
        document = self.cleaned_data["document"]
        if document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB, the most an import takes."),
                code="file_too_large",
                params={"limit": MAX_DOCUMENT_BYTES // (1024 * 1024)},
            )
        return document
