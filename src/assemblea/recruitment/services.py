"""Every write of the civic lottery: targets, invitations, registrations, selection,
the public draw, confirmations, replacements and seating.

Keyword-only functions, one transaction each, permission first, a ValidationError that says
what to fix, and an event on the assembly's log.
"""

from __future__ import annotations

import datetime
import io
import math
import os
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.events import assembly_stream
from assemblea.assemblies.models import Assembly, SeatCategory, SeatHolder, SeatType
from assemblea.core.events import event_record
from assemblea.core.spreadsheet import csv_writer
from assemblea.recruitment import events, identity, notices
from assemblea.recruitment.invitations import (
    AddressImport,
    ColumnMapping,
    draw_households,
    new_code,
    read_addresses,
    sample_digest,
)
from assemblea.recruitment.models import (
    Channel,
    Contact,
    Household,
    Invitation,
    InvitationDraw,
    NoticeKind,
    NoticeTemplate,
    Recruitment,
    Registration,
    RegistrationPage,
    RegistrationStatus,
    RunKind,
    RunStatus,
    SeatClaim,
    SelectionRun,
    SupportArrangement,
    TargetCategory,
    TargetValue,
)
from assemblea.recruitment.permissions import registration_closed_reason, require_manage
from assemblea.recruitment.selectors import STALL_AFTER, run_stalled
from assemblea.recruitment.targets import (
    Bounds,
    age_brackets,
    bracket_for_birth_year,
    category_problems,
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


def _record(
    assembly: Assembly, verb: str, actor: Any = None, *, public: bool = True, **data: Any
) -> None:
    event_record(
        stream=assembly_stream(assembly.pk), verb=verb, actor=actor, data=data, public=public
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
    require_manage(actor, assembly)
    if category.assembly_id != assembly.pk or category.seat_type != SeatType.LOTTERY:
        raise ValidationError(
            {"category": _("Choose one of this assembly's lottery seat categories.")}
        )
    vacant = (
        category.seats - category.holders.filter(ended_on__isnull=True, is_alternate=False).count()
    )
    seats = vacant if seats is None else seats
    if seats < 1 or seats > vacant:
        raise ValidationError(
            {
                "seats": _("Choose between 1 and %(vacant)s seats: that many are vacant.")
                % {"vacant": vacant}
            }
        )
    if not privacy_notice.strip():
        raise ValidationError({"privacy_notice": _("Registrants must be shown a privacy notice.")})
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
    _record(assembly, events.RECRUITMENT_STARTED, actor, seats=seats)
    return recruitment


@dataclass(frozen=True)
class ValueSpec:
    value: str
    share: float
    min: int
    max: int


@dataclass(frozen=True)
class CategorySpec:
    name: str
    question: str
    values: Sequence[ValueSpec]


@transaction.atomic
def targets_set(
    *, actor: Any, recruitment: Recruitment, categories: Sequence[CategorySpec]
) -> None:
    """Replace the targets. Refused once people have registered: their answers use them."""
    require_manage(actor, recruitment.assembly)
    if recruitment.registrations.exists():
        raise ValidationError(
            _(
                "People have already registered with these categories: the targets can no "
                "longer change."
            )
        )
    problems: list[str] = []
    names = [spec.name.strip() for spec in categories]
    if not categories:
        problems.append(_("Add at least one category."))
    if len(set(names)) != len(names):
        problems.append(_("Two categories have the same name."))
    for spec in categories:
        values = [v.value.strip() for v in spec.values]
        if len(values) < 2:
            problems.append(_("%(category)s: give at least two values.") % {"category": spec.name})
        if len(set(values)) != len(values) or not all(values):
            problems.append(
                _("%(category)s: every value needs a distinct name.") % {"category": spec.name}
            )
        if not all(math.isfinite(v.share) and 0 <= v.share <= 1 for v in spec.values):
            problems.append(
                _("%(category)s: every population share must be a number from 0 to 1.")
                % {"category": spec.name}
            )
            continue
        if not all(0 <= v.min <= recruitment.seats and 0 <= v.max <= 10_000 for v in spec.values):
            problems.append(
                _("%(category)s: minimums and maximums go from 0 to the %(seats)s seats.")
                % {"category": spec.name, "seats": recruitment.seats}
            )
            continue
        total = sum(v.share for v in spec.values)
        if spec.values and abs(total - 1) > 0.01:
            problems.append(
                _("%(category)s: the population shares add up to %(total)s, not 1.")
                % {"category": spec.name, "total": f"{total:.3f}"}
            )
        problems.extend(
            category_problems(
                spec.name, {v.value: Bounds(v.min, v.max) for v in spec.values}, recruitment.seats
            )
        )
    if problems:
        raise ValidationError(problems)
    recruitment.target_categories.all().delete()
    for position, spec in enumerate(categories):
        category = TargetCategory.objects.create(
            recruitment=recruitment,
            name=spec.name.strip(),
            question=spec.question.strip() or spec.name.strip(),
            position=position,
        )
        TargetValue.objects.bulk_create(
            TargetValue(
                category=category,
                value=value.value.strip(),
                population_share=Decimal(str(round(value.share, 4))),
                min_seats=value.min,
                max_seats=value.max,
                position=index,
            )
            for index, value in enumerate(spec.values)
        )
    _record(recruitment.assembly, events.TARGETS_SET, actor, categories=len(categories))


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
    require_manage(actor, recruitment.assembly)
    result = read_addresses(text, mapping)
    if not result.rows:
        raise ValidationError(
            _("No address could be read: %(why)s.")
            % {"why": "; ".join(f"line {line}: {why}" for line, why in result.skipped[:5])}
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
    _record(recruitment.assembly, events.ADDRESSES_IMPORTED, actor, count=len(result.rows))
    return result


def _unique_codes(count: int, taken: set[str]) -> list[str]:
    codes: list[str] = []
    while len(codes) < count:
        code = new_code()
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes


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
    require_manage(actor, recruitment.assembly)
    seed = " ".join(seed.split())
    if not seed:
        raise ValidationError({"seed": _("Give a seed, for example numbers drawn in public.")})
    weights = area_weights or {}
    if any(not math.isfinite(weight) for weight in weights.values()):
        raise ValidationError({"area_weights": _("Area weights must be finite numbers.")})
    if any(weight < 0 for weight in weights.values()):
        raise ValidationError({"area_weights": _("Area weights cannot be negative.")})
    candidates = list(
        recruitment.households.filter(invitation__isnull=True).values_list("key", "area")
    )
    if size < 1:
        raise ValidationError({"size": _("Draw at least one invitation.")})
    try:
        keys = draw_households(candidates, size, seed, weights)
    except ValueError as error:
        raise ValidationError({"size": str(error)}) from error
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
    _record(recruitment.assembly, events.INVITATIONS_DRAWN, actor, size=size, seed=seed)
    return draw


def _public_id(recruitment: Recruitment) -> str:
    taken = set(recruitment.registrations.values_list("public_id", flat=True))
    return "R" + _unique_codes(1, {code[1:] for code in taken})[0][:6]


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
    if actor is not None:
        require_manage(actor, recruitment.assembly)
    else:
        closed = registration_closed_reason(recruitment)
        if closed:
            raise ValidationError(closed)
    errors: dict[str, list[str]] = {}
    categories = list(recruitment.target_categories.prefetch_related("values"))
    targets = {c.name: {v.value for v in c.values.all()} for c in categories}
    answers = dict(answers)
    for category in categories:
        if category.derived_from != "birth_year":
            continue
        brackets = age_brackets([v.value for v in category.values.all()]) or []
        this_year = timezone.localdate().year
        if birth_year is None or not 1900 <= birth_year <= this_year:
            errors.setdefault("birth_year", []).append(_("Give your year of birth, e.g. 1987."))
            continue
        bracket = bracket_for_birth_year(brackets, birth_year, this_year)
        if bracket is None:
            errors.setdefault("birth_year", []).append(
                _("This lottery is for people aged %(ages)s.")
                % {"ages": ", ".join(v for v, _low, _high in brackets)}
            )
            continue
        answers[category.name] = bracket
    extra_answers = {key: value.strip() for key, value in (extra_answers or {}).items()}
    for question in recruitment.extra_questions:
        if (
            question.get("required")
            and channel == Channel.WEB
            and not extra_answers.get(question["key"])
        ):
            errors.setdefault(f"extra_{question['key']}", []).append(_("Please answer."))
    derived = {c.name for c in categories if c.derived_from}
    for category_name, allowed in targets.items():
        if answers.get(category_name) not in allowed and category_name not in derived:
            errors.setdefault(f"answer_{category_name}", []).append(_("Choose one answer."))
    if not consents_to_privacy_notice:
        errors.setdefault("consents_to_privacy_notice", []).append(
            _("We can only register you if you agree to the privacy notice.")
        )
    if not name.strip():
        errors.setdefault("name", []).append(_("Tell us your name."))
    if channel == Channel.WEB and not (email.strip() or phone.strip()):
        errors.setdefault("email", []).append(_("Give an email address or a phone number."))
    unknown = [need for need in support_needs if need not in SUPPORT_NEEDS]
    if unknown:
        errors.setdefault("support_needs", []).append(_("Choose support needs from the list."))
    invitation = None
    household_key = ""
    code = code.strip().upper()
    if code:
        invitation = (
            Invitation.objects.select_related("household")
            .filter(code=code, draw__recruitment=recruitment)
            .first()
        )
        if invitation is None:
            errors.setdefault("code", []).append(
                _("This code is not one of ours. Check the letter, or leave it empty.")
            )
        else:
            household_key = invitation.household.key
    else:
        if not recruitment.walk_in_open:
            errors.setdefault("code", []).append(
                _(
                    "Registration needs the code from your invitation letter. The organizers "
                    "have not opened registration to people without a letter."
                )
            )
        elif address.strip() and channel == Channel.WEB:
            from assemblea.recruitment.invitations import household_key as key_of

            household_key = key_of(address)
    if errors:
        raise ValidationError(errors)
    if household_key and recruitment.registrations.filter(household_key=household_key).exists():
        raise ValidationError(
            {
                "code": _(
                    "Someone from this household has already registered, thank you. Only "
                    "one person per household can take part in the lottery."
                )
            }
        )
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                recruitment=recruitment,
                public_id=_public_id(recruitment),
                invitation=invitation,
                household_key=household_key,
                answers={category: answers[category] for category in targets},
                channel=channel,
                page=page,
                without_invitation=invitation is None,
            )
    except IntegrityError:
        raise ValidationError(
            {"code": _("Someone from this household has already registered, thank you.")}
        ) from None
    keys = {
        "email_key": identity.email_key(email),
        "phone_key": identity.phone_key(phone),
        "person_key": identity.person_key(name, birth_year),
    }
    original = _earlier_registration(recruitment, keys)
    if original is not None:
        registration.duplicate_of = original
        registration.save(update_fields=["duplicate_of"])
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
        extra_answers={
            q["key"]: extra_answers[q["key"]]
            for q in recruitment.extra_questions
            if extra_answers.get(q["key"])
        }
        | ({"birth_year": str(birth_year)} if birth_year is not None else {}),
        consents_to_privacy_notice=True,
        consents_to_be_named=consents_to_be_named,
    )
    _record(
        recruitment.assembly,
        events.REGISTERED,
        actor,
        channel=channel,
        with_invitation=invitation is not None,
    )
    transaction.on_commit(
        lambda: notices.notices_send(
            Registration.objects.filter(pk=registration.pk).select_related(
                "contact", "recruitment__assembly"
            ),
            NoticeKind.REGISTERED,
        )
    )
    return registration


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
    require_manage(actor, recruitment.assembly)
    if _pool_is_snapshotted(recruitment):
        raise ValidationError(
            _(
                "The selection has used the pool already: which registration stays can no "
                "longer change."
            )
        )
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    kept = registration.duplicate_of
    if kept is None:
        if not registration.duplicates.exists():
            raise ValidationError(_("This registration has no duplicates."))
        return registration
    group = [kept, *kept.duplicates.exclude(pk=registration.pk)]
    Registration.objects.filter(pk__in=[r.pk for r in group]).update(duplicate_of=registration)
    registration.duplicate_of = None
    registration.save(update_fields=["duplicate_of"])
    _record(
        recruitment.assembly,
        events.DUPLICATE_CHOSEN,
        actor,
        public=False,
        kept=registration.public_id,
        left_out=sorted(r.public_id for r in group),
    )
    return registration


@transaction.atomic
def walk_in_set(*, actor: Any, recruitment: Recruitment, open: bool) -> Recruitment:
    """Open or close registration for people without an invitation code."""
    require_manage(actor, recruitment.assembly)
    if recruitment.walk_in_open != open:
        recruitment.walk_in_open = open
        recruitment.save(update_fields=["walk_in_open"])
        _record(
            recruitment.assembly,
            events.WALK_IN_OPENED if open else events.WALK_IN_CLOSED,
            actor,
        )
    return recruitment


# --- Selection --------------------------------------------------------------------------


def _features_csv(recruitment: Recruitment) -> str:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(["feature", "value", "min", "max"])
    for category in recruitment.target_categories.prefetch_related("values"):
        for value in category.values.all():
            writer.writerow([category.name, value.value, value.min_seats, value.max_seats])
    return out.getvalue()


def _people_csv(registrations: Sequence[Registration], categories: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(["id", *categories])
    for registration in registrations:
        writer.writerow([registration.public_id, *(registration.answers[c] for c in categories)])
    return out.getvalue()


@transaction.atomic
def selection_start(*, actor: Any, recruitment: Recruitment) -> SelectionRun:
    """Snapshot the pool's anonymous answers and queue the engine as a background task."""
    require_manage(actor, recruitment.assembly)
    if recruitment.runs.filter(kind=RunKind.SELECTION, status=RunStatus.DRAWN).exists():
        raise ValidationError(
            _("The panel has already been drawn. Draw replacements for people who drop out.")
        )
    categories = list(recruitment.target_categories.values_list("name", flat=True))
    if not categories:
        raise ValidationError(_("Set the lottery's targets first."))
    # One registration per person: flagged duplicates stay out of the pool that is drawn.
    pool = list(
        recruitment.registrations.filter(status=RegistrationStatus.POOL, duplicate_of__isnull=True)
    )
    if len(pool) < recruitment.seats:
        raise ValidationError(
            _(
                "The pool has %(pool)s people for %(seats)s seats: keep registration open, or "
                "reach out to more people."
            )
            % {"pool": len(pool), "seats": recruitment.seats}
        )
    _give_up_stalled(recruitment, actor)
    try:
        with transaction.atomic():
            run = SelectionRun.objects.create(
                recruitment=recruitment,
                kind=RunKind.SELECTION,
                algorithm=recruitment.algorithm,
                features_csv=_features_csv(recruitment),
                people_csv=_people_csv(pool, categories),
            )
    except IntegrityError:
        raise ValidationError(
            _("A selection is already running for this assembly: wait for it to finish.")
        ) from None
    _record(recruitment.assembly, events.SELECTION_QUEUED, actor, algorithm=run.algorithm)
    from assemblea.recruitment.tasks import run_selection

    transaction.on_commit(lambda: run_selection.enqueue(run.pk))
    return run


def _engine_inputs(run: SelectionRun, directory: str, seats: int) -> Any:
    from assemblea.engines.sortition import load_inputs

    features = os.path.join(directory, "features.csv")
    people = os.path.join(directory, "people.csv")
    with open(features, "w", encoding="utf-8", newline="") as handle:
        handle.write(run.features_csv)
    with open(people, "w", encoding="utf-8", newline="") as handle:
        handle.write(run.people_csv)
    return load_inputs(features, people, seats=seats, id_column="id")


def _tidy_report(report: dict[str, Any]) -> dict[str, Any]:
    report["inputs"]["quotas"]["file"] = "features.csv"
    report["inputs"]["people"]["file"] = "people.csv"
    return report


# How often the running task looks for a cancellation, and writes a sign of life when it
# has no progress to save (seconds).
STOP_CHECK_SECONDS = 0.5
HEARTBEAT_SECONDS = 5.0


class _RunWatch:
    """The running task's link to its row: saves the progress (at most once a second) and
    tells the engine to stop as soon as the run is no longer "running" in the database
    (cancelled by an organizer, or given up as stalled)."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.stopped = False
        self.last_progress = 0.0
        self.last_check = 0.0
        self.last_beat = time.monotonic()
        # The solver may call back from a thread of its own: only the task's thread (and
        # its database connection, inside its transaction) reads the run.
        self.thread = threading.get_ident()

    def _running(self) -> Any:
        return SelectionRun.objects.filter(pk=self.run_id, status=RunStatus.RUNNING)

    def progress(self, state: Any) -> None:
        now = time.monotonic()
        if now - self.last_progress < 1 or self.stopped or threading.get_ident() != self.thread:
            return
        self.last_progress = self.last_beat = now
        saved = self._running().update(
            heartbeat_at=timezone.now(),
            progress={
                "algorithm": state.algorithm,
                "phase": getattr(state, "phase", "optimise"),
                "stage": state.stage,
                "iteration": state.iteration,
                "current_min": state.current_min,
                "elapsed": round(state.elapsed, 1),
                "remaining": None if state.remaining is None else round(state.remaining, 1),
                "fixed_types": state.fixed_types,
                "types": state.n_types,
                "columns": state.columns,
            },
        )
        if not saved:
            self.stopped = True

    def should_stop(self) -> bool:
        now = time.monotonic()
        if (
            self.stopped
            or now - self.last_check < STOP_CHECK_SECONDS
            or threading.get_ident() != self.thread
        ):
            return self.stopped
        self.last_check = now
        if now - self.last_beat >= HEARTBEAT_SECONDS:
            self.last_beat = now
            self.stopped = not self._running().update(heartbeat_at=timezone.now())
        else:
            self.stopped = not self._running().exists()
        return self.stopped


def selection_execute(run_id: int) -> None:
    """The background task's body: run the engine, store the report or the reason it failed.

    Progress is saved at most once a second, so the organizer's page can show it. Every
    write is conditional on the run still being "running": once an organizer cancels it
    (or gives it up as stalled) the engine stops at its next check and nothing it computed
    is kept, so nothing is ever half-drawn.
    """
    from assemblea.engines.sortition import (
        InfeasibleQuotasError,
        SelectionCancelled,
        SortitionError,
        build_report,
        select,
    )
    from assemblea.engines.sortition.replace import draw_replacements

    now = timezone.now()
    claimed = SelectionRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        return  # cancelled before it started, or run already
    run = SelectionRun.objects.select_related("recruitment__assembly", "parent").get(pk=run_id)
    watch = _RunWatch(run.pk)
    recruitment = run.recruitment
    try:
        with tempfile.TemporaryDirectory() as directory:
            inputs = _engine_inputs(run, directory, recruitment.seats)
            if run.kind == RunKind.SELECTION:
                selection = select(
                    inputs,
                    run.algorithm,
                    seed=None,
                    progress=watch.progress,
                    should_stop=watch.should_stop,
                )
            else:
                assert run.parent is not None and run.parent.report is not None
                # No seed: the replacement lottery is computed and published first, and the
                # seed announced afterwards picks one of its panels (selection_draw), exactly
                # like the first draw. Knowing the seed before the lottery is fixed would let
                # an organizer try seeds privately.
                selection = draw_replacements(
                    inputs,
                    run.parent.report,
                    run.dropouts,
                    None,  # type: ignore[arg-type]
                    run.algorithm,
                    progress=watch.progress,
                    should_stop=watch.should_stop,
                )
            report = _tidy_report(build_report(selection))
    except SelectionCancelled:
        return  # whoever stopped it has already ended the run, with its reason
    except InfeasibleQuotasError as error:
        _fail(
            run,
            str(error),
            relaxation=[
                {
                    "category": c.category,
                    "value": c.value,
                    "min": c.new_min,
                    "max": c.new_max,
                    "text": c.describe(),
                }
                for c in (error.relaxation or [])
            ],
        )
        return
    except (SortitionError, ValueError) as error:
        _fail(run, str(error))
        return
    except Exception as error:
        # Not the input's fault: the run still ends as failed, with the reason, and the
        # task is recorded as failed with its traceback.
        _fail(
            run,
            _(
                "The engine stopped on an unexpected error (%(error)s). Start it again; if it "
                "fails again, tell the site's administrators."
            )
            % {"error": f"{type(error).__name__}: {error}"[:500]},
        )
        raise
    with transaction.atomic():
        finished = SelectionRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            report=report, finished_at=timezone.now(), status=RunStatus.READY
        )
        if finished:
            _record(
                recruitment.assembly,
                events.REPLACEMENT_READY
                if run.kind == RunKind.REPLACEMENT
                else events.SELECTION_READY,
                panels=report["lottery"]["size"],
            )


def _fail(
    run: SelectionRun,
    reason: str,
    relaxation: list[dict[str, Any]] | None = None,
    *,
    actor: Any = None,
) -> None:
    """End an active run as failed with its reason (not one that was cancelled meanwhile)."""
    with transaction.atomic():
        failed = SelectionRun.objects.filter(
            pk=run.pk, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
        ).update(
            status=RunStatus.FAILED,
            error=reason,
            relaxation=relaxation or [],
            finished_at=timezone.now(),
        )
        if failed:
            run.refresh_from_db()
            _record(run.recruitment.assembly, events.SELECTION_FAILED, actor, reason=reason[:300])


def _stall_reason() -> str:
    return _(
        "The engine gave no sign of life for %(minutes)s minutes: its worker was probably "
        "stopped or restarted. Nothing was drawn; start the selection again."
    ) % {"minutes": int(STALL_AFTER.total_seconds() // 60)}


def _give_up_stalled(recruitment: Recruitment, actor: Any) -> None:
    """End the recruitment's stalled runs as failed, so a new one can start at once."""
    now = timezone.now()
    for run in recruitment.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]):
        if run_stalled(run, now):
            _fail(run, _stall_reason(), actor=actor)


