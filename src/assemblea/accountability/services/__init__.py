"""Every write of the public record: adoption, answers, commitments, progress, escalation,
reviews, comments. Keyword-only, one transaction, permission first, a ValidationError that
says what to fix, an event on the assembly's log, and an e-mail to those who follow."""

from __future__ import annotations

from assemblea.accountability.services.answers import (
    response_publish,
)
from assemblea.accountability.services.commitments import (
    commitment_add,
    commitment_escalate,
    progress_report,
)
from assemblea.accountability.services.followers import (
    FOLLOW_CONFIRMATION_VALID,
    FOLLOW_CONFIRMATIONS_PER_ASSEMBLY,
    FOLLOW_CONFIRMATIONS_PER_DAY,
    FOLLOW_RESEND_AFTER,
    follower_add,
    follower_confirm,
    follower_from_unfollow_token,
    follower_pending,
    follower_remove,
    reminders_send,
    unfollow_url,
)
from assemblea.accountability.services.recommendations import (
    recommendation_adopt,
    recommendation_from_poll,
)
from assemblea.accountability.services.recording import (
    COMMITTABLE,
)
from assemblea.accountability.services.reviews import (
    comment_answer,
    comment_post,
    follow_up_plan_set,
    review_record,
)

__all__ = [
    "COMMITTABLE",
    "FOLLOW_CONFIRMATIONS_PER_ASSEMBLY",
    "FOLLOW_CONFIRMATIONS_PER_DAY",
    "FOLLOW_CONFIRMATION_VALID",
    "FOLLOW_RESEND_AFTER",
    "comment_answer",
    "comment_post",
    "commitment_add",
    "commitment_escalate",
    "follow_up_plan_set",
    "follower_add",
    "follower_confirm",
    "follower_from_unfollow_token",
    "follower_pending",
    "follower_remove",
    "progress_report",
    "recommendation_adopt",
    "recommendation_from_poll",
    "reminders_send",
    "response_publish",
    "review_record",
    "unfollow_url",
]
