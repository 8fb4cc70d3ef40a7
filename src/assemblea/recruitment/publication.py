"""What the public lottery page and its files show, and why nothing there names anyone.

The draw must stay verifiable: anyone can check that the published lottery (its panels of
pseudonymous ids and their SHA-256) was fixed before the seed was announced, and that the
seed picks the published panel (`assemblea sortition verify --report report.json --seed …`).
That needs the lottery's panels and the seed, nothing about anyone's answers.

What it must not do is let anyone link a person to their answers. The seated members'
names are public (with their consent) and the drawn panel's ids are public, so any file
that gives per-id answers (the engine's people.csv, or the report's "types" listing which
ids share a profile) is such a link: joined with the list of seated names, a rare
combination (the one non-binary renter over 65 on the panel) tells who answered what, and
the drawn ids narrow it further. So the public report keeps:

- the lottery's panels (ids only), its SHA-256, the seed, the drawn index and panel, the
  replacement's dropouts and kept ids: pseudonyms with no attribute attached;
- the quotas (policy) and, per category value, the pool and panel counts as aggregates with
  small cells withheld (`assemblea.core.privacy.counts_suppressed`);
- the SHA-256 of the anonymous input file (people.csv) as a commitment: an independent
  auditor given the file by the organizers can check every panel against the quotas;

and drops the per-id profile types, the per-panel type counts, and the input file itself.
The open-data export applies the same rule (opendata helper).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from assemblea.core.privacy import counts_suppressed

# Report keys that are aggregates or commitments, kept as they are.
_KEPT = ("format", "engine", "created", "algorithm", "probabilities", "lottery", "draw")


def public_quota_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The quota table with the pool and panel counts suppressed per category. Rows already
    in public form (a run imported from open data) are kept as they are: suppressing them
    again would read a withheld count as "none"."""
    if rows and all("withheld" in row for row in rows):
        return [dict(row) for row in rows]
    by_category: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_category[row["category"]].append(row)
    public: list[dict[str, Any]] = []
    for category_rows in by_category.values():
        pool = counts_suppressed({i: int(r["in_pool"]) for i, r in enumerate(category_rows)})
        panel_counts = {
            i: int(r["on_panel"]) for i, r in enumerate(category_rows) if r["on_panel"] is not None
        }
        panel = counts_suppressed(panel_counts) if panel_counts else {}
        for i, row in enumerate(category_rows):
            public.append(
                {
                    "category": row["category"],
                    "value": row["value"],
                    "min": row["min"],
                    "max": row["max"],
                    "in_pool": pool[i],
                    "expected_on_panel": row["expected_on_panel"] if pool[i] is not None else None,
                    "on_panel": panel.get(i),
                    "withheld": pool[i] is None or (i in panel_counts and panel[i] is None),
                }
            )
    return public


def public_report(report: dict[str, Any] | None) -> dict[str, Any] | None:
    """The report as published: see the module's docstring for what is left out and why."""
    if report is None:
        return None
    public: dict[str, Any] = {key: report[key] for key in _KEPT if key in report}
    inputs = report.get("inputs", {})
    public["inputs"] = {
        "quotas": inputs.get("quotas", {}),
        "people": {
            key: value
            for key, value in inputs.get("people", {}).items()
            if key in ("sha256", "encoding", "id_column", "rows")
        },
        "seats": inputs.get("seats"),
    }
    public["quotas"] = public_quota_rows(report.get("quotas", []))
    if "replacement" in report:
        public["replacement"] = dict(report["replacement"])
    public["privacy"] = (
        "Per-person answers and profile types are not published; counts below "
        "3 are withheld. The people file's SHA-256 commits to the inputs."
    )
    return public
