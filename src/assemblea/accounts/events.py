"""The accounts app's verbs: organizations and people's own streams (not an assembly's)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assemblea.core.events import register_verbs, verb

ORGANIZATION_CREATED = "organization.created"
ORGANIZATION_MEMBER_ADDED = "organization.member_added"
USER_EMAIL_VERIFIED = "user.email_verified"


def _member_added(data: Mapping[str, Any]) -> str:
    from assemblea.accounts.models import OrganizationRole

    role = data["role"]
    label = OrganizationRole(role).label if role in OrganizationRole.values else role
    return gettext("%(member)s joined the organization as %(role)s.") % {
        "member": data["member"],
        "role": label,
    }


register_verbs(
    {
        ORGANIZATION_CREATED: verb(_("The organization %(name)s was created.")),
        ORGANIZATION_MEMBER_ADDED: verb(_member_added, keys=["member", "role"]),
        USER_EMAIL_VERIFIED: verb(_("The account's e-mail address was confirmed.")),
    }
)


def organization_stream(organization_id: int) -> str:
    return f"organization:{organization_id}"


def user_stream(user_id: int) -> str:
    return f"user:{user_id}"
