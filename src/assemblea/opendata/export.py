"""An assembly's public facts as one JSON document (and as CSV files), per tables.py.

Ids in a document are the exporting instance's own; they only tie rows of the same
document together. An import gives every row a new id.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.accounts.models import User
from assemblea.assemblies.models import Assembly, Mandate, Visibility
from assemblea.core.events import assembly_stream
from assemblea.core.models import Event
from assemblea.core.spreadsheet import csv_writer
from assemblea.decisions.models import Ballot, Poll, PollStatus
from assemblea.opendata.tables import (
    AGGREGATES,
    AGGREGATES_BY_NAME,
    ASSEMBLY_FIELDS,
    MANDATE_FIELDS,
    PEOPLE,
    TABLES,
    TABLES_BY_NAME,
    Aggregate,
    RowContext,
    Table,
    ballots_withhold_small_categories,
    exported_id,
    json_value,
    row_context,
    row_value,
)

SCHEMA_VERSION = 2
TIMELINE = "timeline"
# The receipts of each closed vote, apart from its ballots (see receipts_rows).
RECEIPTS = "receipts"
COLLECTIONS: tuple[str, ...] = (
    PEOPLE,
    *TABLES_BY_NAME,
    RECEIPTS,
    *AGGREGATES_BY_NAME,
    TIMELINE,
)


def collection_description(name: str) -> str:
    """What a collection holds, in the reader's language."""
    if name == PEOPLE:
        return _("A person named on the public pages (author, commenter, open voter): name only.")
    if name == TIMELINE:
        return _("A public event of the assembly's timeline.")
    if name == RECEIPTS:
        return _(
            "The receipts of a closed vote's ballots, sorted by their value and apart from "
            "the ballots: a voter finds theirs to see their ballot was counted, and nothing "
            "shows which ballot it was."
        )
    if name in AGGREGATES_BY_NAME:
        return str(AGGREGATES_BY_NAME[name].description)
    return str(TABLES_BY_NAME[name].description)


def public_assemblies() -> QuerySet[Assembly]:
    return Assembly.objects.filter(visibility=Visibility.PUBLIC).order_by("title", "pk")


def assembly_summary(assembly: Assembly) -> dict[str, Any]:
    """The assembly itself: its own fields, the convening organization and the mandate."""
    summary: dict[str, Any] = {"id": assembly.pk}
    summary.update({name: json_value(getattr(assembly, name)) for name in ASSEMBLY_FIELDS})
    summary["organization"] = assembly.organization_id
    mandate = Mandate.objects.filter(assembly=assembly).first()
    summary["mandate"] = (
        {name: json_value(getattr(mandate, name)) for name in MANDATE_FIELDS} if mandate else None
    )
    summary["url"] = settings.BASE_URL + assembly.get_absolute_url()
    return summary


def _table_rows(
    table: Table, assembly: Assembly, private: RowContext | None = None
) -> list[dict[str, Any]]:
    private = private if private is not None else row_context(assembly)
    rows = []
    queryset = table.rows(assembly).order_by("pk")
    if table.many:
        queryset = queryset.prefetch_related(*table.many)
    for row in queryset:
        item: dict[str, Any] = {"id": exported_id(table.name, row.pk)}
        for name in table.fields:
            item[name] = row_value(table, row, name, private)
        for name, target in table.refs.items():
            item[name] = exported_id(target, getattr(row, f"{name}_id"))
        for name, target in table.many.items():
            item[name] = sorted(
                exported_id(target, related.pk) for related in getattr(row, name).all()
            )
        rows.append(item)
    if table.name == "ballots":
        ballots_withhold_small_categories(rows)
    if table.pseudonymous:
        rows.sort(key=lambda item: item["id"])
    return rows


def _aggregate_rows(aggregate: Aggregate, assembly: Assembly) -> list[dict[str, Any]]:
    return [
        {"id": number, **{name: row[name] for name in (*aggregate.refs, *aggregate.columns)}}
        for number, row in enumerate(aggregate.rows(assembly), start=1)
    ]


def _all_table_rows(assembly: Assembly) -> dict[str, list[dict[str, Any]]]:
    private = row_context(assembly)
    return {table.name: _table_rows(table, assembly, private) for table in TABLES}


