"""Errors of the tables engine: all are `ValueError`s with a message an organizer can act on."""

from __future__ import annotations


class TablesError(ValueError):
    """Base class: every error the tables engine raises on purpose is a subclass."""


class DuplicateIdError(TablesError):
    """Two members share an id."""


class CategoryError(TablesError):
    """A category is missing, a member has no value for it, or a value is not an allowed one."""


class TableCountError(TablesError):
    """More tables than members present, or no table count fits the size range."""


class PinError(TablesError):
    """A pin names an unknown or absent member, a table that does not exist, or a full table."""


class PlanError(TablesError):
    """A plan does not fit the members, or a swap or move names someone not seated."""
