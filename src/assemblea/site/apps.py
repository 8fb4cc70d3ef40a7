from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The top of the house: the home page and the demo loader (`load_demo`), the one place
    that may import every domain app. (Its label `site` does not clash with Django's
    `sites` framework, whose label is `sites`.)"""

    name = "assemblea.site"
    label = "site"
    verbose_name = _("Site")
