"""“Which model fits?”: the questionnaire and the rules behind its recommendation, as data.

Each rule says: when the answer to a question is X, these kinds gain (or lose) points, for
this reason. The recommendation is the kind with most points; its reasons are the rules that
gave it points. Change the advice by editing the tables below, not the view. The table
follows the situation → kind summary in the project's practice notes (§3), itself drawn from
the OECD's guidance, the P4DR report and practitioners' handbooks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from assemblea.assemblies.kinds import KINDS, KINDS_BY_SLUG, AssemblyKindInfo


@dataclass(frozen=True)
class Question:
    key: str
    text: StrPromise
    help: StrPromise
    answers: tuple[tuple[str, StrPromise], ...]


@dataclass(frozen=True)
class Rule:
    question: str
    answer: str
    points: Mapping[str, int]
    reason: StrPromise


QUESTIONS: tuple[Question, ...] = (
    Question(
        "convener",
        _("Who is convening the assembly?"),
        _("The people or bodies who call it together and carry it."),
        (
            ("movement", _("Community or movement organizations")),
            ("membership", _("A membership organization (union, co-operative, party)")),
            ("government", _("A government, council or parliament")),
            ("joint", _("Organizations and a government together")),
            ("people", _("People already gathered, with no formal convener")),
        ),
    ),
    Question(
        "government_stance",
        _("How does the government stand towards the issue?"),
        _("Think of the body that could act on what the assembly decides."),
        (
            ("hostile", _("Hostile, captured or refusing to listen")),
            ("neutral", _("Indifferent or unknown")),
            ("willing", _("Willing to listen")),
            ("committed", _("Committed in advance to respond or to act")),
        ),
    ),
    Question(
        "authority",
        _("What authority should the assembly's decisions have?"),
        _("What happens to its conclusions."),
        (
            ("internal", _("Binding on our own organization or movement")),
            ("pressure", _("Public demands to pressure decision-makers")),
            ("advisory", _("Recommendations that government must answer")),
            ("budget", _("A share in deciding budgets or plans")),
            ("constitutional", _("Changes to a constitution")),
        ),
    ),
    Question(
        "horizon",
        _("How urgent is it, and for how long?"),
        _("From a decision needed this week to a body that lasts for years."),
        (
            ("now", _("Urgent: decisions needed within days")),
            ("months", _("One process over a few months")),
            ("years", _("Ongoing: a body that meets for years")),
        ),
    ),
    Question(
        "who",
        _("Who must be in the room?"),
        _("The people whose presence gives the assembly its legitimacy."),
        (
            ("anyone", _("Whoever comes: open to all affected")),
            ("members", _("Our members, through their delegates")),
            ("frontline", _("Frontline communities and their organizations")),
            ("microcosm", _("A fair cross-section of the public, chosen by lottery")),
            ("legislators", _("Residents together with legislators")),
            ("mixed", _("Organization delegates, drawn residents and officials")),
        ),
    ),
    Question(
        "scale",
        _("At what scale?"),
        _("The area the assembly speaks for."),
        (
            ("neighbourhood", _("A neighbourhood or workplace")),
            ("city", _("A city or county")),
            ("region", _("A region or state")),
            ("country", _("A whole country")),
        ),
    ),
    Question(
        "resources",
        _("What budget and staff are available?"),
        _("Lottery recruitment, stipends, care and interpretation all cost money."),
        (
            ("volunteer", _("Volunteers and little money")),
            ("moderate", _("Some staff and a modest budget")),
            ("substantial", _("A funded secretariat with a real budget")),
        ),
    ),
    Question(
        "base",
        _("Is there an organized base to build on?"),
        _("Organizations with members who can mobilise and follow up."),
        (
            ("none", _("No, not yet")),
            ("some", _("Some organizations are involved")),
            ("strong", _("Yes, a strong organized base")),
        ),
    ),
    Question(
        "exclusion",
        _("How great is the risk that some people are left out?"),
        _("For example if the usual voices dominate public meetings."),
        (
            ("low", _("Low")),
            ("some", _("Some groups are usually missing")),
            ("high", _("High: the usual voices dominate")),
        ),
    ),
)

QUESTIONS_BY_KEY: dict[str, Question] = {question.key: question for question in QUESTIONS}


RULES: tuple[Rule, ...] = (
    # Who convenes
    Rule(
        "convener",
        "movement",
        {"peoples_movement": 3, "shadow": 2, "governing_power": 1},
        _("Community and movement organizations convene movement assemblies."),
    ),
    Rule(
        "convener",
        "membership",
        {"member_governance": 4},
        _("A membership organization governs itself through a convention of its members."),
    ),
    Rule(
        "convener",
        "government",
        {
            "civic_one_time": 3,
            "civic_standing": 2,
            "constitutional": 2,
            "mixed_committee": 2,
            "constituent": 1,
        },
        _("Policy assemblies are commissioned by governments and parliaments."),
    ),
    Rule(
        "convener",
        "joint",
        {"governing_power": 4, "mixed_committee": 1},
        _("Organizations and government together is what governing-power assemblies are."),
    ),
    Rule(
        "convener",
        "people",
        {"mass_assembly": 5},
        _("People already gathered can decide together in an open mass assembly."),
    ),
    # Government stance
    Rule(
        "government_stance",
        "hostile",
        {
            "shadow": 4,
            "mass_assembly": 2,
            "peoples_movement": 1,
            "civic_one_time": -3,
            "civic_standing": -3,
            "mixed_committee": -3,
            "governing_power": -3,
            "constitutional": -2,
        },
        _(
            "With a hostile government, an assembly outside it can show an alternative and "
            "press officials to answer."
        ),
    ),
    Rule(
        "government_stance",
        "neutral",
        {"peoples_movement": 1, "shadow": 1},
        _("Without a government partner, movements build power first."),
    ),
    Rule(
        "government_stance",
        "willing",
        {"civic_one_time": 2, "mixed_committee": 2, "governing_power": 1},
        _("A willing government can commission an assembly and answer it."),
    ),
    Rule(
        "government_stance",
        "committed",
        {"civic_one_time": 2, "civic_standing": 2, "governing_power": 2, "constitutional": 1},
        _("A prior commitment to respond is what gives a policy assembly its impact."),
    ),
    # Authority
    Rule(
        "authority",
        "internal",
        {"member_governance": 3, "peoples_movement": 2, "mass_assembly": 1},
        _("Decisions binding on the organization itself are taken by its own members."),
    ),
    Rule(
        "authority",
        "pressure",
        {"shadow": 3, "peoples_movement": 2},
        _("Public demands backed by a credible assembly put pressure on decision-makers."),
    ),
    Rule(
        "authority",
        "advisory",
        {"civic_one_time": 3, "civic_standing": 2, "mixed_committee": 2},
        _("Recommendations with a committed response are the core of civic assemblies."),
    ),
    Rule(
        "authority",
        "budget",
        {"governing_power": 4},
        _("Sharing decisions on budgets and plans is the work of governing-power assemblies."),
    ),
    Rule(
        "authority",
        "constitutional",
        {"constitutional": 3, "constituent": 3},
        _("Constitutional change is the remit of constitutional and constituent assemblies."),
    ),
    # Horizon
    Rule(
        "horizon",
        "now",
        {"mass_assembly": 3, "peoples_movement": 1, "civic_one_time": -2},
        _("When decisions are needed within days there is no time for a lottery."),
    ),
    Rule(
        "horizon",
        "months",
        {
            "civic_one_time": 2,
            "shadow": 1,
            "constitutional": 1,
            "mixed_committee": 1,
            "constituent": 1,
        },
        _("A process of a few months fits a one-time assembly on a defined question."),
    ),
    Rule(
        "horizon",
        "years",
        {"civic_standing": 3, "governing_power": 3, "member_governance": 1},
        _("A body meeting for years needs terms, rotation and follow-up across cycles."),
    ),
    # Who must be in the room
    Rule(
        "who",
        "anyone",
        {"mass_assembly": 3, "peoples_movement": 2},
        _("Open entry for everyone affected is the heart of movement assemblies."),
    ),
    Rule(
        "who",
        "members",
        {"member_governance": 4},
        _("Members take part through credentialed delegates from their locals."),
    ),
    Rule(
        "who",
        "frontline",
        {"peoples_movement": 3, "governing_power": 1},
        _("Frontline communities and their organizations lead people's movement assemblies."),
    ),
    Rule(
        "who",
        "microcosm",
        {"civic_one_time": 3, "civic_standing": 2, "shadow": 1, "constitutional": 2},
        _("A lottery with quotas gives a fair cross-section of the public."),
    ),
    Rule(
        "who",
        "legislators",
        {"mixed_committee": 5},
        _("Drawn residents and legislators sitting together is a mixed committee."),
    ),
    Rule(
        "who",
        "mixed",
        {"governing_power": 5},
        _("Delegates, drawn residents and officials together make a governing-power assembly."),
    ),
    # Scale
    Rule(
        "scale",
        "neighbourhood",
        {"mass_assembly": 1, "peoples_movement": 1, "governing_power": 1},
        _("Small scales suit open, face-to-face assemblies."),
    ),
    Rule(
        "scale",
        "country",
        {"constituent": 2, "constitutional": 1, "civic_one_time": 1},
        _("National questions suit national policy assemblies."),
    ),
    # Resources
    Rule(
        "resources",
        "volunteer",
        {"mass_assembly": 2, "peoples_movement": 2, "civic_one_time": -2, "civic_standing": -3},
        _(
            "With volunteers and little money, open assemblies are within reach; a fair "
            "lottery with stipends is not."
        ),
    ),
    Rule(
        "resources",
        "substantial",
        {"civic_one_time": 1, "civic_standing": 2, "constituent": 1, "governing_power": 1},
        _("A funded secretariat can run lottery recruitment, stipends, care and interpretation."),
    ),
    # Organized base
    Rule(
        "base",
        "none",
        {"civic_one_time": 1, "mass_assembly": 1, "governing_power": -2},
        _("Without an organized base, a lottery can still bring people in."),
    ),
    Rule(
        "base",
        "strong",
        {"governing_power": 2, "peoples_movement": 2, "member_governance": 1, "shadow": 1},
        _("A strong organized base can carry decisions into action and follow them up."),
    ),
    # Exclusion risk
    Rule(
        "exclusion",
        "some",
        {"civic_one_time": 1, "civic_standing": 1, "governing_power": 1},
        _("Quotas and reserved seats bring in the groups usually missing."),
    ),
    Rule(
        "exclusion",
        "high",
        {"civic_one_time": 2, "civic_standing": 1, "governing_power": 1, "mass_assembly": -1},
        _(
            "Where the usual voices dominate, a lottery with quotas and reserved seats "
            "shifts who is in the room."
        ),
    ),
)


@dataclass(frozen=True)
class KindScore:
    kind: AssemblyKindInfo
    points: int
    reasons: tuple[StrPromise, ...]


class UnknownAnswer(ValueError):
    pass


def recommend(answers: Mapping[str, str], *, runners_up: int = 2) -> list[KindScore]:
    """Rank kinds for the answers given; the first is the recommendation.

    Unanswered questions count for nothing; an answer that is not offered is refused.
    """
    for key, value in answers.items():
        question = QUESTIONS_BY_KEY.get(key)
        if question is None or value not in {code for code, _label in question.answers}:
            raise UnknownAnswer(f"{key}={value}")
    points = {kind.slug: 0 for kind in KINDS}
    reasons: dict[str, list[tuple[int, StrPromise]]] = {kind.slug: [] for kind in KINDS}
    for rule in RULES:
        if answers.get(rule.question) != rule.answer:
            continue
        for slug, gained in rule.points.items():
            points[slug] += gained
            if gained > 0:
                reasons[slug].append((gained, rule.reason))
    order = {kind.slug: index for index, kind in enumerate(KINDS)}
    ranked = sorted(points, key=lambda slug: (-points[slug], order[slug]))
    return [
        KindScore(
            kind=KINDS_BY_SLUG[slug],
            points=points[slug],
            reasons=tuple(reason for _gain, reason in sorted(reasons[slug], key=lambda r: -r[0])),
        )
        for slug in ranked[: 1 + runners_up]
    ]
