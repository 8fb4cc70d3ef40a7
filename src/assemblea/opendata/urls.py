from django.urls import path

from assemblea.opendata import views

app_name = "opendata"
urlpatterns = [
    path("a/<slug:slug>/open-data/", views.overview, name="overview"),
    path("a/<slug:slug>/open-data.json", views.document, name="document"),
    path("a/<slug:slug>/open-data.zip", views.csv_files, name="csv"),
    path("open-data/schema/<int:version>.json", views.schema, name="schema"),
    path("open-data/import/", views.import_page, name="import"),
]