@transaction.atomic
def selection_cancel(*, actor: Any, run: SelectionRun) -> SelectionRun:
    """Cancel a queued or running selection (or replacement) run.

    The run ends as "cancelled" at once, so a new one can be started straight away; the
    engine sees it at its next check (within a second or so) and stops without keeping
    anything. The pool is left as it was: nobody is selected, nothing is drawn."""
    require_manage(actor, run.recruitment.assembly)
    run = (
        SelectionRun.objects.select_for_update()
        .select_related("recruitment__assembly")
        .get(pk=run.pk)
    )
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        raise ValidationError(
            _("This run has already ended (%(status)s): there is nothing to cancel.")
            % {"status": run.get_status_display()}
        )
    was = run.status
    run.status = RunStatus.CANCELLED
    run.cancelled_by = actor
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "cancelled_by", "finished_at"])
    _record(
        run.recruitment.assembly,
        events.SELECTION_CANCELLED,
        actor,
        kind=run.kind,
        was=str(was),
    )
    return run


@transaction.atomic
def selection_retry(*, actor: Any, run: SelectionRun) -> SelectionRun:
    """Start a failed, cancelled or stalled run again, from the same snapshot."""
    require_manage(actor, run.recruitment.assembly)
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if run_stalled(run):
        _fail(run, _stall_reason(), actor=actor)
        run.refresh_from_db()
    if run.status not in (RunStatus.FAILED, RunStatus.CANCELLED):
        if run.status in (RunStatus.QUEUED, RunStatus.RUNNING):
            raise ValidationError(_("This run is still going: cancel it first."))
        raise ValidationError(_("Only a failed or cancelled run can be restarted."))
    if (
        run.kind == RunKind.SELECTION
        and run.recruitment.runs.filter(kind=RunKind.SELECTION, status=RunStatus.DRAWN).exists()
    ):
        raise ValidationError(
            _("The panel has already been drawn. Draw replacements for people who drop out.")
        )
    try:
        with transaction.atomic():
            retry = SelectionRun.objects.create(
                recruitment=run.recruitment,
                kind=run.kind,
                parent=run.parent,
                algorithm=run.algorithm,
                seed=run.seed,
                dropouts=run.dropouts,
                features_csv=run.features_csv,
                people_csv=run.people_csv,
            )
    except IntegrityError:
        raise ValidationError(
            _("A selection is already running for this assembly: wait for it to finish.")
        ) from None
    _record(run.recruitment.assembly, events.SELECTION_QUEUED, actor, algorithm=retry.algorithm)
    from assemblea.recruitment.tasks import run_selection

    transaction.on_commit(lambda: run_selection.enqueue(retry.pk))
    return retry


