"""Posted ids become objects, a 400 or a 404: never a server error."""

from __future__ import annotations

import pytest
from django.core.exceptions import BadRequest
from django.http import Http404
from django.test import RequestFactory

from assemblea.accounts.models import User
from assemblea.core.params import param_id, posted_object, queried_object

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw", ["", "abc", "1.5", "-3", "0", "1e9", "٣", "9" * 30, "1;DROP", " ", "NaN"]
)
def test_a_posted_id_that_is_not_a_positive_whole_number_is_a_400(raw: str) -> None:
    request = RequestFactory().post("/", {"seat": raw})
    with pytest.raises(BadRequest, match="seat"):
        param_id(request.POST, "seat")


def test_a_missing_id_is_a_400_naming_it() -> None:
    request = RequestFactory().post("/", {})
    with pytest.raises(BadRequest, match="Missing parameter: seat"):
        param_id(request.POST, "seat")


def test_an_id_outside_the_queryset_is_a_404_and_one_inside_is_found() -> None:
    kept = User.objects.create_user("kept", password="x-long-password-1")
    other = User.objects.create_user("other", password="x-long-password-1")
    queryset = User.objects.filter(username="kept")
    found = posted_object(RequestFactory().post("/", {"user": str(kept.pk)}), queryset, "user")
    assert found == kept
    with pytest.raises(Http404):
        posted_object(RequestFactory().post("/", {"user": str(other.pk)}), queryset, "user")


def test_an_id_in_the_query_string_is_read_from_it_not_from_the_post() -> None:
    kept = User.objects.create_user("kept", password="x-long-password-1")
    queryset = User.objects.all()
    request = RequestFactory().get("/", {"user": str(kept.pk)})
    assert queried_object(request, queryset, "user") == kept
    with pytest.raises(BadRequest, match="Missing parameter: user"):
        posted_object(request, queryset, "user")
    with pytest.raises(Http404):
        queried_object(RequestFactory().get("/", {"user": str(kept.pk + 1)}), queryset, "user")
