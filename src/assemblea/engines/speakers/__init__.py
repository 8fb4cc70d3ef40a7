"""Speakers' list: order the queue by the assembly's rule and summarise speaking time by
category against each group's share of the room (no Django import).

Library use::

    from assemblea.engines.speakers import (
        Order, Rule, format_summary, history_from_turns, order_queue, speaking_summary)

    rule = Rule(order=Order.PROGRESSIVE, boost={"gender": {"woman", "non-binary"}})
    queue = order_queue(entries, rule, history=history_from_turns(turns))
    print(format_summary(speaking_summary(turns, room)))

See docs/speakers.md for the rules.
"""

from __future__ import annotations

from .queue import (
    DEFAULT_JUMP,
    NOT_GIVEN,
    Kind,
    Order,
    QueueEntry,
    Rule,
    SpeakersError,
    Spoken,
    order_queue,
    under_represented,
)
from .summary import (
    NOT_IN_ROOM,
    SUMMARY_HEADER,
    CategoryShare,
    Turn,
    format_summary,
    history_from_turns,
    speaking_summary,
    summary_rows,
)

__all__ = [
    "DEFAULT_JUMP",
    "NOT_GIVEN",
    "NOT_IN_ROOM",
    "SUMMARY_HEADER",
    "CategoryShare",
    "Kind",
    "Order",
    "QueueEntry",
    "Rule",
    "SpeakersError",
    "Spoken",
    "Turn",
    "format_summary",
    "history_from_turns",
    "order_queue",
    "speaking_summary",
    "summary_rows",
    "under_represented",
]