@transaction.atomic
def relaxation_accept(*, actor: Any, run: SelectionRun) -> None:
    """Apply the engine's proposed relaxation of the quotas to the targets."""
    recruitment = run.recruitment
    require_manage(actor, recruitment.assembly)
    if run.status != RunStatus.FAILED or not run.relaxation:
        raise ValidationError(_("There is no proposed relaxation to accept."))
    for change in run.relaxation:
        TargetValue.objects.filter(
            category__recruitment=recruitment,
            category__name=change["category"],
            value=change["value"],
        ).update(min_seats=change["min"], max_seats=change["max"])
    _record(
        recruitment.assembly,
        events.TARGETS_SET,
        actor,
        categories=recruitment.target_categories.count(),
    )


@transaction.atomic
def selection_draw(*, actor: Any, run: SelectionRun, seed: str) -> list[Registration]:
    """The public draw: the seed announced in the open picks one panel of the lottery that was
    computed and published before (the first draw, or a replacement lottery)."""
    from assemblea.engines.sortition.lottery import draw, normalise_seed

    recruitment = run.recruitment
    require_manage(actor, recruitment.assembly)
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.READY or run.report is None:
        raise ValidationError(_("This lottery is not ready for a draw."))
    seed = normalise_seed(seed)
    if not seed:
        raise ValidationError({"seed": _("Give the seed announced in public.")})
    index, panel = draw(run.report["lottery"]["panels"], seed)
    report = dict(run.report)
    report["draw"] = {"seed": seed, "index": index, "panel": panel}
    if run.kind == RunKind.REPLACEMENT:
        replacement = dict(report["replacement"])
        replacement["replacements"] = panel
        replacement["panel"] = [*replacement["kept"], *panel]
        report["replacement"] = replacement
    run.report = report
    run.seed = seed
    run.status = RunStatus.DRAWN
    run.save()
    recruitment.registrations.filter(public_id__in=panel).update(status=RegistrationStatus.SELECTED)
    selected = list(recruitment.registrations.filter(public_id__in=panel))
    if run.kind == RunKind.REPLACEMENT:
        _record(recruitment.assembly, events.REPLACEMENTS_DRAWN, actor, count=len(panel), seed=seed)
    else:
        _record(recruitment.assembly, events.PANEL_DRAWN, actor, seed=seed)
    _notify_selected(selected)
    return selected


