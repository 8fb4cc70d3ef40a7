from django.urls import path

from assemblea.conversations import views

app_name = "conversations"

base = "a/<slug:slug>/conversations/"
one = base + "<int:pk>/"

urlpatterns = [
    path(base, views.index, name="index"),
    path(base + "start/", views.start, name="start"),
    path(base + "import/", views.import_polis, name="import"),
    path(one, views.detail, name="detail"),
    path(one + "vote/", views.vote, name="vote"),
    path(one + "add/", views.add, name="add"),
    path(one + "map/", views.map_page, name="map"),
    path(one + "moderate/", views.moderate, name="moderate"),
    path(one + "export.zip", views.export, name="export"),
    path(one + "report.pdf", views.report_pdf, name="report_pdf"),
    path(one + "s/<int:number>/", views.statement, name="statement"),
    path(one + "s/<int:number>/translate/", views.translate, name="translate"),
    path(one + "s/<int:number>/send/", views.send, name="send"),
]
