"""Opinion maps (Polis-style): vote matrix, PCA projection, opinion groups, representative,
consensus and divisive statements. Pure engine: NumPy only, no Django."""

from .errors import InputError, OpinionError
from .formats import Conversation, ImportReport, read_polis, write_polis
from .matrix import VoteMatrix
from .pipeline import OpinionMap, opinion_map, vote_update

__all__ = [
    "Conversation",
    "ImportReport",
    "InputError",
    "OpinionError",
    "OpinionMap",
    "VoteMatrix",
    "opinion_map",
    "read_polis",
    "vote_update",
    "write_polis",
]
