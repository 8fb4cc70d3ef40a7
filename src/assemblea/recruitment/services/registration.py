"""Registering for the lottery, duplicates and walk-in registration."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.core.events import assembly_event_record
from assemblea.recruitment import events, identity, notices
from assemblea.recruitment.invitations import household_key as household_key_of
from assemblea.recruitment.models import (
    Channel,
    Contact,
    Invitation,
    NoticeKind,
    Recruitment,
    Registration,
    RunStatus,
    TargetCategory,
)
from assemblea.recruitment.permissions import (
    RecruitmentAction,
    registration_closed_reason,
    require,
)
from assemblea.recruitment.services._common import _unique_codes
from assemblea.recruitment.targets import (
    age_brackets,
    bracket_for_birth_year,
)

SUPPORT_NEEDS = (
    "childcare",
    "travel",
    "interpretation",
    "sign_language",
    "step_free",
    "dietary",
    "hearing_loop",
    "large_print",
)


def _public_id(recruitment: Recruitment) -> str:
    taken = set(recruitment.registrations.values_list("public_id", flat=True))
    return "R" + _unique_codes(1, {code[1:] for code in taken})[0][:6]


Errors = dict[str, list[ValidationError]]


def _error(errors: Errors, field: str, message: str, code: str, **params: Any) -> None:
    errors.setdefault(field, []).append(ValidationError(message, code=code, params=params or None))


def _submit_allowed(recruitment: Recruitment, actor: Any) -> None:
    """An organizer enters registrations while they may run the recruitment; the public
    form only while registration is open."""
    if actor is not None:
        require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
        return
    closed = registration_closed_reason(recruitment)
    if closed:
        raise ValidationError(closed, code="registration_closed")


def _answers_with_age(
    categories: Sequence[TargetCategory],
    answers: dict[str, str],
    birth_year: int | None,
    errors: Errors,
) -> dict[str, str]:
    """The answers, with each age category derived from the year of birth."""
    answers = dict(answers)
    this_year = timezone.localdate().year
    for category in categories:
        if category.derived_from != "birth_year":
            continue
        brackets = age_brackets([v.value for v in category.values.all()]) or []
        if birth_year is None or not 1900 <= birth_year <= this_year:
            _error(errors, "birth_year", _("Give your year of birth, e.g. 1987."), "birth_year")
            continue
        bracket = bracket_for_birth_year(brackets, birth_year, this_year)
        if bracket is None:
            ages = ", ".join(v for v, _low, _high in brackets)
            _error(
                errors,
                "birth_year",
                _("This lottery is for people aged %(ages)s."),
                "age_outside_brackets",
                ages=ages,
            )
            continue
        answers[category.name] = bracket
    return answers


def _extra_answers_checked(
    recruitment: Recruitment, extra_answers: dict[str, str] | None, channel: str, errors: Errors
) -> dict[str, str]:
    """The answers to the organizers' own questions (required ones on the web form)."""
    extra = {key: value.strip() for key, value in (extra_answers or {}).items()}
    for question in recruitment.extra_questions:
        if question.get("required") and channel == Channel.WEB and not extra.get(question["key"]):
            _error(errors, f"extra_{question['key']}", _("Please answer."), "answer_required")
    return {q["key"]: extra[q["key"]] for q in recruitment.extra_questions if extra.get(q["key"])}


def _person_checked(
    categories: Sequence[TargetCategory],
    answers: dict[str, str],
    errors: Errors,
    *,
    name: str,
    email: str,
    phone: str,
    channel: str,
    consents_to_privacy_notice: bool,
    support_needs: Sequence[str],
) -> None:
    for category in categories:
        allowed = {v.value for v in category.values.all()}
        if answers.get(category.name) not in allowed and not category.derived_from:
            _error(errors, f"answer_{category.name}", _("Choose one answer."), "answer_missing")
    if not consents_to_privacy_notice:
        _error(
            errors,
            "consents_to_privacy_notice",
            _("We can only register you if you agree to the privacy notice."),
            "privacy_consent_missing",
        )
    if not name.strip():
        _error(errors, "name", _("Tell us your name."), "name_missing")
    if channel == Channel.WEB and not (email.strip() or phone.strip()):
        _error(errors, "email", _("Give an email address or a phone number."), "contact_missing")
    if any(need not in SUPPORT_NEEDS for need in support_needs):
        _error(
            errors,
            "support_needs",
            _("Choose support needs from the list."),
            "support_need_unknown",
        )


