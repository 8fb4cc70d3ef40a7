from django.urls import path

from assemblea.budgets import import_views, views

app_name = "budgets"

urlpatterns = [
    path("a/<slug:slug>/budgets/", views.index, name="index"),
    path("a/<slug:slug>/budgets/new/", views.budget_new, name="new"),
    path("a/<slug:slug>/budgets/import/", import_views.pb_import, name="import"),
    path("a/<slug:slug>/budgets/<int:pk>/", views.detail, name="detail"),
    path("a/<slug:slug>/budgets/<int:pk>/rules/", views.budget_edit, name="edit"),
    path("a/<slug:slug>/budgets/<int:pk>/propose/", views.propose, name="propose"),
    path("a/<slug:slug>/budgets/<int:pk>/projects/<int:number>/", views.project, name="project"),
    path("a/<slug:slug>/budgets/<int:pk>/vote/", views.vote, name="vote"),
    path("a/<slug:slug>/budgets/<int:pk>/results/", views.results, name="results"),
    path("a/<slug:slug>/budgets/<int:pk>/budget.pb", views.export, name="export"),
]
