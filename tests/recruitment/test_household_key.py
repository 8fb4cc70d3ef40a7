"""One household per address, whatever its length or its spelling of case and commas."""

from __future__ import annotations


def test_a_very_long_address_is_one_household_that_fits_its_column() -> None:
    from assemblea.recruitment.invitations import HOUSEHOLD_KEY_MAX, household_key

    street = "Calle de la Peña " + "muy larga " * 40
    one, same, other = (
        household_key(street + "7"),
        household_key(street.upper() + " 7"),
        household_key(street + "9"),
    )
    assert len(one) <= HOUSEHOLD_KEY_MAX and one == same and one != other
    assert household_key("1, Main  St") == "1 main st"