RESPONSE_DAYS = 30


def response_link_issue(registration: Registration) -> str:
    """A new personal address where a selected person answers yes or no themselves.

    The link carries a random token; only its SHA-256 is stored (with an expiry), so a link
    cannot be made from the registration's id and the site's SECRET_KEY, nor from a copy of
    the database. Issuing a new link replaces the previous one."""
    token, digest = identity.new_token()
    registration.response_token_hash = digest
    registration.response_expires_at = timezone.now() + datetime.timedelta(days=RESPONSE_DAYS)
    registration.save(update_fields=["response_token_hash", "response_expires_at"])
    return settings.BASE_URL + reverse("recruitment:respond", kwargs={"token": token})


def registration_by_token(token: str) -> Registration:
    registration = None
    if token and len(token) <= 200:
        registration = (
            Registration.objects.select_related("recruitment__assembly")
            .filter(response_token_hash=identity.token_hash(token))
            .first()
        )
    if registration is None:
        raise ValidationError(
            _(
                "This link is not one of ours, or a newer one was sent. Use the link in the "
                "latest e-mail, or call or write to the organizers to give your answer."
            )
        )
    expires = registration.response_expires_at
    if expires is None or expires <= timezone.now():
        raise ValidationError(
            _("This link is too old. Call or write to the organizers to give your answer.")
        )
    return registration


