from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "assemblea.decisions"
    label = "decisions"
    verbose_name = _("Proposals and decisions")

    def ready(self) -> None:
        from assemblea.decisions import events, live  # noqa: F401  (event verbs, live topics)
        from assemblea.decisions.selectors import room_panels
        from assemblea.deliberation.selectors import room_panels_register

        room_panels_register(room_panels)

        from assemblea.core.chain import register_check
        from assemblea.decisions.verify import polls_verify

        register_check("decisions.polls", polls_verify)
