from django.urls import path
from django.views.decorators.http import require_safe

from assemblea.accountability import views

app_name = "accountability"

urlpatterns = [
    path("a/<slug:slug>/record/", views.tracker, name="tracker"),
    path("a/<slug:slug>/record/new/", views.adopt, name="adopt"),
    path("a/<slug:slug>/record/follow/<str:token>/", views.follow_confirm, name="follow_confirm"),
    path("a/<slug:slug>/record/unfollow/<str:token>/", views.unfollow, name="unfollow"),
    path("a/<slug:slug>/record/review/", views.review, name="review"),
    path("a/<slug:slug>/record/plan/", views.plan, name="plan"),
    path("a/<slug:slug>/record/feed.rss", require_safe(views.RecordFeed()), name="feed"),
    path("a/<slug:slug>/record/calendar.ics", views.calendar, name="calendar"),
    path("a/<slug:slug>/record/<int:number>/", views.recommendation, name="recommendation"),
    path("a/<slug:slug>/record/<int:number>/answer/", views.respond, name="respond"),
    path("a/<slug:slug>/record/<int:number>/commit/", views.commit, name="commit"),
    path(
        "a/<slug:slug>/record/commitments/<int:commitment_id>/progress/",
        views.progress,
        name="progress",
    ),
    path(
        "a/<slug:slug>/record/commitments/<int:commitment_id>/escalate/",
        views.escalate,
        name="escalate",
    ),
    path("a/<slug:slug>/record/comments/<int:comment_id>/answer/", views.answer, name="answer"),
    path("a/<slug:slug>/report/", views.report, name="report"),
    path("a/<slug:slug>/report.pdf", views.report_pdf, name="report_pdf"),
    path("o/<slug:slug>/record/", views.organization_tracker, name="organization_tracker"),
]
