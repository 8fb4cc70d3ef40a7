"""The import service: for whom, into which organization, all of it or nothing."""

from __future__ import annotations

from typing import Any

from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _

from assemblea.accounts.models import (
    Organization,
)
from assemblea.accounts.selectors import organization_is_admin
from assemblea.opendata.services.checks import document_problems
from assemblea.opendata.services.importer import _Importer
from assemblea.opendata.services.limits import ImportRefused, ImportResult


def _actor_problems(
    actor: Any, organization: Organization | None, *, by_operator: bool
) -> list[str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return [
            _(
                "An import needs the account that will administer what it creates: sign in, "
                "or name it with --organizer on the command line."
            )
        ]
    if (
        organization is not None
        and not by_operator
        and not organization_is_admin(actor, organization)
    ):
        return [
            _(
                "You do not administer “%(organization)s”: import into an organization you "
                "administer."
            )
            % {"organization": organization.name}
        ]
    return []


@transaction.atomic
def assembly_import(
    *,
    actor: Any,
    document: dict[str, Any],
    slug: str | None = None,
    organization: Organization | None = None,
    by_operator: bool = False,
) -> ImportResult:
    """Import the whole document or nothing, for `actor`, who becomes the organizer of the
    assembly and the administrator of every organization the import creates.

    ``organization`` replaces the convening organization named in the document; it must be
    one the actor administers (a web import goes into the importer's own), unless
    ``by_operator`` (the command line, run by whoever runs the instance)."""
    problems = _actor_problems(actor, organization, by_operator=by_operator)
    if problems:
        raise ImportRefused(problems, code="importer_not_allowed")
    problems = document_problems(document, slug=slug)
    if problems:
        raise ImportRefused(problems, code="document_problems")
    try:
        with transaction.atomic():
            return _Importer(document, organization, actor).run(slug=slug)
    except (IntegrityError, DataError) as error:
        # Rows that clash with each other where this instance allows one (two room rules
        # for one assembly, two ballots with one receipt...): the database is the judge;
        # everything written so far is undone with the transaction.
        raise ImportRefused(
            [
                _(
                    "Rows of the document clash where this instance allows only one, or hold "
                    "a value its database cannot store: %(error)s"
                )
                % {"error": str(error).splitlines()[0][:300]}
            ],
            code="rows_clash",
        ) from None
