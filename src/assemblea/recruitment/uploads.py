"""Reading the files organizers upload (address lists, census shares) as text, or saying
plainly what is wrong with them: never a server error, never half an import."""

from __future__ import annotations

import csv
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Python's csv module refuses fields longer than this (csv.field_size_limit's default).
FIELD_LIMIT = 128 * 1024
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def upload_text(upload: Any) -> str:
    """The uploaded file as text (see `bytes_text`), refused with a message when it is too
    large or binary (e.g. a spreadsheet saved as .xlsx)."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB: split it, or save it as CSV without extras."),
            code="upload_too_large",
            params={"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    raw = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB: split it, or save it as CSV without extras."),
            code="upload_too_large",
            params={"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    return bytes_text(raw)


def bytes_text(raw: bytes) -> str:
    """The bytes decoded as the sortition engine reads a CSV file: UTF-8 (with or without BOM),
    UTF-16 with a BOM, else Windows-1252 (Excel's "CSV" on Windows), so `Calle Muñoz 3` stays
    `Calle Muñoz 3`."""
    from assemblea.engines.sortition import InputError
    from assemblea.engines.sortition.io import decode_bytes

    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    if (b"\x00" in raw and not utf16) or raw.startswith(
        (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")
    ):
        raise ValidationError(
            _(
                "This is not a text file (it looks like a spreadsheet or another binary "
                "file). Save it as “CSV UTF-8” and upload that."
            ),
            code="upload_not_text",
        )
    try:
        return decode_bytes(raw, "upload.csv").text
    except InputError:
        raise ValidationError(
            _("The file cannot be read as text. Save it as “CSV UTF-8” and upload it again."),
            code="upload_not_text_encoding",
        ) from None


def too_long_field_message(error: csv.Error) -> str | None:
    """The message for csv's "field larger than field limit", or None for other errors."""
    if "field larger than field limit" in str(error):
        return _(
            "A cell of the file is longer than %(kb)s KB: this is not an address or census "
            "list. Check the file (an unclosed quote mark makes the rest of the file one cell)."
        ) % {"kb": FIELD_LIMIT // 1024}
    return None


def csv_problem(error: csv.Error) -> str:
    return too_long_field_message(error) or _("The file cannot be read as CSV: %(why)s.") % {
        "why": str(error)
    }
