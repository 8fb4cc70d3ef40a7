"""The voting methods, each declared once: the one registry the app reads.

A method says here what its ballot is (the template that draws it and how the posted form
becomes a choice), how a choice is checked and stored, which count of the voting engine
decides it (through `tally`), how its result reads (`presentation`), how a stored choice
reads in a roll call, and the flags the pages read (ranked, approval, has_rounds, …).
Services, selectors, views, forms and templates take all of it from `METHODS`; adding a
method is adding one entry (and its code to `Method`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assemblea.core.multilingual import item_html
from assemblea.decisions import presentation, tally
from assemblea.decisions.answers import (
    CONSENSUS_LABELS,
    GRADIENT_LABELS,
    SUPPORT_LABELS,
    YES_NO_LABELS,
)
from assemblea.engines import voting
from assemblea.engines.voting.report import ranked_dict, stv_dict

if TYPE_CHECKING:
    from django.http import QueryDict

    from assemblea.decisions.models import Poll


class Method(models.TextChoices):
    """The codes stored on a poll; each has its entry in `METHODS` below."""

    YES_NO = "yes_no", gettext_lazy("Yes / no / abstain with a threshold")
    SUPPORT_SCALE = "support_scale", gettext_lazy("Four-point support scale")
    CONSENSUS = "consensus", gettext_lazy("Consensus: consent, stand aside or block")
    GRADIENTS = "gradients", gettext_lazy("Gradients of agreement")
    APPROVAL = "approval", gettext_lazy("Approval")
    SCORE = "score", gettext_lazy("Score")
    IRV = "irv", gettext_lazy("Ranked choice (instant runoff)")
    SCHULZE = "schulze", gettext_lazy("Condorcet (Schulze)")
    RANKED_PAIRS = "ranked_pairs", gettext_lazy("Condorcet (Ranked Pairs)")
    STV = "stv", gettext_lazy("Single transferable vote (Scottish STV)")


# Ballots: from the posted form to the stored choice ----------------------------------------


def _posted_answer(poll: Poll, data: QueryDict) -> Any:
    return data.get("choice", "")


def _posted_approvals(poll: Poll, data: QueryDict) -> Any:
    """The ticked candidates. An empty ballot is refused unless the member ticked "I approve
    none of them": an empty form is more often a slip than a choice."""
    chosen = data.getlist("choice")
    if not chosen and not data.get("none"):
        raise ValidationError(
            _(
                "You approved nobody. Tick the candidates you approve, or tick “I approve "
                "none of them” to cast an empty ballot."
            ),
            code="approval_empty",
        )
    if chosen and data.get("none"):
        raise ValidationError(
            _("You ticked candidates and “I approve none of them”: choose one or the other."),
            code="approval_none_and_candidates",
        )
    return chosen


def _posted_scores(poll: Poll, data: QueryDict) -> Any:
    return {
        key.removeprefix("score_"): value
        for key, value in data.items()
        if key.startswith("score_") and value != ""
    }


def _posted_ranking(poll: Poll, data: QueryDict) -> Any:
    ranks: dict[int, str] = {}
    for key, value in data.items():
        if not key.startswith("rank_") or not value:
            continue
        try:
            rank = int(str(value))
        except ValueError:
            raise ValidationError(_("A rank must be a number."), code="rank_not_number") from None
        if rank in ranks:
            raise ValidationError(
                _("Two candidates have rank %(rank)s: give each rank to one candidate."),
                code="rank_twice",
                params={"rank": rank},
            )
        ranks[rank] = key.removeprefix("rank_")
    return [ranks[rank] for rank in sorted(ranks)]


def _not_an_answer() -> ValidationError:
    return ValidationError(_("Choose one of the answers on the ballot."), code="choice_invalid")


def _clean_answer(poll: Poll, choice: Any) -> Any:
    if not isinstance(choice, str) or choice not in (method_of(poll).answers or {}):
        raise _not_an_answer()
    return choice


def _clean_gradient(poll: Poll, choice: Any) -> Any:
    try:
        level = int(choice)
    except (TypeError, ValueError):
        raise _not_an_answer() from None
    if level not in tally.GRADIENT_CHOICES:
        raise _not_an_answer()
    return level


def _candidate_index(poll: Poll, value: Any) -> int:
    try:
        index = int(value)
    except (TypeError, ValueError):
        index = -1
    if not 0 <= index < len(poll.options):
        raise ValidationError(
            _("“%(value)s” is not a candidate on this ballot."),
            code="candidate_unknown",
            params={"value": value},
        )
    return index


