from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "assemblea.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment by civic lottery")

    def ready(self) -> None:
        from assemblea.recruitment import events, live  # noqa: F401  (event verbs, live topics)
