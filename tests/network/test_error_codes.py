"""The network's refusals carry codes (and their placeholders as params), not only prose."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from assemblea.network import services

pytestmark = pytest.mark.django_db


def test_link_and_forward_refusals_carry_codes(
    chain: Any, organizer: Any, regional_organizer: Any
) -> None:
    with pytest.raises(ValidationError) as own:
        services.link_request(actor=organizer, child=chain.local, parent=chain.local)
    assert own.value.error_dict["parent"][0].code == "assembly_cannot_own_parent"
    with pytest.raises(ValidationError) as unlinked:
        services.item_forward(actor=organizer, assembly=chain.local, resolution=chain.resolution)
    assert unlinked.value.error_list[0].code == "assembly_no_accepted_parent"
    link = services.link_request(actor=organizer, child=chain.local, parent=chain.regional)
    with pytest.raises(ValidationError) as twice:
        services.link_request(actor=organizer, child=chain.local, parent=chain.national)
    error = twice.value.error_dict["parent"][0]
    assert error.code == "assembly_already_linked_assembly"
    assert error.params == {"parent": chain.regional.title}
    services.link_accept(actor=regional_organizer, link=link)
    with pytest.raises(ValidationError) as accepted:
        services.link_accept(actor=regional_organizer, link=link)
    assert accepted.value.error_list[0].code == "link_already_accepted"