def _notify_selected(selected: Sequence[Registration]) -> None:
    """Give each selected person a fresh personal link, and e-mail it after the commit."""
    links = {registration.pk: response_link_issue(registration) for registration in selected}
    ids = list(links)

    def send() -> None:
        chosen = list(
            Registration.objects.filter(pk__in=ids).select_related(
                "contact", "recruitment__assembly"
            )
        )
        notices.notices_send(chosen, NoticeKind.SELECTED, links)

    transaction.on_commit(send)


@transaction.atomic
def registration_respond(*, actor: Any, registration: Registration, accepted: bool) -> None:
    """An organizer records a selected person's answer (by phone, letter, in person)."""
    require_manage(actor, registration.recruitment.assembly)
    _respond(registration, accepted, actor)


@transaction.atomic
def registration_respond_by_link(*, token: str, accepted: bool) -> Registration:
    """A selected person answers through the personal link in their e-mail."""
    registration = registration_by_token(token)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.SEATED:
        raise ValidationError(_("You already have your seat. Write to the organizers to leave."))
    _respond(registration, accepted, None)
    return registration


def _respond(registration: Registration, accepted: bool, actor: Any) -> None:
    recruitment = registration.recruitment
    if accepted:
        if registration.status != RegistrationStatus.SELECTED:
            raise ValidationError(_("Only a selected person can confirm."))
        registration.status = RegistrationStatus.CONFIRMED
        verb = events.CONFIRMED
    else:
        if registration.status not in (RegistrationStatus.SELECTED, RegistrationStatus.CONFIRMED):
            raise ValidationError(_("Only a selected or confirmed person can decline."))
        registration.status = (
            RegistrationStatus.DECLINED
            if registration.status == RegistrationStatus.SELECTED
            else RegistrationStatus.DROPPED_OUT
        )
        verb = events.DECLINED
    registration.save(update_fields=["status"])
    _record(recruitment.assembly, verb, actor)


