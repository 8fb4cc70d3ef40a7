"""Every refused import says why with a code, on the refusal and on each of its problems."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from assemblea.opendata import services


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"\xff\xfe{", "not_utf8"),
        (b'{"a": ', "not_json"),
        (b'{"a": NaN}', "number_not_json"),
        (b"[1, 2]", "not_an_object"),
        ("[" * 40 + "]" * 40, "not_an_object"),
        ('{"a": ' + "[" * 40 + "]" * 40 + "}", "document_shape"),
        ('{"a": "\\u0000"}', "document_shape"),
    ],
)
def test_a_file_refused_on_reading_carries_its_code(raw: Any, code: str) -> None:
    with pytest.raises(services.ImportRefused) as refused:
        services.document_load(raw)
    assert refused.value.code == code
    assert {error.code for error in refused.value.error_list} == {code}
    assert refused.value.problems == refused.value.messages


def test_a_file_too_large_is_refused_before_it_is_read() -> None:
    with pytest.raises(services.ImportRefused) as refused:
        services.document_size_check(services.MAX_DOCUMENT_BYTES + 1)
    assert refused.value.code == "file_too_large"


@pytest.mark.django_db
def test_an_import_without_an_importer_or_with_a_bad_document_carries_its_code(
    organizer: Any,
) -> None:
    with pytest.raises(services.ImportRefused) as refused:
        services.assembly_import(actor=AnonymousUser(), document={})
    assert refused.value.code == "importer_not_allowed"
    with pytest.raises(services.ImportRefused) as refused:
        services.assembly_import(actor=organizer, document={"schema_version": "0"})
    assert refused.value.code == "document_problems"
    assert [error.code for error in refused.value.error_list] == ["document_problems"]
