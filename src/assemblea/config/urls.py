from django.contrib import admin
from django.urls import include, path

urlpatterns = [
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
    path("", include("assemblea.opendata.urls")),
    path("", include("assemblea.core.urls")),
]
