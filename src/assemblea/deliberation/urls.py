from django.urls import path

from assemblea.deliberation import views

app_name = "deliberation"

session = "a/<slug:slug>/sessions/<int:session_id>/"

urlpatterns = [
    path("a/<slug:slug>/sessions/", views.sessions, name="sessions"),
    path("a/<slug:slug>/now/", views.happening_now, name="now"),
    path("a/<slug:slug>/sessions/calendar.ics", views.assembly_calendar, name="calendar"),
    path("a/<slug:slug>/sessions/rules/", views.room_rules, name="rules"),
    path("a/<slug:slug>/sessions/members/", views.profiles, name="profiles"),
    path(session, views.session_detail, name="session"),
    path(session + "edit/", views.session_edit, name="session_edit"),
    path(session + "you/", views.session_you, name="session_you"),
    path(session + "leave/", views.session_leave, name="session_leave"),
    path(session + "chair/", views.chair, name="chair"),
    path(session + "tables/", views.tables, name="tables"),
    path(session + "room/", views.room, name="room"),
    path(session + "room/live/", views.room_live, name="room_live"),
    path(session + "room/stream/", views.room_stream, name="room_stream"),
    path(session + "stream/", views.session_stream, name="session_stream"),
    path(session + "summary/", views.summary, name="summary"),
    path("a/<slug:slug>/evidence/", views.evidence, name="evidence"),
    path("a/<slug:slug>/resolutions/", views.resolutions, name="resolutions"),
    path("a/<slug:slug>/credentials/", views.credentials, name="credentials"),
    path("calendar/", views.my_calendar, name="my_calendar"),
    path("calendar/<str:token>.ics", views.member_calendar, name="member_calendar"),
]
