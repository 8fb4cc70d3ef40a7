from django.urls import path

from assemblea.decisions import ballot_views, live, views

app_name = "decisions"

urlpatterns = [
    path("", views.index, name="index"),
    path("proposals/<int:pk>/", views.proposal, name="proposal"),
    path("proposals/<int:pk>/reword/", views.proposal_revise, name="revise"),
    path("proposals/<int:pk>/split/", views.proposal_split, name="split"),
    path("proposals/<int:pk>/merge/", views.proposal_merge, name="merge"),
    path("proposals/<int:pk>/versions/<int:number>/", views.version_diff, name="diff"),
    path("proxy/", views.proxy, name="proxy"),
    path("votes/new/", views.poll_new, name="poll_new"),
    path("votes/<int:pk>/", views.poll, name="poll"),
    path("votes/<int:pk>/vote/", ballot_views.poll_vote, name="vote"),
    path("votes/<int:pk>/voted/", ballot_views.poll_voted, name="voted"),
    path("votes/<int:pk>/status/", ballot_views.poll_status, name="status"),
    path("votes/<int:pk>/stream/", live.poll_stream, name="stream"),
    path("votes/<int:pk>/close/", views.poll_close, name="close"),
    path("votes/<int:pk>/stage/", views.poll_stage, name="stage"),
    path("votes/<int:pk>/turnout/", views.poll_turnout, name="turnout"),
    path("votes/<int:pk>/receipt/", ballot_views.poll_receipt, name="receipt"),
    path("votes/<int:pk>/ballots.json", views.poll_ballots, name="ballots"),
]