def _people_rows(collections: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The accounts the public tables name, with only the name they show."""
    ids: set[int] = set()
    for table in TABLES:
        people_fields = [name for name, target in table.refs.items() if target == PEOPLE]
        people_lists = [name for name, target in table.many.items() if target == PEOPLE]
        for item in collections[table.name]:
            ids.update(item[name] for name in people_fields if item[name] is not None)
            for name in people_lists:
                ids.update(item[name])
    users = User.objects.filter(pk__in=ids).order_by("pk")
    return [{"id": user.pk, "name": str(user)} for user in users]


def receipts_rows(assembly: Assembly) -> list[dict[str, Any]]:
    """Each closed vote's receipts, sorted by vote and receipt, numbered 1, 2, 3... in that
    order: neither the order nor the numbers say which ballot a receipt belongs to (a
    receipt next to its choice would let a voter prove their vote to a buyer or a boss)."""
    polls = Poll.objects.filter(assembly=assembly, status=PollStatus.CLOSED)
    rows = sorted(
        (exported_id("polls", poll), receipt)
        for poll, receipt in Ballot.objects.filter(poll__in=polls).values_list("poll_id", "receipt")
    )
    return [
        {"id": number, "poll": poll, "receipt": receipt}
        for number, (poll, receipt) in enumerate(rows, start=1)
    ]


def _timeline_rows(assembly: Assembly) -> list[dict[str, Any]]:
    """The public timeline of the assembly page, as it reads (verb and its data)."""
    events = Event.objects.filter(stream=assembly_stream(assembly.pk), public=True).order_by(
        "occurred_at", "pk"
    )
    return [
        {
            "id": event.pk,
            "occurred_at": event.occurred_at.isoformat(),
            "verb": event.verb,
            "data": event.data,
        }
        for event in events
    ]


def collection_rows(assembly: Assembly, name: str) -> list[dict[str, Any]]:
    """One collection of the document; KeyError for an unknown name."""
    if name == TIMELINE:
        return _timeline_rows(assembly)
    if name == PEOPLE:
        return _people_rows(_all_table_rows(assembly))
    if name == RECEIPTS:
        return receipts_rows(assembly)
    if name in AGGREGATES_BY_NAME:
        return _aggregate_rows(AGGREGATES_BY_NAME[name], assembly)
    return _table_rows(TABLES_BY_NAME[name], assembly)


def open_data_license() -> dict[str, str]:
    """The licence the open data is published under (ASSEMBLEA_OPEN_DATA_LICENSE, _URL)."""
    return {"name": settings.OPEN_DATA_LICENSE_NAME, "url": settings.OPEN_DATA_LICENSE_URL}


def license_text(document: dict[str, Any]) -> str:
    """LICENSE.txt of the zip: under which licence the files are published, and by whom."""
    terms = document.get("license") or open_data_license()
    return (
        f"The open data of “{document['assembly']['title']}”, exported from "
        f"{document['source']['url']} on {document['exported_at']}, is published under "
        f"{terms['name']}: {terms['url']}\n"
    )


def assembly_document(assembly: Assembly) -> dict[str, Any]:
    collections = _all_table_rows(assembly)
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        "source": {
            "instance": settings.BASE_URL,
            "url": settings.BASE_URL + assembly.get_absolute_url(),
        },
        "license": open_data_license(),
        "assembly": assembly_summary(assembly),
        PEOPLE: _people_rows(collections),
    }
    document.update(collections)
    document[RECEIPTS] = receipts_rows(assembly)
    for aggregate in AGGREGATES:
        document[aggregate.name] = _aggregate_rows(aggregate, assembly)
    document[TIMELINE] = _timeline_rows(assembly)
    return document


def document_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False)


def _csv_cell(value: Any) -> Any:
    """Lists and objects go into a cell as JSON; everything else as is (null: empty)."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def rows_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in columns])
    return buffer.getvalue()


def collection_columns(name: str) -> list[str]:
    if name == PEOPLE:
        return ["id", "name"]
    if name == TIMELINE:
        return ["id", "occurred_at", "verb", "data"]
    if name == RECEIPTS:
        return ["id", "poll", "receipt"]
    if name in AGGREGATES_BY_NAME:
        aggregate = AGGREGATES_BY_NAME[name]
        return ["id", *aggregate.refs, *aggregate.columns]
    table = TABLES_BY_NAME[name]
    return ["id", *table.fields, *table.refs, *table.many]


def document_zip(document: dict[str, Any]) -> bytes:
    """The same document as CSV files, one per collection, plus assembly.csv, the JSON and
    LICENSE.txt (the licence the data is published under)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        summary = dict(document["assembly"])
        mandate = summary.pop("mandate") or {}
        summary.update({f"mandate_{key}": value for key, value in mandate.items()})
        archive.writestr("assembly.csv", rows_csv([summary], list(summary)))
        for name in COLLECTIONS:
            archive.writestr(f"{name}.csv", rows_csv(document[name], collection_columns(name)))
        archive.writestr("assembly.json", document_json(document))
        archive.writestr("LICENSE.txt", license_text(document))
    return buffer.getvalue()
