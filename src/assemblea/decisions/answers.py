"""How the answers of each ballot, and the outcomes of each method, read (labels only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from assemblea.engines.voting.scale import GRADIENTS, OUTSIDE_SCALE, SUPPORT_LEVELS

YES_NO_LABELS = {
    "yes": gettext_lazy("Yes"),
    "no": gettext_lazy("No"),
    "abstain": gettext_lazy("Abstain"),
}
SUPPORT_LABELS = {
    "strongly support": gettext_lazy("Strongly support"),
    "support": gettext_lazy("Support"),
    "oppose": gettext_lazy("Oppose"),
    "strongly oppose": gettext_lazy("Strongly oppose"),
    "unsure": gettext_lazy("Unsure"),
    "no answer": gettext_lazy("No answer"),
}
BAND_LABELS = {
    "strongly supported": gettext_lazy("Strongly supported (more than 75 %)"),
    "majority supported": gettext_lazy("Supported by a majority (more than 50 %)"),
    "not supported": gettext_lazy("Not supported (50 % or less)"),
}
CONSENSUS_LABELS = {
    "consent": gettext_lazy("Consent"),
    "stand_aside": gettext_lazy("Stand aside"),
    "block": gettext_lazy("Block"),
}
CONSENSUS_OUTCOMES = {
    "passed by consensus": gettext_lazy("Passed by consensus: no block."),
    "fallback vote needed": gettext_lazy(
        "Blocked: the body's fallback rule decides; open a yes/no vote under it."
    ),
    "blocked": gettext_lazy("Blocked."),
}
CONSENSUS_STAGE_LABELS = {
    "proposal": gettext_lazy("The proposal is presented"),
    "clarifying questions": gettext_lazy("Clarifying questions"),
    "concerns": gettext_lazy("Concerns, and changes to meet them"),
    "call for blocks": gettext_lazy("Call for blocks: consent, stand aside or block"),
}
GRADIENT_LABELS = [
    gettext_lazy("Endorse"),
    gettext_lazy("Agree with a minor point of contention"),
    gettext_lazy("Support with reservations"),
    gettext_lazy("Abstain"),
    gettext_lazy("More discussion needed"),
    gettext_lazy("Don't like it but will support it"),
    gettext_lazy("Serious disagreement"),
    gettext_lazy("Veto"),
]
assert len(GRADIENT_LABELS) == len(GRADIENTS)
assert tuple(SUPPORT_LABELS) == SUPPORT_LEVELS + OUTSIDE_SCALE  # the engine's answers
