from django.urls import path, re_path

from assemblea.api import views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi, name="openapi"),
    path("assemblies", views.assemblies, name="assemblies"),
    path("assemblies/<slug:slug>", views.assembly, name="assembly"),
    path("assemblies/<slug:slug>/document", views.document, name="document"),
    path("assemblies/<slug:slug>/<slug:name>", views.collection, name="collection"),
    re_path(r"^", views.nowhere, name="nowhere"),  # anything else, newlines too: a JSON 404
]
