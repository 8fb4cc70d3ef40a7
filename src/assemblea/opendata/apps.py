from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "assemblea.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from assemblea.opendata import events  # noqa: F401  (registers event verbs)
