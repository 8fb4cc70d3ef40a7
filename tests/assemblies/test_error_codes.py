"""The assemblies app's refusals carry codes (and their placeholders as params)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from assemblea.assemblies import services
from assemblea.assemblies.models import SeatType

pytestmark = pytest.mark.django_db


def test_seat_categories_refuse_with_codes(make_assembly: Any, organizer: Any) -> None:
    assembly = make_assembly()
    with pytest.raises(ValidationError) as none:
        services.seat_category_save(
            actor=organizer, assembly=assembly, seat_type=SeatType.LOTTERY, name="X", seats=0
        )
    assert none.value.error_dict["seats"][0].code == "no_seats"
    with pytest.raises(ValidationError) as too_many:
        services.seat_category_save(
            actor=organizer, assembly=assembly, seat_type=SeatType.LOTTERY, name="X", seats=500
        )
    error = too_many.value.error_dict["seats"][0]
    assert error.code == "seats_exceed_planned_size"
    assert error.params["size"] == assembly.planned_size
    assert f"has {assembly.planned_size}" in too_many.value.message_dict["seats"][0]
