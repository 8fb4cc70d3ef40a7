"""The next-step guide of the recruitment overview: the lottery's lifecycle as a checklist
(what is done, what comes next, why something is not open yet, and where to do it), and the
public registration link other pages show. Reads only; no service is called here."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.phases import Phase
from assemblea.recruitment.models import Recruitment, RegistrationStatus, RunKind, RunStatus
from assemblea.recruitment.permissions import registration_closed_reason


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    detail: str
    url: str
    action: str
    next: bool = False


def _counts(recruitment: Recruitment) -> dict[str, int]:
    registrations = recruitment.registrations
    drawn = recruitment.runs.filter(kind=RunKind.SELECTION, status=RunStatus.DRAWN)
    return {
        "households": recruitment.households.count(),
        "invitations": recruitment.invitation_draws.count(),
        "letters": recruitment.letter_batches.count(),
        "pool": registrations.filter(
            status=RegistrationStatus.POOL, duplicate_of__isnull=True
        ).count(),
        "drawn": drawn.count(),
        "confirmed": registrations.filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.SEATED]
        ).count(),
        "seated": registrations.filter(status=RegistrationStatus.SEATED).count(),
    }


def next_steps(recruitment: Recruitment) -> list[Step]:
    """The checklist, in the order of the lifecycle; the first step not done is `next`."""
    slug = recruitment.assembly.slug
    seats = recruitment.seats
    n = _counts(recruitment)
    closed = registration_closed_reason(recruitment)

    def url(name: str) -> str:
        return reverse(f"recruitment:{name}", args=[slug])

    steps = [
        Step(
            _("Set the targets (quotas)"),
            recruitment.target_categories.exists(),
            _("The categories and the seats each value may have."),
            url("targets"),
            _("Set the targets"),
        ),
        Step(
            _("Import the addresses"),
            n["households"] > 0,
            _("%(count)s households imported.") % {"count": n["households"]},
            url("addresses"),
            _("Import addresses"),
        ),
        Step(
            _("Draw the invitations"),
            n["invitations"] > 0,
            _("Which households receive a letter, drawn by lottery."),
            url("invitations"),
            _("Draw invitations"),
        ),
        Step(
            _("Print the letters"),
            n["letters"] > 0,
            _("The letters with each household's code."),
            url("letters_prepare"),
            _("Prepare the letters"),
        ),
        Step(
            _("Open registration"),
            closed is None,
            closed or _("The public registration form is open."),
            reverse("assemblies:manage", args=[slug]) if closed else url("register"),
            _("Move the assembly to “%(phase)s”") % {"phase": Phase.RECRUITING.label}
            if closed
            else _("See the form"),
        ),
        Step(
            _("Gather the pool"),
            n["pool"] >= seats,
            _("%(pool)s people in the pool for %(seats)s seats.")
            % {"pool": n["pool"], "seats": seats},
            url("overview"),
            _("See the pool"),
        ),
        Step(
            _("Run the selection and the public draw"),
            n["drawn"] > 0,
            _("The lottery is computed, then the seed announced in public picks the panel."),
            url("selection"),
            _("Go to the selection"),
        ),
        Step(
            _("Collect the confirmations"),
            n["drawn"] > 0 and n["confirmed"] >= seats,
            _("%(count)s of %(seats)s seats confirmed.")
            % {"count": n["confirmed"], "seats": seats},
            url("panel"),
            _("Go to the panel"),
        ),
        Step(
            _("Seat the members"),
            n["seated"] >= seats,
            _("%(count)s of %(seats)s members seated.") % {"count": n["seated"], "seats": seats},
            url("panel"),
            _("Go to the panel"),
        ),
    ]
    return _mark_next(steps)


def _mark_next(steps: list[Step]) -> list[Step]:
    for index, step in enumerate(steps):
        if not step.done:
            steps[index] = Step(**{**step.__dict__, "next": True})
            break
    return steps


def public_registration_link(assembly: Assembly) -> str | None:
    """The public registration form's address while registration is open, else None (for
    the assembly's public page)."""
    recruitment = (
        Recruitment.objects.filter(assembly=assembly).order_by("-created_at", "-id").first()
    )
    if recruitment is None or registration_closed_reason(recruitment) is not None:
        return None
    return reverse("recruitment:register", args=[assembly.slug])