def _invitation_of(
    recruitment: Recruitment, code: str, address: str, channel: str, errors: Errors
) -> tuple[Invitation | None, str]:
    """The invitation the code stands for and the household it was sent to (or, without a
    code, the household of the address given), when registration allows it."""
    code = code.strip().upper()
    if code:
        invitation = (
            Invitation.objects.select_related("household")
            .filter(code=code, draw__recruitment=recruitment)
            .first()
        )
        if invitation is None:
            _error(
                errors,
                "code",
                _("This code is not one of ours. Check the letter, or leave it empty."),
                "invitation_code_unknown",
            )
            return None, ""
        return invitation, invitation.household.key
    if not recruitment.walk_in_open:
        _error(
            errors,
            "code",
            _(
                "Registration needs the code from your invitation letter. The organizers "
                "have not opened registration to people without a letter."
            ),
            "invitation_code_required",
        )
    elif address.strip() and channel == Channel.WEB:
        return None, household_key_of(address)
    return None, ""


def _household_taken() -> ValidationError:
    return ValidationError(
        {
            "code": ValidationError(
                _(
                    "Someone from this household has already registered, thank you. Only "
                    "one person per household can take part in the lottery."
                ),
                code="household_registered",
            )
        }
    )


def _registration_create(
    recruitment: Recruitment,
    invitation: Invitation | None,
    household_key: str,
    answers: dict[str, str],
    channel: str,
    page: str,
) -> Registration:
    if household_key and recruitment.registrations.filter(household_key=household_key).exists():
        raise _household_taken()
    try:
        with transaction.atomic():
            return Registration.objects.create(
                recruitment=recruitment,
                public_id=_public_id(recruitment),
                invitation=invitation,
                household_key=household_key,
                answers=answers,
                channel=channel,
                page=page,
                without_invitation=invitation is None,
            )
    except IntegrityError:
        raise _household_taken() from None


def _duplicate_flag(
    registration: Registration, name: str, email: str, phone: str, birth_year: int | None
) -> dict[str, str]:
    """Flag the registration as a duplicate of the same person's earlier one (found by any of
    the keys); the keys it was looked up by."""
    keys = {
        "email_key": identity.email_key(email),
        "phone_key": identity.phone_key(phone),
        "person_key": identity.person_key(name, birth_year),
    }
    original = _earlier_registration(registration.recruitment, keys)
    if original is not None:
        registration.duplicate_of = original
        registration.save(update_fields=["duplicate_of"])
    return keys


@transaction.atomic
def registration_submit(
    *,
    recruitment: Recruitment,
    answers: dict[str, str],
    name: str,
    language: str,
    consents_to_privacy_notice: bool,
    code: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
    availability: str = "",
    support_needs: Sequence[str] = (),
    interpretation_language: str = "",
    support_notes: str = "",
    consents_to_be_named: bool = False,
    channel: str = Channel.WEB,
    actor: Any = None,
    birth_year: int | None = None,
    extra_answers: dict[str, str] | None = None,
    page: str = "",
) -> Registration:
    """Register a person for the lottery: from the public form, or entered by an organizer
    from a paper form or a phone call (then `actor` is the organizer)."""
    _submit_allowed(recruitment, actor)
    errors: Errors = {}
    categories = list(recruitment.target_categories.prefetch_related("values"))
    answers = _answers_with_age(categories, answers, birth_year, errors)
    extra = _extra_answers_checked(recruitment, extra_answers, channel, errors)
    _person_checked(
        categories,
        answers,
        errors,
        name=name,
        email=email,
        phone=phone,
        channel=channel,
        consents_to_privacy_notice=consents_to_privacy_notice,
        support_needs=support_needs,
    )
    invitation, household_key = _invitation_of(recruitment, code, address, channel, errors)
    if errors:
        raise ValidationError(errors)
    registration = _registration_create(
        recruitment,
        invitation,
        household_key,
        {category.name: answers[category.name] for category in categories},
        channel,
        page,
    )
    keys = _duplicate_flag(registration, name, email, phone, birth_year)
    Contact.objects.create(
        registration=registration,
        **keys,
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        address=address.strip() or (invitation.household.address if invitation else ""),
        language=language,
        availability=availability,
        support_needs=list(dict.fromkeys(support_needs)),
        interpretation_language=interpretation_language,
        support_notes=support_notes,
        extra_answers=extra | ({"birth_year": str(birth_year)} if birth_year is not None else {}),
        consents_to_privacy_notice=True,
        consents_to_be_named=consents_to_be_named,
    )
    assembly_event_record(
        assembly=recruitment.assembly,
        verb=events.REGISTERED,
        actor=actor,
        data={"channel": channel, "with_invitation": invitation is not None},
        # One line per person would flood the public timeline (81 "a person registered"):
        # the count is public when the selection starts (SELECTION_QUEUED's `registrations`).
        public=False,
    )
    transaction.on_commit(lambda: _registered_notice_send(registration.pk))
    return registration


