from django.utils.translation import gettext_lazy as _

from assemblea.core.events import register_verbs

ORGANIZATION_CREATED = "organization.created"
ORGANIZATION_MEMBER_ADDED = "organization.member_added"
USER_EMAIL_VERIFIED = "user.email_verified"

register_verbs(
    {
        ORGANIZATION_CREATED: _("The organization %(name)s was created."),
        ORGANIZATION_MEMBER_ADDED: _("%(member)s joined the organization as %(role)s."),
        USER_EMAIL_VERIFIED: _("The account's e-mail address was confirmed."),
    }
)


def organization_stream(organization_id: int) -> str:
    return f"organization:{organization_id}"


def user_stream(user_id: int) -> str:
    return f"user:{user_id}"
