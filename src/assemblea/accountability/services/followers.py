"""Follow by e-mail (double opt-in, one-click unsubscribe, throttled) and the reminders."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.accountability.models import (
    Follower,
    FollowUpPlan,
)
from assemblea.assemblies.models import Assembly
from assemblea.core.mail import mail_send

# Follow by e-mail: double opt-in, one-click unsubscribe, throttled confirmations.
FOLLOW_CONFIRMATION_VALID = datetime.timedelta(days=7)
# A pending address gets another confirmation at most this often, and at most this many.
FOLLOW_RESEND_AFTER = datetime.timedelta(hours=1)
FOLLOW_CONFIRMATIONS_PER_ASSEMBLY = 3
# Across all assemblies, one address gets at most this many confirmations a day.
FOLLOW_CONFIRMATIONS_PER_DAY = 3
_UNFOLLOW_SALT = "assemblea.accountability.unfollow"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def unfollow_url(follower: Follower) -> str:
    """The follower's one-click unsubscribe link: signed, so nothing more is stored, and
    naming the address only by a hash, so it does not show in the web server's logs."""
    token = signing.dumps([follower.pk, _token_hash(follower.email)[:16]], salt=_UNFOLLOW_SALT)
    return settings.BASE_URL + reverse(
        "accountability:unfollow", args=[follower.assembly.slug, token]
    )


@transaction.atomic
def follower_add(*, assembly: Assembly, email: str) -> bool:
    """Ask to follow a public record by e-mail: a confirmation e-mail with a one-time link;
    nothing else is sent until it is used. True when a confirmation was sent.

    Repeated requests for one address are throttled (it may be someone else's), and the
    caller should say the same thing whatever happened, so the form tells nobody whether
    an address follows."""
    if not assembly.is_public:
        raise ValidationError(
            _("Only a public assembly can be followed."), code="only_public_assembly_followed"
        )
    address = email.strip().lower()
    now = timezone.now()
    # Addresses that never confirmed are forgotten once their links have expired.
    Follower.objects.filter(
        confirmed_at__isnull=True, confirmation_sent_at__lt=now - FOLLOW_CONFIRMATION_VALID
    ).delete()
    follower = Follower.objects.select_for_update().filter(assembly=assembly, email=address).first()
    if follower is not None and (
        follower.confirmed_at is not None
        or follower.confirmations_sent >= FOLLOW_CONFIRMATIONS_PER_ASSEMBLY
        or (
            follower.confirmation_sent_at is not None
            and now - follower.confirmation_sent_at < FOLLOW_RESEND_AFTER
        )
    ):
        return False
    sent_today = Follower.objects.filter(
        email=address,
        confirmed_at__isnull=True,
        confirmation_sent_at__gte=now - datetime.timedelta(days=1),
    ).count()
    if sent_today >= FOLLOW_CONFIRMATIONS_PER_DAY:
        return False
    if follower is None:
        follower, created = Follower.objects.get_or_create(assembly=assembly, email=address)
        if not created:
            return False
    token = secrets.token_urlsafe(32)
    follower.token_hash = _token_hash(token)
    follower.confirmation_sent_at = now
    follower.confirmations_sent += 1
    follower.save(update_fields=["token_hash", "confirmation_sent_at", "confirmations_sent"])
    confirm = settings.BASE_URL + reverse(
        "accountability:follow_confirm", args=[assembly.slug, token]
    )
    mail_send(
        to=address,
        subject=_("Confirm: updates on %(title)s") % {"title": assembly.title},
        body=_(
            "Someone, probably you, asked for e-mail updates when the public record of "
            "“%(title)s” changes.\n\nTo confirm, open this link within 7 days:\n%(link)s\n\n"
            "If you did not ask, ignore this e-mail: you will get nothing more."
        )
        % {"title": assembly.title, "link": confirm},
        unsubscribe_url=unfollow_url(follower),
    )
    return True


def follower_pending(*, assembly: Assembly, token: str) -> Follower | None:
    """The unconfirmed follower whose confirmation link carries `token`, if still valid."""
    if not token:
        return None
    follower = Follower.objects.filter(
        assembly=assembly, token_hash=_token_hash(token), confirmed_at__isnull=True
    ).first()
    if follower is None or follower.confirmation_sent_at is None:
        return None
    if timezone.now() - follower.confirmation_sent_at > FOLLOW_CONFIRMATION_VALID:
        return None
    return follower


@transaction.atomic
def follower_confirm(*, assembly: Assembly, token: str) -> Follower:
    """Use a confirmation link once: from now on the address gets the record's updates."""
    follower = follower_pending(assembly=assembly, token=token)
    if follower is None:
        raise ValidationError(
            _("This confirmation link does not work any more. Ask for updates again."),
            code="confirmation_link_does_not",
        )
    follower.confirmed_at = timezone.now()
    follower.token_hash = ""
    follower.save(update_fields=["confirmed_at", "token_hash"])
    return follower


def follower_from_unfollow_token(token: str) -> Follower | None:
    try:
        pk, email_hash = signing.loads(token, salt=_UNFOLLOW_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(pk, int) or not isinstance(email_hash, str):
        return None
    follower = Follower.objects.filter(pk=pk).select_related("assembly").first()
    if follower is None or _token_hash(follower.email)[:16] != email_hash:
        return None
    return follower


@transaction.atomic
def follower_remove(*, token: str) -> bool:
    """One-click unsubscribe: the address is forgotten. True when it was following."""
    follower = follower_from_unfollow_token(token)
    if follower is None:
        return False
    follower.delete()
    return True


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind respondents of unanswered recommendations as the deadline nears (and after)."""
    from assemblea.accountability.selectors import response_clock
    from assemblea.assemblies.models import AssemblyRoleName

    today = today or timezone.localdate()
    sent = 0
    for assembly in Assembly.objects.filter(recommendations__isnull=False).distinct():
        clock = response_clock(assembly, today)
        plan = FollowUpPlan.objects.filter(assembly=assembly).first()
        before = plan.remind_days_before if plan else 14
        days_left = [(item.due_on - today).days for item in clock.unanswered if item.due_on]
        # In the window before a due date, daily; once late, weekly.
        if not any(0 <= left <= before or (left < 0 and left % 7 == 0) for left in days_left):
            continue
        emails = [
            email
            for email in assembly.roles.filter(role=AssemblyRoleName.RESPONDENT).values_list(
                "user__email", flat=True
            )
            if email
        ]
        if not emails:
            continue
        link = settings.BASE_URL + reverse("accountability:tracker", args=[assembly.slug])
        sent += mail_send(
            to=emails,
            subject=_("Answers due: %(title)s") % {"title": assembly.title},
            body=clock.summary + "\n\n" + link,
        )
    return sent