def _clean_scores(poll: Poll, choice: Any) -> Any:
    if not isinstance(choice, dict):
        raise ValidationError(_("Give each option a score."), code="scores_missing")
    scores = {}
    for key, value in choice.items():
        index = _candidate_index(poll, key)
        try:
            points = int(value)
        except (TypeError, ValueError):
            points = -1
        if not 0 <= points <= poll.max_score:
            raise ValidationError(
                _("Scores go from 0 to %(max)s."),
                code="score_out_of_range",
                params={"max": poll.max_score},
            )
        scores[str(index)] = points
    return scores


def _candidate_indices(poll: Poll, choice: Any) -> list[int]:
    if not isinstance(choice, list | tuple):
        raise ValidationError(
            _("Choose from the candidates on the ballot."), code="candidates_missing"
        )
    return [_candidate_index(poll, value) for value in choice]


def _clean_approvals(poll: Poll, choice: Any) -> Any:
    indices = _candidate_indices(poll, choice)
    if len(set(indices)) != len(indices):
        raise ValidationError(_("You chose the same candidate twice."), code="candidate_twice")
    return sorted(indices)


def _clean_ranking(poll: Poll, choice: Any) -> Any:
    indices = _candidate_indices(poll, choice)
    if len(set(indices)) != len(indices):
        raise ValidationError(
            _("You gave the same candidate two ranks: give each candidate one rank at most."),
            code="candidate_ranked_twice",
        )
    return indices


# How a stored choice reads (a roll call) -----------------------------------------------------


def _answer_text(poll: Poll, choice: Any) -> str:
    return str((method_of(poll).answers or {})[str(choice)])


def _scores_text(poll: Poll, choice: Any) -> str:
    return ", ".join(f"{poll.options[int(k)]}: {v}" for k, v in choice.items())


def _candidates_text(poll: Poll, choice: Any) -> str:
    return ", ".join(poll.options[int(i)] for i in choice)


# The registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class VotingMethod:
    """One voting method, everything the app knows about it."""

    code: str
    ballot: str  # "answer", "approval", "score" or "ranked": decisions/ballots/_<ballot>.html
    parse: Callable[[Poll, QueryDict], Any]  # the posted form → a choice (not yet checked)
    clean: Callable[[Poll, Any], Any]  # a choice → what is stored, or a ValidationError
    count: tally.Count  # the engine's count, through tally
    present: Callable[[Poll, dict[str, Any]], presentation.ResultView]
    choice_text: Callable[[Poll, Any], str]
    answers: Mapping[str, Promise] | None = None  # the fixed answers of a question's ballot
    candidates: bool = False  # an election among the poll's options (not a proposal's vote)
    multi_seat: bool = False  # may fill several seats (the page shows how many)
    weighted: bool = False  # counts the seat categories' vote weights
    has_threshold: bool = False  # decided by a threshold rule (the page states it)
    has_rounds: bool = False  # the result has a table of rounds or stages
    has_pairwise: bool = False  # the result has a head-to-head table
    has_stages: bool = False  # consensus: the chair moves it through stages before the ballot

    @property
    def label(self) -> str:
        return str(Method(self.code).label)

    @property
    def ranked(self) -> bool:
        return self.ballot == "ranked"

    @property
    def approval(self) -> bool:
        return self.ballot == "approval"

    @property
    def scored(self) -> bool:
        return self.ballot == "score"

    @property
    def by_choice(self) -> bool:
        """Each seat category's answers are shown (questions, not elections)."""
        return not self.candidates

    @property
    def ballot_template(self) -> str:
        return f"decisions/ballots/_{self.ballot}.html"

    def category_lines(self, poll: Poll) -> list[dict[str, Any]]:
        """The result's lines by seat category, each answer count under its translated label
        (the record keeps the answers' codes: ``yes``, ``stand_aside``, ``2``)."""
        lines = (poll.result or {}).get("by_category", [])
        labels = {str(key): label for key, label in (self.answers or {}).items()}
        return [
            {
                **line,
                "counts": [
                    (str(labels.get(str(key), key)), n) for key, n in line.get("counts", {}).items()
                ],
            }
            for line in lines
        ]

    def ballot_rows(self, poll: Poll, entered: QueryDict | None = None) -> list[dict[str, Any]]:
        """What the ballot offers: its answers, or the candidates by their index; with what
        the member entered (a refused ballot comes back as they filled it in): ``checked``
        for a ticked answer or candidate, ``picked`` for the rank or score they chose."""
        if self.answers is None:
            rows = [
                {"value": i, "label": item_html(poll, "options", i)}
                for i in range(len(poll.options))
            ]
        else:
            rows = [{"value": value, "label": label} for value, label in self.answers.items()]
        if entered is not None:
            ticked = set(entered.getlist("choice"))
            prefix = {"ranked": "rank", "score": "score"}.get(self.ballot, "choice")
            for row in rows:
                row["checked"] = str(row["value"]) in ticked
                row["picked"] = entered.get(f"{prefix}_{row['value']}", "")
        return rows


