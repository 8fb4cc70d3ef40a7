"""The organizers' own questions and registration pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assemblea.core.events import assembly_event_record
from assemblea.recruitment import events
from assemblea.recruitment.models import (
    Recruitment,
    RegistrationPage,
)
from assemblea.recruitment.permissions import RecruitmentAction, require
from assemblea.recruitment.targets import (
    age_brackets,
)

# --- The registration form ---------------------------------------------------------------


def _question_key(text: str, taken: set[str]) -> str:
    from django.utils.text import slugify

    base = slugify(text)[:40] or "question"
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}-{number}"
    taken.add(key)
    return key


@transaction.atomic
def registration_form_set(
    *, actor: Any, recruitment: Recruitment, questions: str, birth_year_category: str = ""
) -> None:
    """The organizers' own questions (one per line; a line ending in “*” must be answered),
    and optionally an age category derived from the year of birth."""
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    lines = [line.strip() for line in questions.splitlines() if line.strip()]
    if len(lines) > 20:
        raise ValidationError(
            {
                "questions": ValidationError(
                    _("At most 20 questions of your own."), code="too_many_questions"
                )
            }
        )
    taken: set[str] = set()
    recruitment.extra_questions = [
        {
            "key": _question_key(line.rstrip("*").strip(), taken),
            "question": line.rstrip("*").strip()[:200],
            "required": line.endswith("*"),
        }
        for line in lines
    ]
    recruitment.save(update_fields=["extra_questions"])
    categories = recruitment.target_categories.prefetch_related("values")
    for category in categories:
        derived = "birth_year" if category.name == birth_year_category else ""
        if derived and age_brackets([v.value for v in category.values.all()]) is None:
            raise ValidationError(
                {
                    "birth_year_category": ValidationError(
                        _(
                            "The values of “%(category)s” are not age brackets like “16-29” or "
                            "“65+”, so they cannot come from a year of birth."
                        ),
                        code="not_age_brackets",
                        params={"category": category.name},
                    )
                }
            )
        if category.derived_from != derived:
            if recruitment.registrations.exists():
                raise ValidationError(
                    {
                        "birth_year_category": ValidationError(
                            _(
                                "People have already registered: how the age is asked can no "
                                "longer change."
                            ),
                            code="age_question_locked",
                        )
                    }
                )
            category.derived_from = derived
            category.save(update_fields=["derived_from"])
    assembly_event_record(assembly=recruitment.assembly, verb=events.FORM_CHANGED, actor=actor)


@transaction.atomic
def registration_page_save(
    *, actor: Any, recruitment: Recruitment, slug: str, title: str, intro: str = ""
) -> RegistrationPage:
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    if not title.strip():
        raise ValidationError(
            {"title": ValidationError(_("Give the page a title."), code="page_title_missing")}
        )
    page, _created = RegistrationPage.objects.update_or_create(
        recruitment=recruitment,
        slug=slug,
        defaults={"title": title.strip(), "intro": intro.strip()},
    )
    assembly_event_record(assembly=recruitment.assembly, verb=events.FORM_CHANGED, actor=actor)
    return page


@transaction.atomic
def registration_page_delete(*, actor: Any, page: RegistrationPage) -> None:
    require(actor, RecruitmentAction.MANAGE, page.recruitment.assembly)
    page.delete()
    assembly_event_record(assembly=page.recruitment.assembly, verb=events.FORM_CHANGED, actor=actor)
