"""Reads for proposals and polls: pages, diffs, turnout, results as people read them, the
published ballots and receipt checks. Secret ballots are never read with a voter.

One module per part (proposals, polls, results); every public name is re-exported here.
Selectors never import services: what both need (the current version, the receipt hash)
lives here and the services import it.
"""

from assemblea.decisions.answers import (
    BAND_LABELS,
    CONSENSUS_LABELS,
    CONSENSUS_OUTCOMES,
    CONSENSUS_STAGE_LABELS,
    GRADIENT_LABELS,
    SUPPORT_LABELS,
    YES_NO_LABELS,
)
from assemblea.decisions.presentation import Bar, ResultView, tally_label
from assemblea.decisions.selectors.polls import (
    Turnout,
    chair_quorum,
    consensus_stages,
    poll_for_voting,
    poll_get,
    poll_published,
    poll_turnout,
    polls_of,
    receipt_counted,
    receipt_hash,
    roll_call,
    room_panels,
    small_categories,
    voter_status,
)
from assemblea.decisions.selectors.proposals import (
    DiffPiece,
    ParagraphLine,
    current_version,
    is_author,
    proposal_authors,
    proposal_get,
    proposal_paragraphs,
    proposals_of,
    provenance,
    version_diff,
)
from assemblea.decisions.selectors.results import poll_result_view

__all__ = [
    "BAND_LABELS",
    "CONSENSUS_LABELS",
    "CONSENSUS_OUTCOMES",
    "CONSENSUS_STAGE_LABELS",
    "GRADIENT_LABELS",
    "SUPPORT_LABELS",
    "YES_NO_LABELS",
    "Bar",
    "DiffPiece",
    "ParagraphLine",
    "ResultView",
    "Turnout",
    "chair_quorum",
    "consensus_stages",
    "current_version",
    "is_author",
    "poll_for_voting",
    "poll_get",
    "poll_published",
    "poll_result_view",
    "poll_turnout",
    "polls_of",
    "proposal_authors",
    "proposal_get",
    "proposal_paragraphs",
    "proposals_of",
    "provenance",
    "receipt_counted",
    "receipt_hash",
    "roll_call",
    "room_panels",
    "small_categories",
    "tally_label",
    "version_diff",
    "voter_status",
]
