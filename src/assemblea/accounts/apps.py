from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "assemblea.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organizations")

    def ready(self) -> None:
        from django.contrib import admin

        from assemblea.accounts import events  # noqa: F401  (registers event verbs)
        from assemblea.accounts.lockout import ThrottledAdminAuthenticationForm

        # The admin's sign-in is throttled like the site's.
        admin.site.login_form = ThrottledAdminAuthenticationForm
