"""The assembly's final report, as a web page and a PDF: method, members against the
population, the recommendations with their support and minority reports, and the answers."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf.enums import XPos, YPos

from assemblea.accountability import selectors
from assemblea.accountability.models import Verdict
from assemblea.assemblies.models import Assembly
from assemblea.core.charts import date_text
from assemblea.core.pdf import pdf_new, pdf_text
from assemblea.core.privacy import SMALL_CELL_MINIMUM


def final_report(assembly: Assembly) -> dict[str, Any]:
    from assemblea.recruitment.selectors import (
        current_recruitment,
        seated_against_population_public,
    )

    recruitment = current_recruitment(assembly)
    lottery = None
    if recruitment is not None:
        run = recruitment.runs.filter(status="drawn", kind="selection").first()
        report = run.report if run else None
        lottery = {
            "seats": recruitment.seats,
            "algorithm": recruitment.algorithm.upper(),
            "seed": run.seed if run else "",
            "min": (report or {}).get("probabilities", {}).get("min"),
            "max": (report or {}).get("probabilities", {}).get("max"),
            "composition": seated_against_population_public(recruitment),
        }
    items = []
    for item in selectors.recommendations_of(assembly):
        response = selectors.latest_response(item)
        items.append(
            {
                "item": item,
                "response": response,
                "verdict": Verdict(response.verdict).label if response else "",
                "stage": selectors.STAGE_LABELS[selectors.stage_of(item)],
                "commitments": list(
                    item.commitments.prefetch_related("milestones", "updates").order_by("pk")
                ),
            }
        )
    from assemblea.decisions.models import Poll, PollStatus
    from assemblea.decisions.selectors import poll_result_view
    from assemblea.deliberation.models import Evidence

    votes = [
        {"poll": poll, "view": poll_result_view(poll)}
        for poll in Poll.objects.filter(assembly=assembly, status=PollStatus.CLOSED).order_by(
            "closed_at", "pk"
        )
    ]
    return {
        "evidence": list(Evidence.objects.filter(assembly=assembly).order_by("added_at", "pk")),
        "votes": votes,
        "categories": list(assembly.categories.all()),
        "lottery": lottery,
        "items": items,
        "clock": selectors.response_clock(assembly, timezone.localdate()),
        "small_cell_minimum": SMALL_CELL_MINIMUM,
    }


class _PdfWriter:
    """Headings and paragraphs in the report's font (a Unicode one when installed)."""

    def __init__(self, title: str) -> None:
        self.pdf, self.font, self.unicode_font = pdf_new(title)

    def heading(self, text: str, size: int = 14) -> None:
        self.pdf.set_font(self.font, "B", size)
        self.pdf.multi_cell(
            0, size * 0.6, pdf_text(text, self.unicode_font), new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.pdf.ln(2)

    def para(self, text: str) -> None:
        self.pdf.set_font(self.font, "", 10)
        self.pdf.multi_cell(
            0, 5.5, pdf_text(text, self.unicode_font), new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.pdf.ln(2)


def _pdf_mandate(w: _PdfWriter, assembly: Assembly) -> None:
    mandate = getattr(assembly, "mandate", None)
    if mandate is not None:
        w.para(_("The question: %(question)s") % {"question": mandate.question})
        if mandate.commissioning_body:
            w.para(_("Commissioned by %(body)s.") % {"body": mandate.commissioning_body})


def _pdf_composition(w: _PdfWriter, data: dict[str, Any]) -> None:
    w.heading(_("Composition"))
    for category in data["categories"]:
        w.para(
            _("%(name)s: %(seats)s seats (%(kind)s)")
            % {
                "name": category.name,
                "seats": category.seats,
                "kind": category.get_seat_type_display(),
            }
        )


def _pdf_lottery(w: _PdfWriter, lottery: dict[str, Any] | None) -> None:
    if not lottery:
        return
    w.heading(_("Method"))
    w.para(
        _(
            "%(seats)s members were drawn by a public lottery (%(algorithm)s) with the seed "
            "“%(seed)s”."
        )
        % lottery
    )
    if lottery["min"] is not None:
        w.para(
            _("Chances of selection ranged from %(min).3f to %(max).3f.")
            % {"min": lottery["min"], "max": lottery["max"]}
        )
    for line in lottery["composition"]:
        if line.seated_share is None:
            w.para(
                _(
                    "%(category)s · %(value)s: %(population)s %% of the population, "
                    "fewer than %(minimum)s members"
                )
                % {
                    "category": line.category,
                    "value": line.value,
                    "population": round(100 * line.population_share),
                    "minimum": SMALL_CELL_MINIMUM,
                }
            )
            continue
        w.para(
            _(
                "%(category)s · %(value)s: %(population)s %% of the population, "
                "%(seated)s %% of members"
            )
            % {
                "category": line.category,
                "value": line.value,
                "population": round(100 * line.population_share),
                "seated": round(100 * line.seated_share),
            }
        )


def _pdf_evidence_and_votes(w: _PdfWriter, data: dict[str, Any]) -> None:
    if data["evidence"]:
        w.heading(_("Evidence heard"))
        for evidence in data["evidence"]:
            w.para(
                _("%(title)s, provided by %(who)s (%(perspective)s)")
                % {
                    "title": evidence.title,
                    "who": evidence.provided_by,
                    "perspective": evidence.perspective or evidence.get_kind_display(),
                }
            )
    if data["votes"]:
        w.heading(_("Votes"))
        for vote in data["votes"]:
            view = vote["view"]
            w.para(
                f"{vote['poll'].title}: {view.outcome if view else ''} "
                + "; ".join(f"{label}: {value}" for label, value in (view.figures if view else []))
            )


def _pdf_recommendations(w: _PdfWriter, data: dict[str, Any]) -> None:
    w.heading(_("Recommendations"))
    for entry in data["items"]:
        item = entry["item"]
        w.heading(f"{item.number}. {item.title}", 12)
        w.para(item.text)
        if item.support:
            w.para(_("Support: %(support)s") % {"support": item.support})
        if item.minority_report:
            w.para(_("Minority report: %(text)s") % {"text": item.minority_report})
        w.para(_("Addressed to %(body)s.") % {"body": item.addressed_to})
        response = entry["response"]
        if response:
            w.para(_("Answer: %(verdict)s.") % {"verdict": entry["verdict"]})
            if response.reasons:
                w.para(_("Reasons: %(reasons)s") % {"reasons": response.reasons})
        else:
            w.para(_("No answer yet."))
        for commitment in entry["commitments"]:
            _pdf_commitment(w, commitment)


def _pdf_commitment(w: _PdfWriter, commitment: Any) -> None:
    """A commitment with its office, due date, status and progress, then its milestones and
    its progress reports, newest first."""
    w.para(
        _("Commitment: %(title)s (%(office)s), %(status)s, %(progress)s %%, due %(due)s.")
        % {
            "title": commitment.title,
            "office": commitment.office,
            "status": commitment.get_status_display(),
            "progress": commitment.progress,
            "due": date_text(commitment.due_on) if commitment.due_on else "—",
        }
    )
    for milestone in commitment.milestones.all():
        done = date_text(milestone.done_on) if milestone.done_on else _("not yet")
        w.para(
            _("Milestone: %(title)s, due %(due)s, done %(done)s.")
            % {"title": milestone.title, "due": date_text(milestone.due_on), "done": done}
        )
    for update in commitment.updates.all():
        w.para(
            _("Progress, %(date)s: %(progress)s %% — %(note)s")
            % {
                "date": date_text(update.reported_on),
                "progress": update.progress,
                "note": update.note,
            }
        )


def final_report_pdf(assembly: Assembly) -> bytes:
    """The final report as a PDF: mandate, composition, method, evidence, votes, answers."""
    data = final_report(assembly)
    w = _PdfWriter(assembly.title)
    w.pdf.add_page()
    w.heading(assembly.title, 18)
    _pdf_mandate(w, assembly)
    _pdf_composition(w, data)
    _pdf_lottery(w, data["lottery"])
    _pdf_evidence_and_votes(w, data)
    _pdf_recommendations(w, data)
    w.para(data["clock"].summary)
    return bytes(w.pdf.output())
