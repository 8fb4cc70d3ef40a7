from django.urls import path

from assemblea.recruitment import live, views

app_name = "recruitment"

urlpatterns = [
    path("a/<slug:slug>/recruitment/", views.overview, name="overview"),
    path("a/<slug:slug>/recruitment/start/", views.start, name="start"),
    path("a/<slug:slug>/recruitment/targets/", views.targets, name="targets"),
    path("a/<slug:slug>/recruitment/addresses/", views.addresses, name="addresses"),
    path("a/<slug:slug>/recruitment/invitations/", views.invitations, name="invitations"),
    path("a/<slug:slug>/recruitment/invitations.csv", views.mail_merge, name="mail_merge"),
    path("a/<slug:slug>/recruitment/letters.pdf", views.letters_latest, name="letters"),
    path("a/<slug:slug>/recruitment/letters/", views.letters_prepare, name="letters_prepare"),
    path(
        "a/<slug:slug>/recruitment/letters/<int:batch_id>/",
        views.letters_batch,
        name="letters_batch",
    ),
    path(
        "a/<slug:slug>/recruitment/letters/<int:batch_id>.pdf",
        views.letters_download,
        name="letters_download",
    ),
    path("a/<slug:slug>/recruitment/registrations/", views.registrations, name="registrations"),
    path(
        "a/<slug:slug>/recruitment/registrations.csv",
        views.registrations_export,
        name="registrations_export",
    ),
    path("a/<slug:slug>/recruitment/people/<str:public_id>/", views.person, name="person"),
    path("a/<slug:slug>/recruitment/selection/", views.selection, name="selection"),
    path(
        "a/<slug:slug>/recruitment/selection/stream/",
        live.selection_stream,
        name="selection_stream",
    ),
    path(
        "a/<slug:slug>/recruitment/selection/do/", views.selection_action, name="selection_action"
    ),
    path(
        "a/<slug:slug>/recruitment/selection/<int:run_id>/people.csv",
        views.audit_file,
        name="audit_file",
    ),
    path("a/<slug:slug>/recruitment/panel/", views.panel, name="panel"),
    path("a/<slug:slug>/lottery/", views.lottery, name="lottery"),
    path("a/<slug:slug>/lottery/<int:run_id>/<str:name>", views.lottery_file, name="lottery_file"),
    path("a/<slug:slug>/recruitment/messages/", views.notices, name="notices"),
    path("a/<slug:slug>/recruitment/support/<int:seat_id>/", views.support, name="support"),
    path("respond/<str:token>/", views.respond, name="respond"),
    path("seat/claim/<str:token>/", views.claim, name="claim"),
    path("a/<slug:slug>/recruitment/form/", views.registration_form, name="registration_form"),
    path("register/<slug:slug>/page/<slug:page>/", views.register, name="register_page"),
    path("register/<slug:slug>/", views.register, name="register"),
    path("register/<slug:slug>/<str:code>/", views.register, name="register_code"),
]
