"""No 500 on bad input: uploads with long fields, binary content, another encoding or
non-finite numbers get a message and lose nothing; posted ids become a 400 or a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assemblea.recruitment import services
from assemblea.recruitment.models import Household, TargetValue

pytestmark = pytest.mark.django_db

LONG_FIELD = b'address,area\n"' + b"x" * (128 * 1024 + 10) + b'",North\n'
BINARY = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256))

BAD_ADDRESS_FILES = [
    (LONG_FIELD, "longer than 128 KB"),
    (BINARY, "not a text file"),
    (b"address\x00,area\n1 Main St,North\n", "not a text file"),
    (b"", "empty"),
    (b'street\n"unclosed quote, 1 Main St\n', "no column named"),
]


def _upload(content: bytes, name: str = "list.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def signed_in(client: Any, recruiting: Any, organizer: Any) -> Any:
    services.addresses_import(
        actor=organizer, recruitment=recruiting, text="address,area\n1 Kept Road,North\n"
    )
    client.force_login(organizer)
    return client


@pytest.mark.parametrize(("content", "message"), BAD_ADDRESS_FILES)
def test_a_bad_address_list_is_refused_with_a_message_and_nothing_is_lost(
    signed_in: Any, recruiting: Any, content: bytes, message: str
) -> None:
    url = reverse("recruitment:addresses", args=[recruiting.assembly.slug])
    page = signed_in.post(
        url, {"addresses": _upload(content), "address_columns": "address", "area_column": "area"}
    )
    assert page.status_code == 200
    assert message in page.content.decode()
    assert list(recruiting.households.values_list("address", flat=True)) == ["1 Kept Road"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (LONG_FIELD.replace(b"address,area", b"category,value,share"), "longer than 128 KB"),
        (BINARY, "not a text file"),
        (b"category,value,share\ntenure,renter,inf\ntenure,owner,0\n", "not a finite number"),
        (b"category,value,share\ntenure,renter,nan\ntenure,owner,1\n", "not a finite number"),
    ],
)
def test_a_bad_census_file_is_refused_with_a_message(
    signed_in: Any, recruiting: Any, content: bytes, message: str
) -> None:
    url = reverse("recruitment:targets", args=[recruiting.assembly.slug])
    page = signed_in.post(url, {"census": _upload(content), "floor": "1"})
    assert page.status_code == 200
    assert message in page.content.decode()


@pytest.mark.parametrize("weights", ["North=inf", "North=nan", "North=1e999", "North=-inf"])
def test_a_non_finite_area_weight_is_refused(signed_in: Any, recruiting: Any, weights: str) -> None:
    url = reverse("recruitment:invitations", args=[recruiting.assembly.slug])
    page = signed_in.post(url, {"size": "1", "seed": "1 2 3", "area_weights": weights})
    assert page.status_code == 200
    assert "finite" in page.content.decode()
    assert not recruiting.invitation_draws.exists()


@pytest.mark.parametrize("share", ["inf", "nan", "-1", "1e400"])
def test_non_finite_shares_in_the_targets_are_refused(
    client: Any, make_assembly: Any, organizer: Any, share: str
) -> None:
    assembly = make_assembly(planned_size=6)
    recruitment = services.recruitment_start(
        actor=organizer, assembly=assembly, category=assembly.categories.get(), privacy_notice="x"
    )
    client.force_login(organizer)
    page = client.post(
        reverse("recruitment:targets", args=[assembly.slug]),
        {
            "save": "1",
            "c0_name": "tenure",
            "c0_v0_value": "renter",
            "c0_v0_share": share,
            "c0_v0_min": "0",
            "c0_v0_max": "6",
            "c0_v1_value": "owner",
            "c0_v1_share": "0.5",
            "c0_v1_min": "0",
            "c0_v1_max": "6",
        },
    )
    assert page.status_code == 200
    assert "number from 0 to 1" in page.content.decode()
    assert not TargetValue.objects.filter(category__recruitment=recruitment).exists()


BAD_IDS = ["abc", "1e9", "-1", "0", "99999999999999999999999999", " ", "１"]


def _id_posts(slug: str) -> list[tuple[str, dict[str, str], str]]:
    return [
        (reverse("recruitment:selection_action", args=[slug]), {"action": "draw"}, "run"),
        (reverse("recruitment:panel", args=[slug]), {"respond": "yes"}, "registration"),
        (reverse("recruitment:panel", args=[slug]), {}, "reissue"),
        (reverse("recruitment:overview", args=[slug]), {}, "keep"),
        (reverse("recruitment:registration_form", args=[slug]), {}, "delete"),
    ]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_posted_id_that_is_not_one_is_a_400_or_404(
    signed_in: Any, recruiting: Any, bad: str
) -> None:
    for url, data, name in _id_posts(recruiting.assembly.slug):
        response = signed_in.post(url, {**data, name: bad})
        assert response.status_code in (400, 404), (url, name, bad, response.status_code)


def test_an_id_of_another_recruitment_is_a_404(
    signed_in: Any, recruiting: Any, make_assembly: Any, organizer: Any
) -> None:
    other = make_assembly(planned_size=6, title="Elsewhere")
    foreign = services.recruitment_start(
        actor=organizer, assembly=other, category=other.categories.get(), privacy_notice="x"
    )
    page = services.registration_page_save(
        actor=organizer, recruitment=foreign, slug="youth", title="Youth"
    )
    url = reverse("recruitment:registration_form", args=[recruiting.assembly.slug])
    assert signed_in.post(url, {"delete": str(page.pk)}).status_code == 404
    assert foreign.registration_pages.exists()


# --- Fuzz: every upload, any bytes, never a 500 ---------------------------------------------

csv_like = st.lists(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(["address", "area", "category", "value", "share", "inf", "nan"]),
            st.floats(allow_nan=True, allow_infinity=True).map(str),
        ),
        max_size=5,
    ),
    max_size=8,
).map(lambda rows: "\n".join(",".join(row) for row in rows).encode("utf-8", "surrogatepass"))
any_bytes = st.one_of(st.binary(max_size=2000), csv_like)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(content=any_bytes, import_rest=st.booleans())
def test_fuzz_address_upload(
    signed_in: Any, recruiting: Any, content: bytes, import_rest: bool
) -> None:
    before = set(Household.objects.values_list("address", flat=True))
    url = reverse("recruitment:addresses", args=[recruiting.assembly.slug])
    data = {"addresses": _upload(content), "address_columns": "address", "area_column": "area"}
    if import_rest:
        data["import_the_rest"] = "on"
    response = signed_in.post(url, data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert 'class="form-errors"' in response.content.decode() or "errorlist" in (
            response.content.decode()
        )
    assert before <= set(Household.objects.values_list("address", flat=True))


@FUZZ
@given(content=any_bytes, floor=st.integers(min_value=0, max_value=10))
def test_fuzz_census_upload(signed_in: Any, recruiting: Any, content: bytes, floor: int) -> None:
    url = reverse("recruitment:targets", args=[recruiting.assembly.slug])
    response = signed_in.post(url, {"census": _upload(content), "floor": str(floor)})
    assert response.status_code == 200


@FUZZ
@given(
    weights=st.text(max_size=40),
    size=st.one_of(st.integers(), st.text(max_size=5)).map(str),
)
def test_fuzz_area_weights(signed_in: Any, recruiting: Any, weights: str, size: str) -> None:
    url = reverse("recruitment:invitations", args=[recruiting.assembly.slug])
    response = signed_in.post(url, {"size": size, "seed": "1", "area_weights": weights})
    assert response.status_code in (200, 302)


@FUZZ
@given(
    share=st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(str), st.text(max_size=8)),
    low=st.one_of(st.integers(), st.text(max_size=5)).map(str),
    high=st.one_of(st.integers(), st.text(max_size=5)).map(str),
)
def test_fuzz_targets_save(
    client: Any, recruiting: Any, organizer: Any, share: str, low: str, high: str
) -> None:
    client.force_login(organizer)
    recruiting.registrations.all().delete()
    response = client.post(
        reverse("recruitment:targets", args=[recruiting.assembly.slug]),
        {
            "save": "1",
            "c0_name": "tenure",
            "c0_v0_value": "renter",
            "c0_v0_share": share,
            "c0_v0_min": low,
            "c0_v0_max": high,
            "c0_v1_value": "owner",
            "c0_v1_share": "0.5",
            "c0_v1_min": "0",
            "c0_v1_max": "6",
        },
    )
    assert response.status_code in (200, 302)


def test_an_id_in_the_address_too_large_for_the_database_is_a_404(
    signed_in: Any, recruiting: Any
) -> None:
    huge = "9" * 30
    slug = recruiting.assembly.slug
    assert signed_in.get(f"/a/{slug}/lottery/{huge}/report.json").status_code == 404
    assert signed_in.get(f"/a/{slug}/recruitment/support/{huge}/").status_code == 404


WINDOWS_1252 = "address,area\nCalle Muñoz 3,Peñas\nCarrer d’Avinyó 2,Peñas\n".encode("cp1252")


def test_a_windows_1252_address_list_keeps_its_accents(signed_in: Any, recruiting: Any) -> None:
    url = reverse("recruitment:addresses", args=[recruiting.assembly.slug])
    signed_in.post(
        url,
        {"addresses": _upload(WINDOWS_1252), "address_columns": "address", "area_column": "area"},
    )
    addresses = set(recruiting.households.values_list("address", flat=True))
    assert {"Calle Muñoz 3", "Carrer d’Avinyó 2"} <= addresses
    assert set(recruiting.households.values_list("area", flat=True)) >= {"Peñas"}


def test_a_latin_1_census_file_is_read(signed_in: Any, recruiting: Any) -> None:
    url = reverse("recruitment:targets", args=[recruiting.assembly.slug])
    content = "category,value,share\nbarrio,Peñas,1\n".encode("latin-1")
    page = signed_in.post(url, {"census": _upload(content), "floor": "1"})
    assert "Peñas" in page.content.decode()


def test_downloads_of_people_start_with_a_byte_order_mark(
    signed_in: Any, recruiting: Any, organizer: Any, register: Any
) -> None:
    services.addresses_import(
        actor=organizer, recruitment=recruiting, text="address,area\nCalle Muñoz 3,Peñas\n"
    )
    services.invitations_draw(actor=organizer, recruitment=recruiting, size=2, seed="1 2 3")
    register("woman", "40+", 1)
    slug = recruiting.assembly.slug
    for name in ("recruitment:mail_merge", "recruitment:registrations_export"):
        body = signed_in.get(reverse(name, args=[slug])).content
        assert body.startswith(b"\xef\xbb\xbf"), name
        assert not body[3:].startswith(b"\xef\xbb\xbf")
    merge = signed_in.get(reverse("recruitment:mail_merge", args=[slug])).content
    assert "Calle Muñoz 3".encode() in merge
