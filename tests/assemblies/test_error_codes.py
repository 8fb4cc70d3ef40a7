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


def test_an_unknown_username_is_said_on_the_form_of_its_button(
    client: Any, make_assembly: Any, organizer: Any
) -> None:
    from django.urls import reverse

    from assemblea.assemblies.models import AssemblyRole

    assembly = make_assembly()
    client.force_login(organizer)
    lottery = assembly.categories.first()
    page = client.post(
        reverse("assemblies:members", args=[assembly.slug]),
        {"fill_seat": "1", "category": lottery.pk, "name": "New", "cohort": 1, "username": "ghost"},
    )
    assert page.status_code == 200
    # (core.forms.form_add_service_errors copies messages, not codes, onto the form)
    assert page.context["form"].errors["username"] == ["Nobody has the username “ghost”."]
    assert not assembly.categories.filter(holders__name="New").exists()
    page = client.post(
        reverse("assemblies:roles", args=[assembly.slug]),
        {"grant": "1", "username": "ghost", "role": "observer"},
    )
    assert page.context["form"].has_error("username")
    assert "ghost" in page.content.decode()
    assert not AssemblyRole.objects.filter(assembly=assembly, role="observer").exists()
