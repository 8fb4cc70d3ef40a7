"""Thin views for the civic lottery: parse, call one service or selector, render.

One module per part of the organizers' work; urls.py reads every view from here.
"""

from assemblea.recruitment.views.letters import (
    letters_batch,
    letters_download,
    letters_latest,
    letters_prepare,
)
from assemblea.recruitment.views.members import claim, respond, support
from assemblea.recruitment.views.registering import (
    notices,
    person,
    register,
    registration_form,
    registrations,
    registrations_export,
)
from assemblea.recruitment.views.runs import (
    audit_file,
    lottery,
    lottery_file,
    panel,
    selection,
    selection_action,
)
from assemblea.recruitment.views.setup import (
    addresses,
    invitations,
    mail_merge,
    overview,
    start,
    targets,
)

__all__ = [
    "addresses",
    "audit_file",
    "claim",
    "invitations",
    "letters_batch",
    "letters_download",
    "letters_latest",
    "letters_prepare",
    "lottery",
    "lottery_file",
    "mail_merge",
    "notices",
    "overview",
    "panel",
    "person",
    "register",
    "registration_form",
    "registrations",
    "registrations_export",
    "respond",
    "selection",
    "selection_action",
    "start",
    "support",
    "targets",
]