def latest_drawn_run(recruitment: Recruitment) -> SelectionRun | None:
    return recruitment.runs.filter(status=RunStatus.DRAWN).order_by("-finished_at", "-id").first()


def pending_dropouts(recruitment: Recruitment) -> list[str]:
    """Ids on the current panel who declined or dropped out and have not been replaced."""
    run = latest_drawn_run(recruitment)
    if run is None:
        return []
    panel = set(run.panel)
    return list(
        recruitment.registrations.filter(
            public_id__in=panel,
            status__in=[RegistrationStatus.DECLINED, RegistrationStatus.DROPPED_OUT],
        ).values_list("public_id", flat=True)
    )


@transaction.atomic
def replacement_start(*, actor: Any, recruitment: Recruitment) -> SelectionRun:
    """Compute the replacement lottery for everyone who declined or dropped out, keeping the
    quotas. It is published when ready; only then is the seed announced and entered
    (`selection_draw`), as for the first draw."""
    require_manage(actor, recruitment.assembly)
    parent = latest_drawn_run(recruitment)
    if parent is None:
        raise ValidationError(_("Draw the panel first."))
    dropouts = pending_dropouts(recruitment)
    if not dropouts:
        raise ValidationError(_("Nobody on the panel has declined or dropped out."))
    if recruitment.runs.filter(kind=RunKind.REPLACEMENT, status=RunStatus.READY).exists():
        raise ValidationError(
            _("A replacement lottery is published and waits for its seed: draw it first.")
        )
    _give_up_stalled(recruitment, actor)
    try:
        with transaction.atomic():
            run = SelectionRun.objects.create(
                recruitment=recruitment,
                kind=RunKind.REPLACEMENT,
                parent=parent,
                algorithm=recruitment.algorithm,
                dropouts=dropouts,
                features_csv=parent.features_csv,
                people_csv=parent.people_csv,
            )
    except IntegrityError:
        raise ValidationError(
            _("A selection is already running for this assembly: wait for it to finish.")
        ) from None
    _record(recruitment.assembly, events.SELECTION_QUEUED, actor, algorithm=run.algorithm)
    from assemblea.recruitment.tasks import run_selection

    transaction.on_commit(lambda: run_selection.enqueue(run.pk))
    return run


CLAIM_DAYS = 30


