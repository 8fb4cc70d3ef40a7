import pytest

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
