from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "assemblea.network"
    label = "network"
    verbose_name = _("Networks of assemblies")

    def ready(self) -> None:
        from assemblea.network import events  # noqa: F401  (registers event verbs)
