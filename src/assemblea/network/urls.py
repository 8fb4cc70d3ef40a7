from django.urls import path

from assemblea.network import views

app_name = "network"

urlpatterns = [
    path("network/", views.directory, name="directory"),
    path("library/", views.library, name="library"),
    path("library/new/", views.template_new, name="template_new"),
    path("library/<int:pk>/", views.template, name="template"),
    path("library/<int:pk>/download/", views.template_download, name="template_download"),
    path("a/<slug:slug>/network/", views.network, name="assembly"),
    path("a/<slug:slug>/network/links/<int:link_id>/accept/", views.accept, name="accept"),
    path("a/<slug:slug>/network/forward/<str:what>/<int:pk>/", views.forward, name="forward"),
]
