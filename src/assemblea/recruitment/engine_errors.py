"""Why a selection run failed, in the organizers' language, by the engine's code.

The engine (pure Python, no Django) raises errors with a `code` and `params` and an English
sentence for its command line. The app stores the code and params of a failed run and says
it here, translated; a code missing from the table shows the engine's sentence as it was.
Two reasons are the app's own: a run that gave no sign of life, and an unexpected crash.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Params = Mapping[str, Any]


def _change(change: Params) -> str:
    """One quota to relax, e.g. “gender = woman: lower the minimum from 3 to 2”."""
    parts = []
    if change["new_min"] != change["old_min"]:
        parts.append(
            _("lower the minimum from %(old)s to %(new)s")
            % {"old": change["old_min"], "new": change["new_min"]}
        )
    if change["new_max"] != change["old_max"]:
        parts.append(
            _("raise the maximum from %(old)s to %(new)s")
            % {"old": change["old_max"], "new": change["new_max"]}
        )
    return f"{change['category']} = {change['value']}: " + _(" and ").join(parts)


def _infeasible(params: Params) -> str:
    lines = [_("No panel can meet these quotas.")]
    # The reasons are the engine's own analysis, in English (it has no code for each yet).
    lines += [f"  - {reason}" for reason in params.get("reasons", [])]
    relaxation = params.get("relaxation") or []
    if relaxation:
        lines.append(_("Smallest change to the quotas that makes a panel possible:"))
        lines += [f"  - {_change(change)}" for change in relaxation]
    else:
        lines.append(_("No change of quotas alone makes a panel possible."))
    return "\n".join(lines)


def _solver(params: Params) -> str:
    return _(
        "The solver stopped without an answer (%(detail)s). Start the run again; if it fails "
        "again, tell the site's administrators."
    ) % {"detail": params.get("detail", "")}


# code → the message, a lazy string with the code's %(params)s or a function of the params.
MESSAGES: dict[str, Any | Callable[[Params], str]] = {
    "infeasible_quotas": _infeasible,
    "solver_error": _solver,
    "pool_too_small": gettext_lazy(
        "%(seats)s seats are to be filled but the pool has only %(pool)s people."
    ),
    "value_without_quota": gettext_lazy(
        "The answer “%(value)s” has no quota in the category “%(category)s” (its values: "
        "%(known)s). Check the lottery's targets."
    ),
    "duplicate_id": gettext_lazy("The id %(id)s is in the pool twice."),
    "no_quotas": gettext_lazy("The lottery has no targets: set them first."),
    "empty_pool": gettext_lazy("The pool is empty: nobody can be drawn."),
    "run_stalled": gettext_lazy(
        "The engine gave no sign of life for %(minutes)s minutes: its worker was probably "
        "stopped or restarted. Nothing was drawn; start the selection again."
    ),
    "engine_crashed": gettext_lazy(
        "The engine stopped on an unexpected error (%(error)s). Start it again; if it "
        "fails again, tell the site's administrators."
    ),
}


def engine_error_text(code: str, params: Params) -> str:
    """The engine's error `code` in the reader's language, or "" when the table lacks it."""
    message = MESSAGES.get(code)
    if message is None:
        return ""
    try:
        return str(message(params)) if callable(message) else str(message) % dict(params)
    except (KeyError, TypeError, ValueError):
        return ""  # params that do not fit (an older engine): the stored sentence stays


def engine_error_record(error: Exception) -> dict[str, Any]:
    """What a failed run keeps of an engine error to say it again later: its code and params
    (JSON-ready), when the engine gave them."""
    code = getattr(error, "code", "")
    params = getattr(error, "params", None)
    if not code or not isinstance(params, dict):
        return {}
    return {"code": str(code), "params": params}
