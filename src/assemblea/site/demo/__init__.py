"""The demo: organizations, people and one assembly of every family in the invented city of
Riverton, built through the same services the app uses, so the demo's event log is real.

One module per app, loaded in this order by `demo_load` (the `load_demo` command):
`people` (accounts and organizations), `assemblies` (the six assemblies and their seats, with
`recruitment`'s civic lottery and `accountability`'s follow-up of the standing council),
`deliberation`, `decisions`, `evaluation` and `network`. The demo calls each app's services by
their public names (`from assemblea.<app>.services import ...`), as a view would."""

from __future__ import annotations

from assemblea.site.demo.assemblies import assemblies_load, draft_create
from assemblea.site.demo.budgets import budgets_load
from assemblea.site.demo.conversations import conversations_load
from assemblea.site.demo.decisions import decisions_load
from assemblea.site.demo.deliberation import sessions_load
from assemblea.site.demo.evaluation import evaluations_load
from assemblea.site.demo.network import network_load
from assemblea.site.demo.people import DEMO_PASSWORD, PEOPLE, Riverton, riverton_found

__all__ = ["DEMO_PASSWORD", "PEOPLE", "demo_load"]


def demo_load() -> Riverton:
    """Load the whole demo (the caller holds the transaction and silences the e-mail)."""
    riverton = riverton_found()
    assemblies = assemblies_load(riverton)
    sessions_load(
        people=riverton.people,
        civic=assemblies.civic,
        council=assemblies.council,
        pma=assemblies.pma,
    )
    draft_create(riverton)
    decisions_load(riverton.people)
    evaluations_load(riverton.people)
    network_load(riverton.people)
    budgets_load(riverton.people)
    conversations_load(riverton.people)
    return riverton
