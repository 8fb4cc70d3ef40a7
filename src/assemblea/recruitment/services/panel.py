"""The public draw, answers of the selected, replacements, seating and claim links."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
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
from assemblea.assemblies.models import SeatHolder
from assemblea.core.events import assembly_event_record
from assemblea.recruitment import events, identity, notices
from assemblea.recruitment.models import (
    NoticeKind,
    NoticeTemplate,
    Recruitment,
    Registration,
    RegistrationStatus,
    RunKind,
    RunStatus,
    SeatClaim,
    SelectionRun,
    SupportArrangement,
)
from assemblea.recruitment.permissions import RecruitmentAction, require
from assemblea.recruitment.services.seat_mail import (
    registration_confirmed_mail,
    seat_claimed_mail,
    stipend_days_check,
    username_offer,
)
from assemblea.recruitment.services.selection import _give_up_stalled
from assemblea.recruitment.tasks import run_selection


@transaction.atomic
def selection_draw(*, actor: Any, run: SelectionRun, seed: str) -> list[Registration]:
    """The public draw: the seed announced in the open picks one panel of the lottery that was
    computed and published before (the first draw, or a replacement lottery)."""
    from assemblea.engines.sortition.lottery import draw, normalise_seed

    recruitment = run.recruitment
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.READY or run.report is None:
        raise ValidationError(_("This lottery is not ready for a draw."), code="lottery_not_ready")
    seed = normalise_seed(seed)
    if not seed:
        raise ValidationError(
            {"seed": ValidationError(_("Give the seed announced in public."), code="seed_missing")}
        )
    index, panel = draw(run.report["lottery"]["panels"], seed)
    report = dict(run.report)
    report["draw"] = {"seed": seed, "index": index, "panel": panel}
    if run.kind == RunKind.REPLACEMENT:
        replacement = dict(report["replacement"])
        replacement["replacements"] = panel
        replacement["panel"] = [*replacement["kept"], *panel]
        report["replacement"] = replacement
    report["quotas"] = _quotas_counted(run, report.get("quotas", []), panel)
    run.report = report
    run.seed = seed
    run.status = RunStatus.DRAWN
    run.save()
    recruitment.registrations.filter(public_id__in=panel).update(status=RegistrationStatus.SELECTED)
    selected = list(recruitment.registrations.filter(public_id__in=panel))
    if run.kind == RunKind.REPLACEMENT:
        assembly_event_record(
            assembly=recruitment.assembly,
            verb=events.REPLACEMENTS_DRAWN,
            actor=actor,
            data={"count": len(panel), "seed": seed},
        )
    else:
        assembly_event_record(
            assembly=recruitment.assembly, verb=events.PANEL_DRAWN, actor=actor, data={"seed": seed}
        )
    _notify_selected(selected)
    return selected


def _quotas_counted(
    run: SelectionRun, rows: list[dict[str, Any]], panel: list[str]
) -> list[dict[str, Any]]:
    """The report's quota rows with `on_panel` counted on the drawn panel, from the answers
    the engine was given (the run's snapshot). The engine counts it only when it draws the
    panel itself (replacements); a first draw is made here, from the published lottery."""
    import csv
    import io

    drawn = set(panel)
    people = [row for row in csv.DictReader(io.StringIO(run.people_csv)) if row.get("id") in drawn]
    counted = []
    for row in rows:
        if row.get("on_panel") is None:
            count = sum(1 for person in people if person.get(row["category"]) == row["value"])
            row = {**row, "on_panel": count}
        counted.append(row)
    return counted


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
            ),
            code="response_link_unknown",
        )
    expires = registration.response_expires_at
    if expires is None or expires <= timezone.now():
        raise ValidationError(
            _("This link is too old. Call or write to the organizers to give your answer."),
            code="response_link_expired",
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
    require(actor, RecruitmentAction.MANAGE, registration.recruitment.assembly)
    _respond(registration, accepted, actor)


@transaction.atomic
def registrations_confirm(
    *, actor: Any, recruitment: Recruitment, registrations: Sequence[Registration]
) -> int:
    """An organizer records that several selected people said yes, in one step: all of them
    or none (a person who is no longer selected refuses the whole batch, named)."""
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    chosen = list(
        recruitment.registrations.select_for_update()
        .filter(pk__in=[r.pk for r in registrations])
        .order_by("public_id")
    )
    if not chosen:
        raise ValidationError(_("Tick the people who said yes."), code="confirm_none_chosen")
    for registration in chosen:
        if registration.status != RegistrationStatus.SELECTED:
            raise ValidationError(
                _("%(id)s is not waiting for an answer: nobody was confirmed."),
                code="confirm_not_selected",
                params={"id": registration.public_id},
            )
    for registration in chosen:
        _respond(registration, True, actor)
    return len(chosen)


@transaction.atomic
def registration_respond_by_link(*, token: str, accepted: bool) -> Registration:
    """A selected person answers through the personal link in their e-mail."""
    registration = registration_by_token(token)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.SEATED:
        raise ValidationError(
            _("You already have your seat. Write to the organizers to leave."),
            code="already_seated",
        )
    _respond(registration, accepted, None)
    return registration


def _respond(registration: Registration, accepted: bool, actor: Any) -> None:
    recruitment = registration.recruitment
    if accepted:
        if registration.status != RegistrationStatus.SELECTED:
            raise ValidationError(
                _("Only a selected person can confirm."), code="confirm_not_selected"
            )
        registration.status = RegistrationStatus.CONFIRMED
        verb = events.CONFIRMED
    else:
        if registration.status not in (RegistrationStatus.SELECTED, RegistrationStatus.CONFIRMED):
            raise ValidationError(
                _("Only a selected or confirmed person can decline."), code="decline_not_selected"
            )
        registration.status = (
            RegistrationStatus.DECLINED
            if registration.status == RegistrationStatus.SELECTED
            else RegistrationStatus.DROPPED_OUT
        )
        verb = events.DECLINED
    registration.save(update_fields=["status"])
    assembly_event_record(assembly=recruitment.assembly, verb=verb, actor=actor)
    if accepted:
        registration_confirmed_mail(registration)


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
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    parent = latest_drawn_run(recruitment)
    if parent is None:
        raise ValidationError(_("Draw the panel first."), code="panel_not_drawn")
    dropouts = pending_dropouts(recruitment)
    if not dropouts:
        raise ValidationError(
            _("Nobody on the panel has declined or dropped out."), code="no_dropouts"
        )
    if recruitment.runs.filter(kind=RunKind.REPLACEMENT, status=RunStatus.READY).exists():
        raise ValidationError(
            _("A replacement lottery is published and waits for its seed: draw it first."),
            code="replacement_awaits_draw",
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
            _("A selection is already running for this assembly: wait for it to finish."),
            code="run_already_active",
        ) from None
    assembly_event_record(
        assembly=recruitment.assembly,
        verb=events.SELECTION_QUEUED,
        actor=actor,
        data={"algorithm": run.algorithm},
    )
    transaction.on_commit(lambda: run_selection.enqueue(run.pk))
    return run


CLAIM_DAYS = 30


def _claim_issue(registration: Registration, seat: SeatHolder) -> str:
    """A new one-time claim link for `seat`; earlier unused links of the seat stop working."""
    now = timezone.now()
    previous = SeatClaim.objects.filter(seat=seat, used_at__isnull=True, expires_at__gt=now)
    username = previous.values_list("username", flat=True).first() or username_offer(seat.name)
    previous.update(expires_at=now)
    token, digest = identity.new_token()
    SeatClaim.objects.create(
        registration=registration,
        seat=seat,
        token_hash=digest,
        username=username,
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
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    confirmed = list(
        recruitment.registrations.filter(
            status=RegistrationStatus.CONFIRMED, duplicate_of__isnull=True
        ).select_related("contact")
    )
    if not confirmed:
        raise ValidationError(_("Nobody has confirmed yet."), code="nobody_confirmed")
    # Seats are filled (and their events recorded) in an order that has nothing to do with
    # the pool's or the panel's order, so the public list of names read in seat order cannot
    # be lined up with the lottery's pseudonymous ids.
    confirmed.sort(key=lambda registration: _seating_key(registration))
    links: dict[int, str] = {}
    for registration in confirmed:
        contact = getattr(registration, "contact", None)
        if contact is None:
            raise ValidationError(
                _("%(id)s has no contact details left: they cannot be seated."),
                code="contact_deleted",
                params={"id": registration.public_id},
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
    assembly_event_record(
        assembly=recruitment.assembly,
        verb=events.SEATED,
        actor=actor,
        data={"count": len(confirmed)},
    )
    transaction.on_commit(lambda: notices.notices_send(confirmed, NoticeKind.SEATED, links))
    return len(confirmed)


@transaction.atomic
def seat_claim_reissue(*, actor: Any, registration: Registration) -> str:
    """A new claim link for a seated member whose link expired or went astray (the old one
    stops working). It is e-mailed when there is an address, and returned so the organizer
    can hand it over otherwise."""
    recruitment = registration.recruitment
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    seat = registration.seat
    if registration.status != RegistrationStatus.SEATED or seat is None:
        raise ValidationError(_("Only a seated member has a seat to claim."), code="not_seated")
    if seat.user_id is not None:
        raise ValidationError(_("This seat has been claimed already."), code="seat_already_claimed")
    if seat.ended_on is not None:
        raise ValidationError(_("This seat has ended."), code="seat_ended")
    link = _claim_issue(registration, seat)
    assembly_event_record(
        assembly=recruitment.assembly, verb=events.SEAT_CLAIM_SENT, actor=actor, public=False
    )
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
            _("This link is not one of ours. Check that you copied all of it.") + " " + ask,
            code="claim_link_unknown",
        )
    if claim.used_at is not None or claim.seat.user_id is not None:
        raise ValidationError(
            _("This link has been used already: the seat has been claimed.")
            + " "
            + _("If that was not you, tell the assembly's organizers at once."),
            code="claim_link_used",
        )
    if claim.expires_at <= timezone.now() or claim.seat.ended_on is not None:
        raise ValidationError(_("This link has expired.") + " " + ask, code="claim_link_expired")
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
            ),
            code="account_holds_seat",
        )
    seat.user = actor
    seat.save(update_fields=["user"])
    claim.used_at = timezone.now()
    claim.used_by = actor
    claim.save(update_fields=["used_at", "used_by"])
    assembly_event_record(assembly=assembly, verb=events.SEAT_CLAIMED, actor=actor, public=False)
    seat_claimed_mail(claim.registration, actor)
    return seat


@transaction.atomic
def support_update(
    *,
    actor: Any,
    support: SupportArrangement,
    stipend_per_day: Decimal,
    paid: bool,
    support_booked: str,
    days: int | None = None,
    days_reason: str = "",
) -> SupportArrangement:
    """Track a seated member's stipend and the support booked for them. The days come from
    the sessions' attendance; `days` corrects them, with a reason (None: the count)."""
    assembly = support.seat.category.assembly
    require(actor, RecruitmentAction.MANAGE, assembly)
    stipend_days_check(support, days, days_reason)
    if stipend_per_day < 0:
        raise ValidationError(_("Stipends and days cannot be negative."), code="support_negative")
    support.stipend_per_day = stipend_per_day
    support.days_entered = days
    support.days_reason = days_reason.strip() if days is not None else ""
    support.paid = paid
    support.support_booked = support_booked.strip()
    support.save()
    assembly_event_record(assembly=assembly, verb=events.SUPPORT_UPDATED, actor=actor, public=False)
    return support


@transaction.atomic
def notice_template_save(
    *, actor: Any, recruitment: Recruitment, kind: str, language: str, subject: str, body: str
) -> NoticeTemplate | None:
    """Save the organizer's wording of one e-mail; empty subject and text go back to the
    built-in wording."""
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    if kind not in NoticeKind.values:
        raise ValidationError(_("Choose a message from the list."), code="notice_kind_unknown")
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose a language from the list."), code="notice_language_unknown")
    existing = NoticeTemplate.objects.filter(recruitment=recruitment, kind=kind, language=language)
    if not subject.strip() and not body.strip():
        existing.delete()
        return None
    errors: dict[str, list[ValidationError]] = {}
    for field, text in (("subject", subject), ("body", body)):
        if not text.strip():
            errors.setdefault(field, []).append(
                ValidationError(
                    _("Write something here, or empty both fields."), code="notice_half_empty"
                )
            )
        for problem in notices.placeholder_problems(text):
            errors.setdefault(field, []).append(
                ValidationError(problem, code="notice_placeholder_unknown")
            )
    if errors:
        raise ValidationError(errors)
    template, _created = NoticeTemplate.objects.update_or_create(
        recruitment=recruitment,
        kind=kind,
        language=language,
        defaults={"subject": subject.strip(), "body": body.strip()},
    )
    assembly_event_record(
        assembly=recruitment.assembly, verb=events.NOTICE_CHANGED, actor=actor, public=False
    )
    return template
