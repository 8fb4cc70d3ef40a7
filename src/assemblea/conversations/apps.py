from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "assemblea.conversations"
    label = "conversations"
    verbose_name = _("Opinion maps")

    def ready(self) -> None:
        from assemblea.conversations import events  # noqa: F401  (registers event verbs)
