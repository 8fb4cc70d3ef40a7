from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "assemblea.accountability"
    label = "accountability"
    verbose_name = _("Accountability")

    def ready(self) -> None:
        from assemblea.accountability import events  # noqa: F401  (registers event verbs)
