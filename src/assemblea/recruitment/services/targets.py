"""Starting a recruitment and setting the lottery's targets."""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly, SeatCategory, SeatType
from assemblea.core.events import assembly_event_record
from assemblea.recruitment import events
from assemblea.recruitment.models import (
    Recruitment,
    TargetCategory,
    TargetValue,
)
from assemblea.recruitment.permissions import RecruitmentAction, require
from assemblea.recruitment.targets import (
    Bounds,
    category_problems,
)


@transaction.atomic
def recruitment_start(
    *,
    actor: Any,
    assembly: Assembly,
    category: SeatCategory,
    privacy_notice: str,
    seats: int | None = None,
    registration_deadline: datetime.datetime | None = None,
    retention_days: int = 365,
    algorithm: str = "leximin",
) -> Recruitment:
    require(actor, RecruitmentAction.MANAGE, assembly)
    if category.assembly_id != assembly.pk or category.seat_type != SeatType.LOTTERY:
        raise ValidationError(
            {
                "category": ValidationError(
                    _("Choose one of this assembly's lottery seat categories."),
                    code="not_a_lottery_category",
                )
            }
        )
    vacant = (
        category.seats - category.holders.filter(ended_on__isnull=True, is_alternate=False).count()
    )
    seats = vacant if seats is None else seats
    if seats < 1 or seats > vacant:
        raise ValidationError(
            {
                "seats": ValidationError(
                    _("Choose between 1 and %(vacant)s seats: that many are vacant."),
                    code="seats_out_of_range",
                    params={"vacant": vacant},
                )
            }
        )
    if not privacy_notice.strip():
        raise ValidationError(
            {
                "privacy_notice": ValidationError(
                    _("Registrants must be shown a privacy notice."), code="privacy_notice_missing"
                )
            }
        )
    recruitment = Recruitment.objects.create(
        assembly=assembly,
        category=category,
        seats=seats,
        cycle=assembly.cycle,
        privacy_notice=privacy_notice,
        registration_deadline=registration_deadline,
        retention_days=retention_days,
        algorithm=algorithm,
    )
    assembly_event_record(
        assembly=assembly, verb=events.RECRUITMENT_STARTED, actor=actor, data={"seats": seats}
    )
    return recruitment


@dataclass(frozen=True)
class ValueSpec:
    value: str
    share: float
    min: int
    max: int
    # The value's label in the assembly's other languages: {"es": "mujer"}.
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CategorySpec:
    name: str
    question: str
    values: Sequence[ValueSpec]
    # The question in the assembly's other languages: {"es": "¿…?"}.
    questions: Mapping[str, str] = field(default_factory=dict)


def _target_problems(categories: Sequence[CategorySpec], seats: int) -> list[ValidationError]:
    """What is wrong with the targets, each with its code (empty when they can be saved)."""
    problems: list[ValidationError] = []

    def problem(message: str, code: str, **params: Any) -> None:
        problems.append(ValidationError(message, code=code, params=params or None))

    names = [spec.name.strip() for spec in categories]
    if not categories:
        problem(_("Add at least one category."), "no_categories")
    if len(set(names)) != len(names):
        problem(_("Two categories have the same name."), "duplicate_category")
    for spec in categories:
        values = [v.value.strip() for v in spec.values]
        if len(values) < 2:
            problem(
                _("%(category)s: give at least two values."), "too_few_values", category=spec.name
            )
        if len(set(values)) != len(values) or not all(values):
            problem(
                _("%(category)s: every value needs a distinct name."),
                "duplicate_value",
                category=spec.name,
            )
        if not all(math.isfinite(v.share) and 0 <= v.share <= 1 for v in spec.values):
            problem(
                _("%(category)s: every population share must be a number from 0 to 1."),
                "share_out_of_range",
                category=spec.name,
            )
            continue
        if not all(0 <= v.min <= seats and 0 <= v.max <= 10_000 for v in spec.values):
            problem(
                _("%(category)s: minimums and maximums go from 0 to the %(seats)s seats."),
                "bounds_out_of_range",
                category=spec.name,
                seats=seats,
            )
            continue
        total = sum(v.share for v in spec.values)
        if spec.values and abs(total - 1) > 0.01:
            problem(
                _("%(category)s: the population shares add up to %(total)s, not 1."),
                "shares_not_one",
                category=spec.name,
                total=number_format(total, 3, use_l10n=True),
            )
        for text in category_problems(
            spec.name, {v.value: Bounds(v.min, v.max) for v in spec.values}, seats
        ):
            problem(text, "bounds_infeasible", category=spec.name)
    return problems


def _translations(name: str, texts: Mapping[str, str]) -> dict[str, dict[str, str]]:
    return {code: {name: text.strip()} for code, text in texts.items() if text.strip()}


@transaction.atomic
def targets_set(
    *, actor: Any, recruitment: Recruitment, categories: Sequence[CategorySpec]
) -> None:
    """Replace the targets. Refused once people have registered: their answers use them."""
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    if recruitment.registrations.exists():
        raise ValidationError(
            _(
                "People have already registered with these categories: the targets can no "
                "longer change."
            ),
            code="targets_locked",
        )
    problems = _target_problems(categories, recruitment.seats)
    if problems:
        raise ValidationError(problems)
    recruitment.target_categories.all().delete()
    for position, spec in enumerate(categories):
        category = TargetCategory.objects.create(
            recruitment=recruitment,
            name=spec.name.strip(),
            question=spec.question.strip() or spec.name.strip(),
            position=position,
            translations=_translations("question", spec.questions),
        )
        TargetValue.objects.bulk_create(
            TargetValue(
                category=category,
                value=value.value.strip(),
                population_share=Decimal(str(round(value.share, 4))),
                min_seats=value.min,
                max_seats=value.max,
                position=index,
                translations=_translations("value", value.labels),
            )
            for index, value in enumerate(spec.values)
        )
    assembly_event_record(
        assembly=recruitment.assembly,
        verb=events.TARGETS_SET,
        actor=actor,
        data={"categories": len(categories)},
    )
