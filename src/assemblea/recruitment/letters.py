"""Printable invitation letters (PDF), one page per household, in its language."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assemblea.core.pdf import pdf_new, pdf_text
from assemblea.recruitment.models import Recruitment


def invitation_letters_pdf(recruitment: Recruitment, registration_url: str) -> bytes:
    assembly = recruitment.assembly
    pdf, font, unicode_font = pdf_new("Invitations")
    languages = {code for code, _name in settings.LANGUAGES}
    deadline = recruitment.registration_deadline
    for draw in recruitment.invitation_draws.order_by("created_at"):
        for invitation in draw.invitations.select_related("household").order_by("id"):
            household = invitation.household
            language = household.language if household.language in languages else "en"
            with translation.override(language):
                paragraphs = [
                    _("Dear resident,"),
                    _(
                        "Your household has been chosen by a fair lottery to be invited to "
                        "%(title)s, convened by %(organization)s."
                    )
                    % {"title": assembly.title, "organization": assembly.organization.name},
                    _("The question: %(question)s") % {"question": assembly.mandate.question},
                    _(
                        "One person aged 16 or over from your household can register. Members "
                        "are chosen by a second lottery so that the assembly looks like the "
                        "community. Stipends, childcare, travel and interpretation are provided."
                    ),
                    _("Register at %(url)s with the code %(code)s, or call us and give the code.")
                    % {"url": f"{registration_url}{invitation.code}/", "code": invitation.code},
                ]
                if deadline:
                    paragraphs.append(
                        _("Please register by %(date)s.")
                        % {"date": timezone.localtime(deadline).strftime("%Y-%m-%d")}
                    )
                heading = _("Invitation")
            pdf.add_page()
            pdf.set_font(font, size=11)
            pdf.multi_cell(0, 6, pdf_text(household.address, unicode_font))
            pdf.ln(10)
            pdf.set_font(font, "B", 16)
            pdf.multi_cell(0, 9, pdf_text(f"{heading}: {assembly.title}", unicode_font))
            pdf.ln(4)
            pdf.set_font(font, size=12)
            for paragraph in paragraphs:
                pdf.multi_cell(0, 7, pdf_text(paragraph, unicode_font))
                pdf.ln(3)
            pdf.set_font(font, "B", 20)
            pdf.cell(0, 14, invitation.code, align="C")
    if pdf.page == 0:
        pdf.add_page()
        pdf.set_font(font, size=12)
        pdf.multi_cell(0, 7, pdf_text(_("No invitations have been drawn yet."), unicode_font))
    return bytes(pdf.output())
