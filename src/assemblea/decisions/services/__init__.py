"""Every write to proposals, amendments, proxies, polls and ballots.

Keyword-only `<thing>_<action>` functions, one transaction each, permission first, a
ValidationError that says what to fix, and an event for every change. A ballot is cast
exactly once: the poll row is locked while a vote is checked and stored, a unique constraint
on (poll, voter) backs that up, and closing takes the same lock, so no vote lands after close.

One module per part (proposals, amendments, proxies, polls, ballots, closing); every public
name is re-exported here, so `from assemblea.decisions.services import x` keeps working.
"""

from assemblea.decisions.selectors import current_version, receipt_hash
from assemblea.decisions.services.amendments import amendment_propose
from assemblea.decisions.services.ballots import choice_clean, vote_cast
from assemblea.decisions.services.closing import ballots_digest, poll_close, result_digest
from assemblea.decisions.services.polls import poll_advance_stage, poll_open
from assemblea.decisions.services.proposals import (
    minority_report_add,
    proposal_add_coauthor,
    proposal_create,
    proposal_merge,
    proposal_revise,
    proposal_split,
)
from assemblea.decisions.services.proxies import may_hold_proxy, proxy_give, proxy_revoke

__all__ = [
    "amendment_propose",
    "ballots_digest",
    "choice_clean",
    "current_version",
    "may_hold_proxy",
    "minority_report_add",
    "poll_advance_stage",
    "poll_close",
    "poll_open",
    "proposal_add_coauthor",
    "proposal_create",
    "proposal_merge",
    "proposal_revise",
    "proposal_split",
    "proxy_give",
    "proxy_revoke",
    "receipt_hash",
    "result_digest",
    "vote_cast",
]
