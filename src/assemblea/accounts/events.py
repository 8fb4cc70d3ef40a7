from django.utils.translation import gettext_lazy as _

from assemblea.core.events import register_verbs

ORGANIZATION_CREATED = "organization.created"
ORGANIZATION_MEMBER_ADDED = "organization.member_added"

register_verbs(
    {
        ORGANIZATION_CREATED: _("The organization %(name)s was created."),
        ORGANIZATION_MEMBER_ADDED: _("%(member)s joined the organization as %(role)s."),
    }
)


def organization_stream(organization_id: int) -> str:
    return f"organization:{organization_id}"
