from django.utils.translation import gettext_lazy as _

from assemblea.core.events import register_verbs, verb

LINK_REQUESTED = "network.link_requested"
LINK_ACCEPTED = "network.link_accepted"
FORWARDED = "network.forwarded"
RECEIVED = "network.received"
ADOPTED = "network.adopted"
DECLINED = "network.declined"
TEMPLATE_PUBLISHED = "network.template_published"
MANDATE_COPIED = "network.mandate_copied"

register_verbs(
    {
        LINK_REQUESTED: verb(
            _("This assembly asked to join %(parent)s as one of its local assemblies.")
        ),
        LINK_ACCEPTED: verb(_("%(child)s joined this assembly as one of its local assemblies.")),
        FORWARDED: verb(_("“%(title)s” was forwarded to %(parent)s.")),
        RECEIVED: verb(_("“%(title)s” was forwarded here by %(child)s.")),
        ADOPTED: verb(
            _("The forwarded item “%(title)s” was adopted into the agenda."), optional=["note"]
        ),
        DECLINED: verb(_("The forwarded item “%(title)s” was declined: %(note)s")),
        TEMPLATE_PUBLISHED: verb(
            _("The template “%(title)s” was published in the shared library.")
        ),
        MANDATE_COPIED: verb(
            _("The mandate was copied from the template “%(title)s” (%(organization)s).")
        ),
    }
)
