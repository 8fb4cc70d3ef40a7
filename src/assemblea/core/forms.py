from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def form_add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal next to the field it is about, keeping what was typed and
    the refusal's code (`form.has_error(field, code)` works on it)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, ValidationError(errors))
    else:
        form.add_error(None, ValidationError(error.error_list))


def form_submit(
    request: HttpRequest,
    form: forms.BaseForm,
    service: Callable[[dict[str, Any]], object],
    success: str,
) -> bool:
    """The usual form view step: on a valid POST call the service with the cleaned data and
    say `success`; a refusal goes onto the form. True when the caller should redirect."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        service(form.cleaned_data)
    except ValidationError as error:
        form_add_service_errors(form, error)
        return False
    messages.success(request, success)
    return True


def action_run(
    request: HttpRequest, service: Callable[..., object], success: str, **arguments: Any
) -> bool:
    """The usual button step: call the service as the user; a refusal becomes an error
    message, success (when given) a success message. True when it succeeded."""
    try:
        service(actor=request.user, **arguments)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    if success:
        messages.success(request, success)
    return True
