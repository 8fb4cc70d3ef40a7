"""The address list and the invitations drawn from it."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assemblea.core.events import assembly_event_record
from assemblea.recruitment import events
from assemblea.recruitment.invitations import (
    AddressImport,
    ColumnMapping,
    draw_households,
    read_addresses,
    sample_digest,
)
from assemblea.recruitment.models import (
    Household,
    Invitation,
    InvitationDraw,
    Recruitment,
)
from assemblea.recruitment.permissions import RecruitmentAction, require
from assemblea.recruitment.services._common import _unique_codes


class SkippedRows(ValidationError):
    """Some rows of the address list are malformed; nothing was imported yet."""

    def __init__(self, result: AddressImport) -> None:
        super().__init__(
            _(
                "%(count)s rows were skipped. Check the list below, then import the other "
                "%(rows)s rows, or fix the file and upload it again."
            )
            % {"count": len(result.skipped), "rows": len(result.rows)}
        )
        self.result = result


@transaction.atomic
def addresses_import(
    *,
    actor: Any,
    recruitment: Recruitment,
    text: str,
    import_the_rest: bool = False,
    mapping: ColumnMapping | None = None,
) -> AddressImport:
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    result = read_addresses(text, mapping)
    if not result.rows:
        raise ValidationError(
            _("No address could be read: %(why)s."),
            code="no_address_readable",
            params={"why": "; ".join(f"line {line}: {why}" for line, why in result.skipped[:5])},
        )
    if result.skipped and not import_the_rest:
        raise SkippedRows(result)
    existing = set(recruitment.households.values_list("key", flat=True))
    Household.objects.bulk_create(
        Household(
            recruitment=recruitment,
            key=row.key,
            address=row.address,
            area=row.area,
            language=row.language,
        )
        for row in result.rows
        if row.key not in existing
    )
    assembly_event_record(
        assembly=recruitment.assembly,
        verb=events.ADDRESSES_IMPORTED,
        actor=actor,
        data={"count": len(result.rows)},
    )
    return result


@transaction.atomic
def invitations_draw(
    *,
    actor: Any,
    recruitment: Recruitment,
    size: int,
    seed: str,
    area_weights: dict[str, float] | None = None,
) -> InvitationDraw:
    """Draw `size` households not yet invited, weighted by area, and give each a code."""
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    seed = " ".join(seed.split())
    if not seed:
        raise ValidationError(
            {
                "seed": ValidationError(
                    _("Give a seed, for example numbers drawn in public."), code="seed_missing"
                )
            }
        )
    weights = area_weights or {}
    if any(not math.isfinite(weight) for weight in weights.values()):
        raise ValidationError(
            {
                "area_weights": ValidationError(
                    _("Area weights must be finite numbers."), code="area_weight_not_finite"
                )
            }
        )
    if any(weight < 0 for weight in weights.values()):
        raise ValidationError(
            {
                "area_weights": ValidationError(
                    _("Area weights cannot be negative."), code="area_weight_negative"
                )
            }
        )
    candidates = list(
        recruitment.households.filter(invitation__isnull=True).values_list("key", "area")
    )
    if size < 1:
        raise ValidationError(
            {
                "size": ValidationError(
                    _("Draw at least one invitation."), code="draw_size_too_small"
                )
            }
        )
    try:
        keys = draw_households(candidates, size, seed, weights)
    except ValueError as error:
        raise ValidationError(
            {"size": ValidationError(str(error), code="draw_impossible")}
        ) from error
    draw = InvitationDraw.objects.create(
        recruitment=recruitment,
        seed=seed,
        size=size,
        area_weights=weights,
        digest=sample_digest(keys),
    )
    households = {h.key: h for h in recruitment.households.filter(key__in=keys)}
    taken = set(Invitation.objects.values_list("code", flat=True))
    Invitation.objects.bulk_create(
        Invitation(draw=draw, household=households[key], code=code)
        for key, code in zip(keys, _unique_codes(len(keys), taken), strict=True)
    )
    assembly_event_record(
        assembly=recruitment.assembly,
        verb=events.INVITATIONS_DRAWN,
        actor=actor,
        data={"size": size, "seed": seed},
    )
    return draw
