from django.urls import path

from assemblea.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("a/<slug:slug>/evaluation/", views.report, name="report"),
    path("a/<slug:slug>/evaluation.pdf", views.report_pdf, name="report_pdf"),
    path("a/<slug:slug>/evaluation/manage/", views.manage, name="manage"),
    path("a/<slug:slug>/evaluation/annotate/", views.annotate, name="annotate"),
    path("a/<slug:slug>/evaluation/<str:audience>/", views.survey, name="survey"),
]
