import pytest
from django.utils import translation

from assemblea.assemblies.fit import QUESTIONS_BY_KEY, RULES, UnknownAnswer, recommend
from assemblea.assemblies.kinds import KINDS_BY_SLUG


def test_every_rule_names_a_real_question_answer_and_kind():
    for rule in RULES:
        question = QUESTIONS_BY_KEY[rule.question]
        assert rule.answer in {code for code, _label in question.answers}, rule
        assert set(rule.points) <= set(KINDS_BY_SLUG), rule


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            {
                "convener": "government",
                "government_stance": "committed",
                "authority": "advisory",
                "horizon": "months",
                "who": "microcosm",
                "resources": "substantial",
            },
            "civic_one_time",
        ),
        (
            {
                "convener": "government",
                "government_stance": "committed",
                "horizon": "years",
                "who": "microcosm",
                "resources": "substantial",
            },
            "civic_standing",
        ),
        (
            {"convener": "membership", "authority": "internal", "who": "members"},
            "member_governance",
        ),
        (
            {
                "convener": "people",
                "government_stance": "hostile",
                "horizon": "now",
                "who": "anyone",
                "resources": "volunteer",
            },
            "mass_assembly",
        ),
        (
            {"convener": "movement", "government_stance": "hostile", "authority": "pressure"},
            "shadow",
        ),
        (
            {
                "convener": "joint",
                "government_stance": "willing",
                "authority": "budget",
                "horizon": "years",
                "who": "mixed",
                "base": "strong",
            },
            "governing_power",
        ),
        ({"convener": "government", "who": "legislators"}, "mixed_committee"),
        (
            {"convener": "movement", "who": "frontline", "base": "strong", "authority": "internal"},
            "peoples_movement",
        ),
    ],
)
def test_recommendation_matches_the_situation(answers, expected):
    ranking = recommend(answers)
    assert ranking[0].kind.slug == expected
    assert ranking[0].reasons, "a recommendation always comes with its reasons"
    assert len(ranking) == 3
    assert ranking[0].points >= ranking[1].points >= ranking[2].points


def test_reasons_come_from_the_rules_that_matched():
    ranking = recommend({"who": "legislators"})
    with translation.override("en"):
        reasons = [str(reason) for reason in ranking[0].reasons]
    assert reasons == ["Drawn residents and legislators sitting together is a mixed committee."]


def test_an_answer_that_is_not_offered_is_refused():
    with pytest.raises(UnknownAnswer):
        recommend({"convener": "aliens"})
    with pytest.raises(UnknownAnswer):
        recommend({"favourite_colour": "blue"})
