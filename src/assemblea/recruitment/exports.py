"""The files organizers download with personal data (mail merge, registrations), built
here and not in the views. Every cell goes through `csv_writer`: text typed into the public
registration form (`=HYPERLINK(...)`) is shown as typed, never run as a formula."""

from __future__ import annotations

import io
import json

from assemblea.core.spreadsheet import csv_writer
from assemblea.recruitment.models import Recruitment, Registration

# Excel opens a CSV as the computer's legacy code page unless it starts with a byte-order mark:
# without it, Muñoz shows as MuÃ±oz.
BOM = "\ufeff"


def invitations_csv(recruitment: Recruitment, base: str) -> str:
    """One row per invitation: code, address, area, language, the registration link."""
    out = io.StringIO(BOM)
    out.seek(0, io.SEEK_END)
    writer = csv_writer(out)
    writer.writerow(["code", "address", "area", "language", "registration_link"])
    for draw in recruitment.invitation_draws.order_by("created_at", "pk"):
        for invitation in draw.invitations.select_related("household").order_by("pk"):
            household = invitation.household
            writer.writerow(
                [
                    invitation.code,
                    household.address,
                    household.area,
                    household.language,
                    f"{base}{invitation.code}/",
                ]
            )
    return out.getvalue()


def registrations_csv(recruitment: Recruitment) -> str:
    """Every registration with its answers and contact details, duplicates and walk-ins
    marked."""
    categories = list(recruitment.target_categories.values_list("name", flat=True))
    out = io.StringIO(BOM)
    out.seek(0, io.SEEK_END)
    writer = csv_writer(out)
    writer.writerow(
        [
            "id",
            "status",
            "channel",
            "registered",
            "page",
            "without_invitation",
            "duplicate_of",
            *categories,
            "name",
            "email",
            "phone",
            "language",
            "support_needs",
            "consents_to_be_named",
            *(q["question"] for q in recruitment.extra_questions),
        ]
    )
    for registration in recruitment.registrations.select_related("contact", "duplicate_of"):
        contact = getattr(registration, "contact", None)
        writer.writerow(
            [
                registration.public_id,
                registration.status,
                registration.channel,
                registration.created_at.isoformat(),
                registration.page,
                "yes" if registration.without_invitation else "",
                registration.duplicate_of.public_id if registration.duplicate_of else "",
                *(registration.answers.get(c, "") for c in categories),
                *(
                    [
                        contact.name,
                        contact.email,
                        contact.phone,
                        contact.language,
                        " ".join(contact.support_needs),
                        contact.consents_to_be_named,
                    ]
                    if contact
                    else ["", "", "", "", "", ""]
                ),
                *(
                    (contact.extra_answers.get(q["key"], "") if contact else "")
                    for q in recruitment.extra_questions
                ),
            ]
        )
    return out.getvalue()


def person_json(registration: Registration) -> str:
    """One registrant's data, as they may ask to see it (a JSON file)."""
    contact = getattr(registration, "contact", None)
    data = {
        "id": registration.public_id,
        "status": registration.status,
        "answers": registration.answers,
        "registered": registration.created_at.isoformat(),
        "contact": None
        if contact is None
        else {
            "name": contact.name,
            "email": contact.email,
            "phone": contact.phone,
            "address": contact.address,
            "language": contact.language,
            "availability": contact.availability,
            "support_needs": contact.support_needs,
            "interpretation_language": contact.interpretation_language,
            "support_notes": contact.support_notes,
            "consents_to_be_named": contact.consents_to_be_named,
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=1)
