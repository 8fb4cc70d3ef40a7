"""Results as people read them: each method's view (see `presentation`), with the quorum
and the turnout every result shows."""

from __future__ import annotations

from django.utils.translation import gettext as _

from assemblea.decisions.methods import method_of
from assemblea.decisions.models import Poll, PollStatus
from assemblea.decisions.presentation import ResultView


def poll_result_view(poll: Poll) -> ResultView | None:
    if poll.status != PollStatus.CLOSED:
        return None
    r = poll.result
    view = method_of(poll).present(poll, r)
    quorum = poll.quorum
    view.figures.append(
        (
            _("Quorum"),
            (
                _("met: %(present)s present, %(required)s needed")
                if quorum.get("met")
                else _("not met: %(present)s present, %(required)s needed")
            )
            % {"present": quorum.get("present", 0), "required": quorum.get("required", 0)},
        )
    )
    view.figures.append((_("Ballots"), f"{r['ballots']} / {len(poll.eligible)}"))
    if not r.get("valid", True):
        view.notes.append(_("The quorum was not met, so this vote decides nothing."))
    return view
