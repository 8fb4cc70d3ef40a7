"""Writing a checked document: people, organizations, the assembly, its tables, its
timeline and the anchors of its closed votes."""

from __future__ import annotations

import hashlib
import json
import uuid
from functools import cached_property
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from assemblea.accounts.models import (
    Organization,
    OrganizationMembership,
    OrganizationRole,
    User,
)
from assemblea.accounts.selectors import organization_is_admin
from assemblea.assemblies.models import (
    Assembly,
    AssemblyRole,
    AssemblyRoleName,
    Mandate,
    SeatHolder,
    Visibility,
)
from assemblea.core.chain import event_hash_of, json_normalized
from assemblea.core.events import assembly_stream, event_record
from assemblea.core.models import Event
from assemblea.decisions import events as decision_events
from assemblea.decisions.models import Poll, PollStatus
from assemblea.opendata import events
from assemblea.opendata.export import RECEIPTS, TIMELINE
from assemblea.opendata.services.checks import _ballot_plan, _value
from assemblea.opendata.services.limits import ImportResult
from assemblea.opendata.tables import (
    ASSEMBLY_FIELDS,
    MANDATE_FIELDS,
    PEOPLE,
    TABLES,
    TABLES_BY_NAME,
    Table,
)


def _auto_time_fields(model: type[models.Model], names: tuple[str, ...]) -> list[str]:
    """Fields Django stamps on save (created_at...); the document's values are put back."""
    return [
        name
        for name in names
        if getattr(model._meta.get_field(name), "auto_now_add", False)
        or getattr(model._meta.get_field(name), "auto_now", False)
    ]


