from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssembliesConfig(AppConfig):
    name = "assemblea.assemblies"
    label = "assemblies"
    verbose_name = _("Assemblies and seats")

    def ready(self) -> None:
        from assemblea.assemblies import events  # noqa: F401  (registers event verbs)
        from assemblea.assemblies.permissions import AssemblyMembership
        from assemblea.core.policy import membership_register

        membership_register(AssemblyMembership())

        from assemblea.accounts.pages import organization_context_register
        from assemblea.assemblies.selectors import organization_assemblies_context

        organization_context_register(organization_assemblies_context)
