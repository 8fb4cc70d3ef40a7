"""The voting engine: pure Python counting rules for assemblies (no Django).

Ranked methods read BLT and PrefLib files (`formats`), count by Scottish STV (`stv`), IRV,
Schulze and Ranked Pairs (`ranked`), approval and score (`cardinal`). Every tie is broken
deterministically and reported; see docs/voting.md for the rules and their sources.
"""

from __future__ import annotations

from .ballots import Election, RankedBallot
from .cardinal import ApprovalBallot, CardinalResult, ScoreBallot, approval, score
from .errors import InputError, VotingError
from .formats import parse_blt, parse_preflib, read_election
from .lot import DEFAULT_SEED, LotDraw
from .ranked import RankedResult, irv, ranked_pairs, schulze
from .scale import (
    ConsensusResult,
    ConsensusStage,
    GradientResult,
    GradientRule,
    SupportResult,
    consensus_outcome,
    next_stage,
    tally_gradients,
    tally_support_scale,
)
from .stv import StvResult, StvStage, stv_scottish
from .thresholds import (
    ABSOLUTE_MAJORITY,
    EIGHTY_PERCENT,
    HALF_PLUS_ONE,
    SIMPLE_MAJORITY,
    THREE_QUARTERS,
    TWO_THIRDS,
    Base,
    Choice,
    QuorumResult,
    QuorumRule,
    SeatCategory,
    ThresholdResult,
    ThresholdRule,
    Vote,
    quorum_met,
    tally_yes_no,
)

__all__ = [
    "ABSOLUTE_MAJORITY",
    "DEFAULT_SEED",
    "EIGHTY_PERCENT",
    "HALF_PLUS_ONE",
    "SIMPLE_MAJORITY",
    "THREE_QUARTERS",
    "TWO_THIRDS",
    "ApprovalBallot",
    "Base",
    "CardinalResult",
    "Choice",
    "ConsensusResult",
    "ConsensusStage",
    "Election",
    "GradientResult",
    "GradientRule",
    "InputError",
    "LotDraw",
    "QuorumResult",
    "QuorumRule",
    "RankedBallot",
    "RankedResult",
    "ScoreBallot",
    "SeatCategory",
    "StvResult",
    "StvStage",
    "SupportResult",
    "ThresholdResult",
    "ThresholdRule",
    "Vote",
    "VotingError",
    "approval",
    "consensus_outcome",
    "irv",
    "next_stage",
    "parse_blt",
    "parse_preflib",
    "quorum_met",
    "ranked_pairs",
    "read_election",
    "schulze",
    "score",
    "stv_scottish",
    "tally_gradients",
    "tally_support_scale",
    "tally_yes_no",
]
