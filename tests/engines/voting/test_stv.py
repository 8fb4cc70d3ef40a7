from __future__ import annotations

from pathlib import Path

from assemblea.engines.voting.ballots import Election
from assemblea.engines.voting.formats import read_election
from assemblea.engines.voting.stv import SCALE, format_votes, stv_scottish


def election(rankings: list[tuple[int, str]], seats: int, names: str = "ABCD") -> Election:
    return Election.from_rankings(list(names), [(n, list(r)) for n, r in rankings], seats)


def test_real_wards_elect_what_the_peers_elected(
    ward: Path, baseline_stv: dict[str, list[int]]
) -> None:
    result = stv_scottish(read_election(ward))
    assert sorted(c + 1 for c in result.elected) == baseline_stv[ward.stem]
    assert result.lots == []
    # every stage conserves the votes: totals + non-transferable + lost = valid ballots
    gone = 0
    for stage in result.stages:
        gone += stage.non_transferable + stage.lost_to_rounding
        assert sum(stage.totals.values()) + gone == result.valid_ballots * SCALE


def test_order_of_election_on_real_wards(ward: Path) -> None:
    result = stv_scottish(read_election(ward))
    expected = {
        "shetland_2022_ward3": [1, 4],
        "glasgow_2012_ward5": [1, 9, 13, 5],
        "north_ayrshire_2022_north_coast": [1, 10, 2, 4, 7],
        "edinburgh_2017_ward1": [4, 10, 2, 9],
    }
    assert [c + 1 for c in result.elected] == expected[ward.stem]


def test_surplus_transfer_value_truncates_to_five_decimals() -> None:
    # 13 ballots, 2 seats: quota 13 // 3 + 1 = 5. A has 9, surplus 4: transfer value
    # 4 x 1 / 9 = 0.444444... -> 0.44444; B receives 7 x 0.44444 = 3.11108.
    result = stv_scottish(election([(7, "AB"), (2, "AC"), (3, "B"), (1, "C")], seats=2))
    assert result.quota == 5
    surplus = result.stages[1]
    assert surplus.action == "surplus"
    assert surplus.transfer_value == 44444
    assert format_votes(surplus.changes[1]) == "3.11108"
    assert format_votes(surplus.changes[2]) == "0.88888"
    assert format_votes(surplus.lost_to_rounding) == "0.00004"
    assert result.elected == [0, 1]


def test_later_transfer_uses_value_when_received() -> None:
    # 11 ballots, 2 seats: quota 4. A has 6, surplus 2: each A paper moves to B at 0.33333.
    # B (1.99998) is then lowest and excluded: its papers move on to C at 0.33333 each,
    # the value they had when B received them (rule 50(4)).
    result = stv_scottish(election([(6, "ABC"), (3, "D"), (2, "C")], seats=2))
    assert result.quota == 4
    assert result.stages[1].transfer_value == 33333
    exclusion = result.stages[2]
    assert (exclusion.action, exclusion.candidate) == ("exclusion", 1)
    assert exclusion.changes[2] == 6 * 33333
    assert format_votes(exclusion.totals[2]) == "3.99998"
    assert result.elected == [0, 2]


def test_exclusion_tie_broken_by_earlier_stage() -> None:
    # Stage 1: A 10, B 4, C 3, D 1. A's surplus is non-transferable (stage 2), D is excluded
    # and C rises to 4 = B (stage 3). Rule 51: at the most recent stage where they differed
    # (stage 2) C had fewer, so C is excluded, and B fills the last seat.
    result = stv_scottish(election([(10, "A"), (4, "B"), (3, "C"), (1, "DC")], seats=2))
    assert result.quota == 7
    tie = result.stages[3]
    assert tie.action == "exclusion" and tie.candidate == 2
    assert tie.tie_break is not None and "earlier stage" in tie.tie_break
    assert result.lots == []
    assert result.elected == [0, 1]


def test_tie_at_every_stage_is_decided_by_seeded_lot() -> None:
    ballots = [(5, "A"), (5, "B"), (5, "C")]
    first = stv_scottish(election(ballots, seats=1, names="ABC"), seed="public dice 3 6 1")
    again = stv_scottish(election(ballots, seats=1, names="ABC"), seed="public dice 3 6 1")
    assert first.elected == again.elected
    assert first.lots and first.lots[0].tied == (0, 1, 2)
    chosen = {
        stv_scottish(election(ballots, seats=1, names="ABC"), seed=str(s)).lots[0].chosen
        for s in range(20)
    }
    assert len(chosen) > 1


def test_last_vacancies_filled_without_transfer() -> None:
    # 3 candidates, 2 seats: once one is excluded the other two are elected (rule 52).
    result = stv_scottish(election([(3, "A"), (2, "B"), (1, "C")], seats=2, names="ABC"))
    assert sorted(result.elected) == [0, 1]


def test_fewer_candidates_than_seats_elects_all() -> None:
    result = stv_scottish(election([(3, "A"), (2, "B")], seats=3, names="AB"))
    assert sorted(result.elected) == [0, 1]