def _claim_issue(registration: Registration, seat: SeatHolder) -> str:
    """A new one-time claim link for `seat`; earlier unused links of the seat stop working."""
    now = timezone.now()
    SeatClaim.objects.filter(seat=seat, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    token, digest = identity.new_token()
    SeatClaim.objects.create(
        registration=registration,
        seat=seat,
        token_hash=digest,
        expires_at=now + datetime.timedelta(days=CLAIM_DAYS),
    )
    return settings.BASE_URL + reverse("recruitment:claim", kwargs={"token": token})


def _seating_key(registration: Registration) -> bytes:
    """A keyed hash of the registration: an order nobody outside can compute."""
    return salted_hmac(
        "assemblea.recruitment.seating", f"{registration.pk}:{registration.public_id}"
    ).digest()


@transaction.atomic
def recruitment_seat(
    *, actor: Any, recruitment: Recruitment, stipend_per_day: Decimal = Decimal("0")
) -> int:
    """Confirmed people take the lottery seats (in the recruitment's cohort).

    No account is matched by e-mail address: each new member gets a one-time link to claim
    the seat, and whoever opens it signs in or signs up and the seat becomes theirs."""
    require_manage(actor, recruitment.assembly)
    confirmed = list(
        recruitment.registrations.filter(
            status=RegistrationStatus.CONFIRMED, duplicate_of__isnull=True
        ).select_related("contact")
    )
    if not confirmed:
        raise ValidationError(_("Nobody has confirmed yet."))
    # Seats are filled (and their events recorded) in an order that has nothing to do with
    # the pool's or the panel's order, so the public list of names read in seat order cannot
    # be lined up with the lottery's pseudonymous ids.
    confirmed.sort(key=lambda registration: _seating_key(registration))
    links: dict[int, str] = {}
    for registration in confirmed:
        contact = getattr(registration, "contact", None)
        if contact is None:
            raise ValidationError(
                _("%(id)s has no contact details left: they cannot be seated.")
                % {"id": registration.public_id}
            )
        holder = assembly_services.seat_fill(
            actor=actor,
            category=recruitment.category,
            name=contact.name,
            consents_to_be_named=contact.consents_to_be_named,
            cohort=recruitment.cohort,
        )
        SupportArrangement.objects.create(
            seat=holder,
            stipend_per_day=stipend_per_day,
            support_booked=", ".join(contact.support_needs),
        )
        registration.seat = holder
        registration.status = RegistrationStatus.SEATED
        registration.save(update_fields=["seat", "status"])
        links[registration.pk] = _claim_issue(registration, holder)
    recruitment.seated_at = timezone.now()
    recruitment.save(update_fields=["seated_at"])
    _record(recruitment.assembly, events.SEATED, actor, count=len(confirmed))
    transaction.on_commit(lambda: notices.notices_send(confirmed, NoticeKind.SEATED, links))
    return len(confirmed)


@transaction.atomic
def seat_claim_reissue(*, actor: Any, registration: Registration) -> str:
    """A new claim link for a seated member whose link expired or went astray (the old one
    stops working). It is e-mailed when there is an address, and returned so the organizer
    can hand it over otherwise."""
    recruitment = registration.recruitment
    require_manage(actor, recruitment.assembly)
    seat = registration.seat
    if registration.status != RegistrationStatus.SEATED or seat is None:
        raise ValidationError(_("Only a seated member has a seat to claim."))
    if seat.user_id is not None:
        raise ValidationError(_("This seat has been claimed already."))
    if seat.ended_on is not None:
        raise ValidationError(_("This seat has ended."))
    link = _claim_issue(registration, seat)
    _record(recruitment.assembly, events.SEAT_CLAIM_SENT, actor, public=False)
    chosen = Registration.objects.filter(pk=registration.pk).select_related(
        "contact", "recruitment__assembly"
    )
    transaction.on_commit(
        lambda: notices.notices_send(chosen, NoticeKind.SEATED, {registration.pk: link})
    )
    return link


def claim_by_token(token: str) -> SeatClaim:
    """The claim a link stands for, or a ValidationError saying what is wrong with it and
    how to get a new one."""
    claim = None
    if token and len(token) <= 200:
        claim = (
            SeatClaim.objects.select_related("seat__category__assembly", "registration")
            .filter(token_hash=identity.token_hash(token))
            .first()
        )
    ask = _("Ask the assembly's organizers to send you a new link.")
    if claim is None:
        raise ValidationError(
            _("This link is not one of ours. Check that you copied all of it.") + " " + ask
        )
    if claim.used_at is not None or claim.seat.user_id is not None:
        raise ValidationError(
            _("This link has been used already: the seat has been claimed.")
            + " "
            + _("If that was not you, tell the assembly's organizers at once.")
        )
    if claim.expires_at <= timezone.now() or claim.seat.ended_on is not None:
        raise ValidationError(_("This link has expired.") + " " + ask)
    return claim


@transaction.atomic
def seat_claim(*, actor: Any, token: str) -> SeatHolder:
    """Whoever opens the one-time link and is signed in takes the seat it was sent for."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in or create an account to claim your seat."))
    claim = claim_by_token(token)
    claim = SeatClaim.objects.select_for_update().get(pk=claim.pk)
    claim = claim_by_token(token)  # again, under the lock: a link works once
    seat = SeatHolder.objects.select_for_update().get(pk=claim.seat_id)
    assembly = seat.category.assembly
    if SeatHolder.objects.filter(
        category__assembly=assembly, user=actor, ended_on__isnull=True
    ).exists():
        raise ValidationError(
            _(
                "Your account already holds a seat in this assembly. Sign in with another "
                "account to claim this seat, or tell the organizers."
            )
        )
    seat.user = actor
    seat.save(update_fields=["user"])
    claim.used_at = timezone.now()
    claim.used_by = actor
    claim.save(update_fields=["used_at", "used_by"])
    _record(assembly, events.SEAT_CLAIMED, actor, public=False)
    return seat


@transaction.atomic
def support_update(
    *,
    actor: Any,
    support: SupportArrangement,
    stipend_per_day: Decimal,
    days: int,
    paid: bool,
    support_booked: str,
) -> SupportArrangement:
    """Track a seated member's stipend and the support booked for them."""
    assembly = support.seat.category.assembly
    require_manage(actor, assembly)
    if stipend_per_day < 0 or days < 0:
        raise ValidationError(_("Stipends and days cannot be negative."))
    support.stipend_per_day = stipend_per_day
    support.days = days
    support.paid = paid
    support.support_booked = support_booked.strip()
    support.save()
    _record(assembly, events.SUPPORT_UPDATED, actor, public=False)
    return support


@transaction.atomic
def notice_template_save(
    *, actor: Any, recruitment: Recruitment, kind: str, language: str, subject: str, body: str
) -> NoticeTemplate | None:
    """Save the organizer's wording of one e-mail; empty subject and text go back to the
    built-in wording."""
    require_manage(actor, recruitment.assembly)
    if kind not in NoticeKind.values:
        raise ValidationError(_("Choose a message from the list."))
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose a language from the list."))
    existing = NoticeTemplate.objects.filter(recruitment=recruitment, kind=kind, language=language)
    if not subject.strip() and not body.strip():
        existing.delete()
        return None
    errors: dict[str, list[str]] = {}
    for field, text in (("subject", subject), ("body", body)):
        if not text.strip():
            errors.setdefault(field, []).append(_("Write something here, or empty both fields."))
        problems = notices.placeholder_problems(text)
        if problems:
            errors.setdefault(field, []).extend(problems)
    if errors:
        raise ValidationError(errors)
    template, _created = NoticeTemplate.objects.update_or_create(
        recruitment=recruitment,
        kind=kind,
        language=language,
        defaults={"subject": subject.strip(), "body": body.strip()},
    )
    _record(recruitment.assembly, events.NOTICE_CHANGED, actor, public=False)
    return template


# --- Personal data ----------------------------------------------------------------------


def personal_data_access_record(
    *, actor: Any, recruitment: Recruitment, exported: bool, what: str
) -> None:
    """Every view or export of registrants' personal data leaves a private event: who (the
    actor), when (the event's time) and what (e.g. "registrations list"), never the data."""
    _record(
        recruitment.assembly,
        events.PERSONAL_DATA_EXPORTED if exported else events.PERSONAL_DATA_VIEWED,
        actor,
        public=False,
        what=what,
    )


@transaction.atomic
def personal_data_delete(
    *, recruitment: Recruitment, actor: Any = None, registration: Registration | None = None
) -> int:
    """Delete personal data (one person's on request, or all after the retention period),
    keeping only the anonymous answers the published lottery was computed on.

    Personal data is everywhere it can be: the contact row (name, e-mail, phone, address,
    availability, support needs, free-text and own-question answers, year of birth, the keys
    to find duplicates), the household key on each registration (a normalised home address),
    the address list itself, and the support booked for seated members. What stays: the
    pseudonymous id, the category answers, the status, the invitation draw (seed, size,
    digest, area) and the lottery's published files."""
    if actor is not None:
        require_manage(actor, recruitment.assembly)
    contacts = Contact.objects.filter(registration__recruitment=recruitment)
    registrations = recruitment.registrations.all()
    if registration is not None:
        contacts = contacts.filter(registration=registration)
        registrations = registrations.filter(pk=registration.pk)
        registrations.filter(status=RegistrationStatus.POOL).update(
            status=RegistrationStatus.WITHDRAWN
        )
    count = contacts.count()
    contacts.delete()
    registrations.update(household_key="", response_token_hash="")
    SupportArrangement.objects.filter(seat__registration__in=registrations).update(
        support_booked=""
    )
    if registration is None:
        for household in recruitment.households.exclude(address=""):
            household.address = ""
            household.key = f"deleted-{household.pk}"
            household.save(update_fields=["address", "key"])
        recruitment.personal_data_deleted_at = timezone.now()
        recruitment.save(update_fields=["personal_data_deleted_at"])
    _record(recruitment.assembly, events.PERSONAL_DATA_DELETED, actor, count=count)
    return count


def personal_data_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """The scheduled clean-up: recruitments seated longer ago than their retention period."""
    now = now or timezone.now()
    deleted = 0
    for recruitment in Recruitment.objects.filter(
        seated_at__isnull=False, personal_data_deleted_at__isnull=True
    ):
        assert recruitment.seated_at is not None
        if recruitment.seated_at + datetime.timedelta(days=recruitment.retention_days) <= now:
            deleted += personal_data_delete(recruitment=recruitment)
    return deleted


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
    require_manage(actor, recruitment.assembly)
    lines = [line.strip() for line in questions.splitlines() if line.strip()]
    if len(lines) > 20:
        raise ValidationError({"questions": _("At most 20 questions of your own.")})
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
                    "birth_year_category": _(
                        "The values of “%(category)s” are not age brackets like “16-29” or "
                        "“65+”, so they cannot come from a year of birth."
                    )
                    % {"category": category.name}
                }
            )
        if category.derived_from != derived:
            if recruitment.registrations.exists():
                raise ValidationError(
                    {
                        "birth_year_category": _(
                            "People have already registered: how the age is asked can no "
                            "longer change."
                        )
                    }
                )
            category.derived_from = derived
            category.save(update_fields=["derived_from"])
    _record(recruitment.assembly, events.FORM_CHANGED, actor)


@transaction.atomic
def registration_page_save(
    *, actor: Any, recruitment: Recruitment, slug: str, title: str, intro: str = ""
) -> RegistrationPage:
    require_manage(actor, recruitment.assembly)
    if not title.strip():
        raise ValidationError({"title": _("Give the page a title.")})
    page, _created = RegistrationPage.objects.update_or_create(
        recruitment=recruitment,
        slug=slug,
        defaults={"title": title.strip(), "intro": intro.strip()},
    )
    _record(recruitment.assembly, events.FORM_CHANGED, actor)
    return page


@transaction.atomic
def registration_page_delete(*, actor: Any, page: RegistrationPage) -> None:
    require_manage(actor, page.recruitment.assembly)
    page.delete()
    _record(page.recruitment.assembly, events.FORM_CHANGED, actor)
