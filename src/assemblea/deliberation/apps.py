from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "assemblea.deliberation"
    label = "deliberation"
    verbose_name = _("Sessions and deliberation")

    def ready(self) -> None:
        # The verbs are registered before any event is read, not when the URLconf loads.
        from assemblea.deliberation import events, live  # noqa: F401  (live: room topics)
