from collections import Counter

import pytest

from assemblea.recruitment.invitations import draw_households, read_addresses


def test_malformed_rows_are_reported_and_duplicates_skipped():
    text = "address,area\n1 High St,north\n,north\n2 High St\n1 high st,north\n3 Low Rd,south\n"
    result = read_addresses(text)
    assert [row.address for row in result.rows] == ["1 High St", "3 Low Rd"]
    assert [line for line, _why in result.skipped] == [3, 4, 5]


def test_the_draw_is_repeatable_and_one_per_household():
    households = [(f"house {i}", "north") for i in range(100)]
    first = draw_households(households, 30, "7 12 33")
    assert first == draw_households(households, 30, "7 12 33")
    assert len(set(first)) == 30
    assert first != draw_households(households, 30, "7 12 34")


def test_area_weights_send_more_letters_where_fewer_answer():
    households = [(f"n{i}", "north") for i in range(500)] + [(f"s{i}", "south") for i in range(500)]
    drawn = draw_households(households, 200, "seed", {"south": 3.0})
    areas = Counter("south" if key.startswith("s") else "north" for key in drawn)
    assert areas["south"] > 2 * areas["north"]


def test_more_invitations_than_addresses_is_refused():
    with pytest.raises(ValueError):
        draw_households([("a", "")], 2, "seed")


def test_columns_are_mapped_and_an_address_can_span_several():
    from assemblea.recruitment.invitations import ColumnMapping

    text = "Street,No,Postcode,Barrio,Idioma\nOak St,1,RV1,North,es\nOak St,2,RV1,South,en\n"
    mapping = ColumnMapping.parse("street, no, postcode", "barrio", "idioma")
    result = read_addresses(text, mapping)
    assert [(r.address, r.area, r.language) for r in result.rows] == [
        ("Oak St, 1, RV1", "North", "es"),
        ("Oak St, 2, RV1", "South", "en"),
    ]
    wrong = read_addresses(text, ColumnMapping.parse("address", "", ""))
    assert not wrong.rows
    assert "“address”" in wrong.skipped[0][1] and "“street”" in wrong.skipped[0][1]
