from django.utils.translation import gettext_lazy as _

from assemblea.core.events import register_verbs

IMPORTED = "opendata.imported"

register_verbs(
    {
        IMPORTED: _("This assembly was imported from %(source)s (open data, schema %(version)s)."),
    }
)
