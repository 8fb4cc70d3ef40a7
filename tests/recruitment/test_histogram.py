from django.template.loader import render_to_string
from django.utils import translation

from assemblea.recruitment.selectors import probability_histogram


def _report(chances):
    return {
        "distribution": {
            "types": [{"probability": p, "members": [f"p{i}"]} for i, p in enumerate(chances)]
        }
    }


def test_close_chances_get_distinct_labels():
    chances = [0.02 + 0.0004 * i for i in range(11)]
    bins = probability_histogram(_report(chances))
    labels = [b.label for b in bins]
    assert len(bins) == 10 and len(set(labels)) == 10
    assert labels[0].startswith("2") and "2–2 %" not in labels
    assert sum(b.count for b in bins) == 11
    html = render_to_string("recruitment/_histogram.html", {"histogram": bins})
    assert "2–2%" not in html and labels[3] in html


def test_equal_chances_are_one_bar():
    bins = probability_histogram(_report([0.3] * 40))
    assert len(bins) == 1
    assert bins[0].count == 40 and bins[0].label == "30 %"
    html = render_to_string("recruitment/_histogram.html", {"histogram": bins})
    assert "130" not in html and "30 %" in html


def test_labels_follow_the_language():
    with translation.override("es"):
        bins = probability_histogram(_report([0.021, 0.0215, 0.023]))
    assert "," in bins[0].label
