import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assemblea.recruitment.targets import (
    Bounds,
    CensusError,
    category_problems,
    propose_bounds,
    read_census,
)


def test_bounds_follow_the_population_and_add_up():
    bounds = propose_bounds({"woman": 0.51, "man": 0.47, "non-binary": 0.02}, 50)
    assert bounds["woman"] == Bounds(25, 26)
    assert bounds["man"] == Bounds(23, 24)
    assert bounds["non-binary"] == Bounds(1, 1)
    assert category_problems("gender", bounds, 50) == []


def test_a_floor_protects_small_groups():
    bounds = propose_bounds({"woman": 0.51, "man": 0.47, "non-binary": 0.02}, 50, floor=2)
    assert bounds["non-binary"] == Bounds(2, 2)


def test_oversampling_and_caps():
    shares = {"renter": 0.4, "owner": 0.6}
    bounds = propose_bounds(shares, 20, oversample=["renter"], caps={"owner": 10})
    assert bounds["renter"] == Bounds(12, 12)
    assert bounds["owner"].max == 10
    assert sum(b.max for b in bounds.values()) >= 20 or category_problems("t", bounds, 20)


def test_infeasible_bounds_are_explained():
    problems = category_problems("age", {"young": Bounds(5, 5), "old": Bounds(5, 5)}, 8)
    assert problems == ["age: the minimums add up to 10, more than the 8 seats."]


def test_census_percentages_are_read():
    shares = read_census("category,value,share\ngender,woman,51%\ngender,man,49%\n")
    assert shares == {"gender": {"woman": 0.51, "man": 0.49}}


def test_census_whose_shares_do_not_add_up_is_refused_with_the_sums():
    with pytest.raises(CensusError) as error:
        read_census("category,value,share\nage,young,0.3\nage,old,0.5\narea,north,1\n")
    assert "age: 0.8" in str(error.value)


def test_census_with_a_bad_row_names_the_line():
    with pytest.raises(CensusError) as error:
        read_census("category,value,share\nage,young,lots\n")
    assert str(error.value).startswith("Line 2:")


def test_the_gender_proposal_with_a_floor_fits_28_seats():
    # The case: a floor of 2 and rounding gave minimums adding to 29 for 28 seats.
    shares = {"woman": 0.505, "man": 0.48, "non-binary": 0.015}
    bounds = propose_bounds(shares, 28, floor=2)
    assert category_problems("gender", bounds, 28) == []
    assert sum(b.min for b in bounds.values()) <= 28


def test_an_oversample_that_overflows_the_seats_is_still_saveable():
    bounds = propose_bounds({"renter": 0.6, "owner": 0.4}, 28, oversample=["renter"])
    assert category_problems("tenure", bounds, 28) == []


@settings(max_examples=300, deadline=None)
@given(
    weights=st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=7),
    seats=st.integers(min_value=1, max_value=200),
    floor=st.integers(min_value=0, max_value=5),
    boost=st.sets(st.integers(min_value=0, max_value=6)),
    factor=st.floats(min_value=1, max_value=3),
)
def test_every_proposal_can_be_saved(weights, seats, floor, boost, factor):
    total = sum(weights)
    if total == 0:
        weights, total = [1.0] * len(weights), float(len(weights))
    shares = {f"v{i}": w / total for i, w in enumerate(weights)}
    bounds = propose_bounds(
        shares,
        seats,
        floor=floor,
        oversample=[f"v{i}" for i in boost],
        oversample_factor=factor,
    )
    assert category_problems("c", bounds, seats) == []
    assert all(0 <= b.min <= b.max for b in bounds.values())