def _question(code: str, answers: Mapping[str, Promise], **kwargs: Any) -> VotingMethod:
    return VotingMethod(
        code=code,
        ballot="answer",
        parse=_posted_answer,
        answers=answers,
        choice_text=_answer_text,
        **{"clean": _clean_answer, **kwargs},
    )


def _ranked(code: str, count: tally.Count, present: Any, **kwargs: Any) -> VotingMethod:
    return VotingMethod(
        code=code,
        ballot="ranked",
        parse=_posted_ranking,
        clean=_clean_ranking,
        count=count,
        present=present,
        choice_text=_candidates_text,
        candidates=True,
        **kwargs,
    )


METHODS: dict[str, VotingMethod] = {
    method.code: method
    for method in (
        _question(
            Method.YES_NO,
            YES_NO_LABELS,
            count=tally.yes_no,
            present=presentation.yes_no_view,
            weighted=True,
            has_threshold=True,
        ),
        _question(
            Method.SUPPORT_SCALE,
            SUPPORT_LABELS,
            count=tally.support_scale,
            present=presentation.support_scale_view,
        ),
        _question(
            Method.CONSENSUS,
            CONSENSUS_LABELS,
            count=tally.consensus,
            present=presentation.consensus_view,
            has_stages=True,
        ),
        _question(
            Method.GRADIENTS,
            {str(i + 1): label for i, label in enumerate(GRADIENT_LABELS)},
            clean=_clean_gradient,
            count=tally.gradients,
            present=presentation.gradients_view,
        ),
        VotingMethod(
            code=Method.APPROVAL,
            ballot="approval",
            parse=_posted_approvals,
            clean=_clean_approvals,
            count=tally.approval,
            present=presentation.totals_view,
            choice_text=_candidates_text,
            candidates=True,
            multi_seat=True,
        ),
        VotingMethod(
            code=Method.SCORE,
            ballot="score",
            parse=_posted_scores,
            clean=_clean_scores,
            count=tally.score,
            present=presentation.totals_view,
            choice_text=_scores_text,
            candidates=True,
            multi_seat=True,
        ),
        _ranked(
            Method.IRV,
            tally.ranked(voting.irv, ranked_dict),
            presentation.rounds_view,
            has_rounds=True,
        ),
        _ranked(
            Method.SCHULZE,
            tally.ranked(voting.schulze, ranked_dict),
            presentation.pairwise_view,
            has_pairwise=True,
        ),
        _ranked(
            Method.RANKED_PAIRS,
            tally.ranked(voting.ranked_pairs, ranked_dict),
            presentation.pairwise_view,
            has_pairwise=True,
        ),
        _ranked(
            Method.STV,
            tally.ranked(voting.stv_scottish, stv_dict, multi_seat=True),
            presentation.stages_view,
            multi_seat=True,
            has_rounds=True,
        ),
    )
}
assert set(METHODS) == set(Method.values), "every method code has its entry"

CANDIDATE_METHODS = frozenset(code for code, m in METHODS.items() if m.candidates)


def method_get(code: str) -> VotingMethod:
    """The method of this code; a ValidationError (code ``method_unknown``) for another."""
    try:
        return METHODS[code]
    except KeyError:
        raise ValidationError(
            _("Choose one of the voting methods listed."), code="method_unknown"
        ) from None


def method_of(poll: Poll) -> VotingMethod:
    return METHODS[poll.method]


def method_choices() -> list[tuple[str, str]]:
    """For the form that opens a poll, in the registry's order."""
    return [(code, method.label) for code, method in METHODS.items()]


def tally_rules(poll: Poll) -> tally.Rules:
    return tally.Rules(
        options=tuple(poll.options),
        seats=poll.seats,
        max_score=poll.max_score,
        threshold=poll.threshold,
        threshold_base=poll.threshold_base,
    )


def poll_count(
    poll: Poll, ballots: Sequence[tally.CastBallot], categories: Sequence[tally.CategoryLine]
) -> tuple[bool | None, dict[str, Any]]:
    """Count a poll's ballots by its method."""
    method = method_of(poll)
    return tally.count(
        method=method.code,
        counter=method.count,
        by_choice=method.by_choice,
        ballots=ballots,
        categories=categories,
        rules=tally_rules(poll),
    )