def _registered_notice_send(registration_id: int) -> None:
    notices.notices_send(
        Registration.objects.filter(pk=registration_id).select_related(
            "contact", "recruitment__assembly"
        ),
        NoticeKind.REGISTERED,
    )


def _earlier_registration(recruitment: Recruitment, keys: dict[str, str]) -> Registration | None:
    """The earliest registration of the same person (by any of the keys), followed to the one
    its group keeps in the pool; None when this is the first."""
    from django.db.models import Q

    match = Q()
    for field, key in keys.items():
        if key:
            match |= Q(**{f"contact__{field}": key})
    if not match:
        return None
    earlier = recruitment.registrations.filter(match).select_related("duplicate_of").order_by("pk")
    kept = [r.duplicate_of or r for r in earlier]
    return min(kept, key=lambda r: r.pk) if kept else None


def duplicate_groups(recruitment: Recruitment) -> list[list[Registration]]:
    """The registrations flagged as the same person, each group with the one kept first."""
    groups: dict[int, list[Registration]] = {}
    flagged = recruitment.registrations.filter(duplicate_of__isnull=False).select_related(
        "duplicate_of__contact", "contact"
    )
    for registration in flagged:
        assert registration.duplicate_of is not None
        kept = registration.duplicate_of
        groups.setdefault(kept.pk, [kept]).append(registration)
    return list(groups.values())


def _pool_is_snapshotted(recruitment: Recruitment) -> bool:
    return recruitment.runs.exclude(status__in=[RunStatus.FAILED, RunStatus.CANCELLED]).exists()


@transaction.atomic
def registration_duplicate_keep(*, actor: Any, registration: Registration) -> Registration:
    """The organizer chooses which registration of a group of duplicates stays in the pool
    (by default the earliest); the others stay out of the draw."""
    recruitment = registration.recruitment
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    if _pool_is_snapshotted(recruitment):
        raise ValidationError(
            _(
                "The selection has used the pool already: which registration stays can no "
                "longer change."
            ),
            code="pool_snapshotted",
        )
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    kept = registration.duplicate_of
    if kept is None:
        if not registration.duplicates.exists():
            raise ValidationError(_("This registration has no duplicates."), code="no_duplicates")
        return registration
    group = [kept, *kept.duplicates.exclude(pk=registration.pk)]
    Registration.objects.filter(pk__in=[r.pk for r in group]).update(duplicate_of=registration)
    registration.duplicate_of = None
    registration.save(update_fields=["duplicate_of"])
    assembly_event_record(
        assembly=recruitment.assembly,
        verb=events.DUPLICATE_CHOSEN,
        actor=actor,
        data={"kept": registration.public_id, "left_out": sorted(r.public_id for r in group)},
        public=False,
    )
    return registration


@transaction.atomic
def walk_in_set(*, actor: Any, recruitment: Recruitment, open: bool) -> Recruitment:
    """Open or close registration for people without an invitation code."""
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    if recruitment.walk_in_open != open:
        recruitment.walk_in_open = open
        recruitment.save(update_fields=["walk_in_open"])
        assembly_event_record(
            assembly=recruitment.assembly,
            verb=events.WALK_IN_OPENED if open else events.WALK_IN_CLOSED,
            actor=actor,
        )
    return recruitment