class _Importer:
    def __init__(
        self, document: dict[str, Any], organization: Organization | None, actor: Any
    ) -> None:
        self.document = document
        self.organization = organization
        self.actor = actor
        self.new_ids: dict[str, dict[int, int]] = {}
        self.result: ImportResult | None = None
        self.ballot_plan = _ballot_plan(document)[0]
        # Receipts are paired with their vote's ballots in any order: a receipt only shows
        # that a ballot was counted (document_problems checked that the numbers agree).
        self.receipts: dict[int, list[str]] = {}
        for row in document[RECEIPTS]:
            self.receipts.setdefault(row["poll"], []).append(row["receipt"])

    def run(self, *, slug: str | None) -> ImportResult:
        actor = self.actor
        self._people()
        self._organizations()
        assembly = self._assembly(slug)
        self.result = ImportResult(
            assembly=assembly, reused_organizations=self.reused, created_organizations=self.created
        )
        for table in TABLES:
            if table.name != "organizations":
                self._table(table, assembly)
        self._timeline(assembly)
        self._anchors(assembly)
        self.result.counts = {
            name: len(self.document[name]) for name in [PEOPLE, *TABLES_BY_NAME, RECEIPTS, TIMELINE]
        }
        AssemblyRole.objects.get_or_create(
            assembly=assembly, user=actor, role=AssemblyRoleName.ORGANIZER
        )
        event_record(
            stream=assembly_stream(assembly.pk),
            verb=events.IMPORTED,
            actor=actor,
            data={
                "source": self.document["source"]["url"],
                "version": self.document["schema_version"],
                "exported_at": self.document["exported_at"],
                "digest": hashlib.sha256(
                    json.dumps(self.document, sort_keys=True).encode()
                ).hexdigest(),
            },
            public=False,
        )
        return self.result

    def _people(self) -> None:
        """Named people become accounts that cannot sign in, holding only their name."""
        mapping = self.new_ids.setdefault(PEOPLE, {})
        for row in self.document[PEOPLE]:
            user = User(
                username=f"imported-{uuid.uuid4().hex[:12]}",
                display_name=row["name"][:150],
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
            mapping[row["id"]] = user.pk

    def _organizations(self) -> None:
        """The convening organization is the one given, or a new one; the others are reused
        only where the importer administers them, and otherwise created anew (under a free
        web address name). The importer administers every organization an import creates."""
        mapping = self.new_ids.setdefault("organizations", {})
        self.reused: list[str] = []
        self.created: list[str] = []
        table = TABLES_BY_NAME["organizations"]
        convening = self.document["assembly"]["organization"]
        for row in self.document["organizations"]:
            if row["id"] == convening and self.organization is not None:
                mapping[row["id"]] = self.organization.pk
                continue
            existing = Organization.objects.filter(slug=row["slug"]).first()
            if existing is not None and organization_is_admin(self.actor, existing):
                self.reused.append(existing.name)
                mapping[row["id"]] = existing.pk
                continue
            values = {name: row[name] for name in table.fields}
            values["slug"] = _free_slug(row["slug"])
            created = Organization.objects.create(**values)
            OrganizationMembership.objects.create(
                organization=created, user=self.actor, role=OrganizationRole.ADMIN
            )
            self.created.append(created.name)
            mapping[row["id"]] = created.pk

    def _assembly(self, slug: str | None) -> Assembly:
        data = self.document["assembly"]
        values = {name: _value(Assembly, name, data[name]) for name in ASSEMBLY_FIELDS}
        if slug:
            values["slug"] = slug
        created_at = values.pop("created_at")
        organization_id = self.new_ids["organizations"][data["organization"]]
        # Private until an organizer publishes it here, like every new assembly.
        values["visibility"] = Visibility.PRIVATE
        assembly = Assembly.objects.create(organization_id=organization_id, **values)
        Assembly.objects.filter(pk=assembly.pk).update(created_at=created_at)
        assembly.created_at = created_at
        if data["mandate"]:
            Mandate.objects.create(
                assembly=assembly,
                **{name: _value(Mandate, name, data["mandate"][name]) for name in MANDATE_FIELDS},
            )
        return assembly

    def _table(self, table: Table, assembly: Assembly) -> None:
        mapping = self.new_ids.setdefault(table.name, {})
        auto_times = _auto_time_fields(table.model, table.fields)
        self_refs = [name for name, target in table.refs.items() if target == table.name]
        for number, row in enumerate(self.document[table.name], start=1):
            values: dict[str, Any] = {
                name: _value(table.model, name, row[name]) for name in table.fields
            }
            for name, target in table.refs.items():
                if target != table.name:
                    old = row[name]
                    values[f"{name}_id"] = None if old is None else self.new_ids[target][old]
            if table.assembly_field:
                values[table.assembly_field] = assembly
            self._adjust(table, row, values, number)
            instance = table.model._default_manager.create(**values)
            mapping[row["id"]] = instance.pk
            stamped = {name: values[name] for name in auto_times if values[name] is not None}
            if stamped:
                table.model._default_manager.filter(pk=instance.pk).update(**stamped)
        for row in self.document[table.name]:
            updates = {
                f"{name}_id": self.new_ids[table.name][row[name]]
                for name in self_refs
                if row[name] is not None
            }
            if updates:
                table.model._default_manager.filter(pk=mapping[row["id"]]).update(**updates)
        for name, target in table.many.items():
            for row in self.document[table.name]:
                if row[name]:
                    instance = table.model._default_manager.get(pk=mapping[row["id"]])
                    getattr(instance, name).set([self.new_ids[target][old] for old in row[name]])

    def _adjust(
        self, table: Table, row: dict[str, Any], values: dict[str, Any], number: int
    ) -> None:
        """The few values that the document keeps private or in exported form."""
        if table.name == "seat_holders":
            values["consents_to_be_named"] = values["name"] is not None
            if values["name"] is None:
                values["name"] = _("Member %(number)s") % {"number": number}
        if table.name == "ballots":
            values["receipt"] = self.receipts[row["poll"]].pop()
        if table.name == "ballots" and row["id"] in self.ballot_plan:
            category, weight = self.ballot_plan[row["id"]]
            values["category_id"] = self.new_ids["seat_categories"][category]
            values["weight"] = weight
        if table.name == "polls":
            holders = self.new_ids["seat_holders"]
            names = self._holder_names
            values["eligible"] = [
                {
                    "user": None,
                    "seat": holders[entry["seat"]],
                    "category": self.new_ids["seat_categories"][entry["category"]],
                    "name": names[holders[entry["seat"]]],
                    "weight": entry["weight"],
                }
                for entry in row["eligible"]
            ]

    @cached_property
    def _holder_names(self) -> dict[int, str]:
        """Names of the imported seats, for the polls' lists of eligible voters (read once,
        when the first poll comes: the seats are imported before the polls)."""
        seats = self.new_ids["seat_holders"].values()
        return dict(SeatHolder.objects.filter(pk__in=seats).values_list("pk", "name"))

    def _timeline(self, assembly: Assembly) -> None:
        """The public timeline as it was, re-chained in this instance's log."""
        stream = assembly_stream(assembly.pk)
        previous = ""
        for row in self.document[TIMELINE]:
            event = Event(
                stream=stream,
                verb=row["verb"],
                data=json_normalized(row["data"]),
                public=True,
                occurred_at=parse_datetime(row["occurred_at"]) or timezone.now(),
                previous_hash=previous,
            )
            event.hash = event_hash_of(event)
            event.save()
            previous = event.hash

    def _anchors(self, assembly: Assembly) -> None:
        """Each closed vote's anchor is its "voting closed" event as re-chained here (found
        by the digest it recorded), so `verify_events` checks the imported record too."""
        stream = assembly_stream(assembly.pk)
        closed = Poll.objects.filter(assembly=assembly, status=PollStatus.CLOSED).exclude(digest="")
        for poll in closed:
            closing = (
                Event.objects.filter(
                    stream=stream, verb=decision_events.POLL_CLOSED, data__digest=poll.digest
                )
                .order_by("id")
                .last()
            )
            if closing is not None:
                Poll.objects.filter(pk=poll.pk).update(record_hash=closing.hash)


def _free_slug(slug: str) -> str:
    """`slug`, or `slug-2`, `slug-3`... where an organization here has it already."""
    taken = set(
        Organization.objects.filter(slug__startswith=slug[:70]).values_list("slug", flat=True)
    )
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug[:70]}-{number}"
    return candidate
