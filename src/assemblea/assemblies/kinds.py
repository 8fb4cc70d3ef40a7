"""The catalogue of assembly kinds the field uses, as data.

Families and kinds follow *Assemblies as a Tool for Just Democracy* (Partners for Dignity &
Rights, 2025). Each kind carries a plain-language purpose, what it suits, a real example, and
the composition organizers usually start from. Add a kind by adding an entry here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise


class Family(models.TextChoices):
    MOVEMENT = "movement", _("Movement assemblies")
    POLICY = "policy", _("Policy assemblies")
    GOVERNING = "governing", _("Governing-power assemblies")


FAMILY_DESCRIPTIONS: dict[str, StrPromise] = {
    Family.MOVEMENT: _(
        "Run by community and labor organizations to build power: members and communities "
        "decide on their own agenda, demands and actions."
    ),
    Family.POLICY: _(
        "Commissioned by a government or parliament, usually with members chosen by a fair "
        "lottery, to advise on or decide a public question."
    ),
    Family.GOVERNING: _(
        "Tied to government and the policy process (planning, budgeting, oversight) while "
        "member-based organizations shape them: organization delegates, residents chosen by "
        "lottery and officials sit together."
    ),
}


@dataclass(frozen=True)
class SeatTemplate:
    """A seat category that a kind usually has, offered when an assembly is created."""

    seat_type: str  # a SeatType value
    name: StrPromise
    seats: int
    may_vote: bool = True
    may_speak: bool = True
    may_propose: bool = True
    counts_for_quorum: bool = True


@dataclass(frozen=True)
class AssemblyKindInfo:
    slug: str
    family: str
    name: StrPromise
    purpose: StrPromise
    suits: StrPromise
    example: StrPromise
    standing: bool = False
    usual_composition: tuple[SeatTemplate, ...] = field(default_factory=tuple)


KINDS: tuple[AssemblyKindInfo, ...] = (
    AssemblyKindInfo(
        slug="peoples_movement",
        family=Family.MOVEMENT,
        name=_("People's movement assembly"),
        purpose=_(
            "Communities on the front line of a struggle come together to analyse their "
            "conditions, agree on demands and visions, and commit to resolutions for action "
            "that named organizations carry out."
        ),
        suits=_(
            "Movement organizations that want a shared agenda and strategy across struggles, "
            "and relationships that last beyond one meeting."
        ),
        example=_(
            "The Southern Movement Assembly and the people's movement assemblies of the US "
            "Social Forum, organized with Project South since 2010."
        ),
        usual_composition=(
            SeatTemplate("delegate", _("Delegates of member organizations"), 40),
            SeatTemplate("reserved", _("Frontline community members"), 60),
        ),
    ),
    AssemblyKindInfo(
        slug="member_governance",
        family=Family.MOVEMENT,
        name=_("Member-governance assembly (convention)"),
        purpose=_(
            "The members of an organization, through delegates from their locals or "
            "chapters, decide its policy, budget, leadership and rules."
        ),
        suits=_(
            "Unions, co-operatives and membership organizations that must take binding "
            "decisions with credentials, quorum, motions and secret-ballot elections."
        ),
        example=_(
            "The AFSCME International Convention, where delegates credentialed by each local "
            "adopt resolutions and elect officers every two years."
        ),
        usual_composition=(
            SeatTemplate("delegate", _("Delegates of locals"), 90),
            SeatTemplate(
                "official", _("Officers (ex officio)"), 10, may_vote=True, counts_for_quorum=True
            ),
        ),
    ),
    AssemblyKindInfo(
        slug="mass_assembly",
        family=Family.MOVEMENT,
        name=_("Semi-spontaneous mass assembly"),
        purpose=_(
            "Everyone present takes part: an open general assembly, with working groups, a "
            "speakers' stack and consensus, formed quickly in a moment of crisis or uprising."
        ),
        suits=_(
            "People already gathered in public who need fast collective decisions and have no "
            "trusted government partner."
        ),
        example=_(
            "The 15M assemblies in Madrid's Puerta del Sol (2011) and the Occupy Wall Street "
            "general assembly (2011)."
        ),
        usual_composition=(SeatTemplate("reserved", _("Everyone present"), 200),),
    ),
    AssemblyKindInfo(
        slug="shadow",
        family=Family.MOVEMENT,
        name=_("Shadow assembly"),
        purpose=_(
            "A movement convenes an assembly alongside an official body it finds "
            "unrepresentative or unresponsive, delivers its conclusions in public and presses "
            "officials to answer."
        ),
        suits=_(
            "Situations where the government is hostile or captured and people need to show "
            "a credible alternative and pressure decision-makers."
        ),
        example=_(
            "The Citizens' Assembly on Brexit (United Kingdom, 2017), drawn by lottery and "
            "convened by universities, not by Parliament, whose report was delivered to MPs."
        ),
        usual_composition=(SeatTemplate("lottery", _("Residents chosen by lottery"), 50),),
    ),
    AssemblyKindInfo(
        slug="civic_one_time",
        family=Family.POLICY,
        name=_("One-time civic assembly"),
        purpose=_(
            "A microcosm of the public, chosen by a fair lottery with quotas, learns, "
            "deliberates and recommends on one question that a government has committed to "
            "answer."
        ),
        suits=_(
            "A willing government facing one contested, values-laden question where "
            "legitimacy across a divided public matters."
        ),
        example=_(
            "France's Citizens' Convention for Climate (2019–2020): 150 people drawn by lot "
            "made 149 proposals to the government."
        ),
        usual_composition=(SeatTemplate("lottery", _("Residents chosen by lottery"), 50),),
    ),
    AssemblyKindInfo(
        slug="civic_standing",
        family=Family.POLICY,
        name=_("Standing civic assembly"),
        purpose=_(
            "A permanent body of residents chosen by lottery, renewed in rotation, that sets "
            "topics, convenes assemblies on them and follows up what the government does."
        ),
        suits=_(
            "A recurring agenda where residents should set topics and oversee implementation "
            "over years."
        ),
        example=_(
            "The Ostbelgien Citizens' Dialogue (Belgium, since 2019): a Citizens' Council of "
            "24, a third replaced every six months, convenes up to three assemblies a year."
        ),
        standing=True,
        usual_composition=(SeatTemplate("lottery", _("Residents chosen by lottery"), 24),),
    ),
    AssemblyKindInfo(
        slug="constituent",
        family=Family.POLICY,
        name=_("Constituent assembly"),
        purpose=_(
            "A body that drafts a new constitution after a break in legitimacy, often with "
            "parity rules and reserved seats, and puts its draft to a popular vote."
        ),
        suits=_("A country or region that needs a new constitutional settlement."),
        example=_(
            "Chile's Constitutional Convention (2021–2022): 155 elected members with gender "
            "parity and 17 seats reserved for Indigenous peoples."
        ),
        usual_composition=(
            SeatTemplate("official", _("Elected members"), 138),
            SeatTemplate("reserved", _("Reserved seats for Indigenous peoples"), 17),
        ),
    ),
    AssemblyKindInfo(
        slug="constitutional",
        family=Family.POLICY,
        name=_("Constitutional assembly"),
        purpose=_(
            "Within an existing constitutional order, an assembly considers proposed "
            "amendments and recommends whether and how to put them to a referendum."
        ),
        suits=_("Constitutional amendment questions in a stable democracy."),
        example=_(
            "Ireland's Citizens' Assembly (2016–2018), whose recommendation on the Eighth "
            "Amendment led to the 2018 referendum."
        ),
        usual_composition=(
            SeatTemplate("lottery", _("Residents chosen by lottery"), 99),
            SeatTemplate(
                "official",
                _("Chair"),
                1,
                may_vote=False,
                may_propose=False,
                counts_for_quorum=False,
            ),
        ),
    ),
    AssemblyKindInfo(
        slug="mixed_committee",
        family=Family.POLICY,
        name=_("Mixed committee (drawn residents with legislators)"),
        purpose=_(
            "Residents drawn by lottery and elected legislators deliberate together and vote, "
            "sometimes with separate tallies, on recommendations to the parliament."
        ),
        suits=_(
            "Situations where legislators' buy-in is the bottleneck and joint ownership of the "
            "outcome is needed."
        ),
        example=_(
            "The deliberative committees of the Brussels Parliament (since 2019): 45 residents "
            "drawn by lot with 15 members of parliament."
        ),
        usual_composition=(
            SeatTemplate("lottery", _("Residents chosen by lottery"), 45),
            SeatTemplate("official", _("Members of parliament"), 15),
        ),
    ),
    AssemblyKindInfo(
        slug="governing_power",
        family=Family.GOVERNING,
        name=_("Governing-power assembly"),
        purpose=_(
            "Community organizations and government govern together: an assembly of "
            "organization delegates, residents chosen by lottery and officials plans, "
            "budgets or oversees public policy in a yearly cycle."
        ),
        suits=_(
            "An organized base with an allied government that wants to move resources and "
            "priorities to frontline communities durably."
        ),
        example=_(
            "Porto Alegre's participatory budget (Brazil, since 1989), where neighbourhood "
            "assemblies elect delegates and councillors who decide investment priorities."
        ),
        standing=True,
        usual_composition=(
            SeatTemplate("delegate", _("Delegates of community organizations"), 20),
            SeatTemplate("lottery", _("Residents chosen by lottery"), 20),
            SeatTemplate(
                "official", _("City officials"), 5, may_vote=False, counts_for_quorum=False
            ),
        ),
    ),
)

KINDS_BY_SLUG: dict[str, AssemblyKindInfo] = {kind.slug: kind for kind in KINDS}
KIND_CHOICES: list[tuple[str, StrPromise]] = [(kind.slug, kind.name) for kind in KINDS]


def kinds_by_family() -> list[tuple[str, StrPromise, StrPromise, list[AssemblyKindInfo]]]:
    return [
        (
            family.value,
            family.label,
            FAMILY_DESCRIPTIONS[family],
            [kind for kind in KINDS if kind.family == family],
        )
        for family in Family
    ]
