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
from .stv import StvResult, StvStage, stv_scottish

__all__ = [
    "DEFAULT_SEED",
    "ApprovalBallot",
    "CardinalResult",
    "Election",
    "InputError",
    "LotDraw",
    "RankedBallot",
    "RankedResult",
    "ScoreBallot",
    "StvResult",
    "StvStage",
    "VotingError",
    "approval",
    "irv",
    "parse_blt",
    "parse_preflib",
    "ranked_pairs",
    "read_election",
    "schulze",
    "score",
    "stv_scottish",
]
