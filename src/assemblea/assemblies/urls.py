from django.urls import path

from assemblea.assemblies import invitation_views, views, views_translate

app_name = "assemblies"

urlpatterns = [
    path("guide/", views.guide, name="guide"),
    path("which-model/", views.which_model, name="which_model"),
    path("assemblies/", views.directory, name="directory"),
    path("assemblies/new/", views.assembly_create, name="create"),
    path("a/<slug:slug>/", views.public_page, name="public"),
    path("a/<slug:slug>/manage/", views.manage, name="manage"),
    path("a/<slug:slug>/manage/phase/", views.change_phase, name="change_phase"),
    path("a/<slug:slug>/manage/publish/", views.publish, name="publish"),
    path("a/<slug:slug>/manage/settings/", views.edit_settings, name="settings"),
    path("a/<slug:slug>/manage/mandate/", views.edit_mandate, name="mandate"),
    path("a/<slug:slug>/manage/composition/", views.composition, name="composition"),
    path(
        "a/<slug:slug>/manage/composition/<int:category_id>/",
        views.category_edit,
        name="category",
    ),
    path("a/<slug:slug>/members/", views.members, name="members"),
    path("a/<slug:slug>/members/<int:holder_id>/end/", views.seat_end, name="seat_end"),
    path("a/<slug:slug>/manage/roles/", views.roles, name="roles"),
    path(
        "a/<slug:slug>/members/<int:holder_id>/invitation/",
        invitation_views.invitation_issue,
        name="invitation_issue",
    ),
    path("seat-invitation/<str:token>/", invitation_views.invitation_accept, name="invitation"),
    path("a/<slug:slug>/manage/translate/", views_translate.translate, name="translate"),
]
