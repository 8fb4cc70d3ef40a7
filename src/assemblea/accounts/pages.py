"""What other apps add to the accounts app's pages, without accounts importing them.

The accounts app sits below the assemblies in the layers: it cannot ask for an organization's
assemblies itself. An app above registers a function in its `ready()` that adds to the
organization page's context (the assemblies app adds the organization's assemblies).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from assemblea.accounts.models import Organization

OrganizationContext = Callable[[Any, Organization], Mapping[str, Any]]

_organization_contexts: list[OrganizationContext] = []


def organization_context_register(provider: OrganizationContext) -> None:
    if provider not in _organization_contexts:
        _organization_contexts.append(provider)


def organization_context(user: Any, organization: Organization) -> dict[str, Any]:
    """Everything the registered apps add to the organization page, for this reader."""
    context: dict[str, Any] = {}
    for provider in _organization_contexts:
        context.update(provider(user, organization))
    return context
