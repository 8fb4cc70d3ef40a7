from django.utils.translation import gettext_lazy as _

from assemblea.core.events import register_verbs, verb

IMPORTED = "opendata.imported"

register_verbs(
    {
        IMPORTED: verb(
            _("This assembly was imported from %(source)s (open data, schema %(version)s)."),
            keys=["exported_at", "digest"],
        ),
    }
)
