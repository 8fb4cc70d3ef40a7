from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from assemblea.config import errors
from assemblea.core import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", include("assemblea.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("assemblea.accounts.urls")),
    path("", include("assemblea.assemblies.urls")),
    path("", include("assemblea.recruitment.urls")),
    path("", include("assemblea.deliberation.urls")),
    path("a/<slug:slug>/decisions/", include("assemblea.decisions.urls")),
    path("", include("assemblea.accountability.urls")),
    path("", include("assemblea.evaluation.urls")),
    path("", include("assemblea.network.urls")),
    path("", include("assemblea.budgets.urls")),
    path("", include("assemblea.conversations.urls")),
    path("", include("assemblea.opendata.urls")),
    path("", include("assemblea.site.urls")),
]

if settings.FORCE_ERROR_URL:
    urlpatterns.insert(0, path("__test__/error", errors.force_error))

handler500 = "assemblea.config.errors.server_error"
