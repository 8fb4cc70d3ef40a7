"""Invitation letters as a background job: prepared by a task with its progress on the page,
downloaded by organizers only (recorded as an export of personal data), deleted in time."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from assemblea.core.models import Event
from assemblea.recruitment import services
from assemblea.recruitment.models import LetterBatch, LetterStatus

pypdf = pytest.importorskip("pypdf")

# The tasks run in a worker on the database backend (CI): that needs real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


def _draw(recruitment: Any, organizer: Any, count: int) -> None:
    rows = ["address,area"] + [f"{n} Letter Lane,North" for n in range(1, count + 1)]
    services.addresses_import(actor=organizer, recruitment=recruitment, text="\n".join(rows))
    services.invitations_draw(actor=organizer, recruitment=recruitment, size=count, seed="7")


def _prepare(client: Any, recruitment: Any) -> Any:
    return client.post(reverse("recruitment:letters_prepare", args=[recruitment.assembly.slug]))


@pytest.fixture
def prepared(django_capture_on_commit_callbacks: Any, run_tasks: Any) -> Any:
    """Run `call` as if its transaction committed, then the queued tasks."""

    def run(call: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            result = call()
        run_tasks()
        return result

    return run


def _service_prepare(recruitment: Any, organizer: Any) -> Any:
    return services.letters_prepare(
        actor=organizer, recruitment=recruitment, registration_url="https://x.example/r/"
    )


def test_the_organizer_prepares_the_letters_sees_them_ready_and_downloads_them(
    client: Any, recruiting: Any, organizer: Any, prepared: Any
) -> None:
    _draw(recruiting, organizer, 60)
    client.force_login(organizer)
    response = prepared(lambda: _prepare(client, recruiting))
    batch = LetterBatch.objects.get(recruitment=recruiting)
    slug = recruiting.assembly.slug
    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment:letters_batch", args=[slug, batch.pk])
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == (LetterStatus.DONE, 60, 60)

    page = client.get(response["Location"]).content.decode()
    assert "All 60 letters are ready." in page
    download = reverse("recruitment:letters_download", args=[slug, batch.pk])
    assert download in page

    exported = Event.objects.filter(verb="recruitment.personal_data_exported")
    before = exported.count()
    pdf = client.get(download)
    assert pdf["Content-Type"] == "application/pdf"
    assert len(pypdf.PdfReader(io.BytesIO(pdf.content)).pages) == 60
    assert exported.count() == before + 1
    # The invitations page links to the prepared letters; the old address leads to them too.
    invitations = client.get(reverse("recruitment:invitations", args=[slug])).content.decode()
    assert response["Location"] in invitations
    old = client.get(reverse("recruitment:letters", args=[slug]))
    assert old["Location"] == response["Location"]


def test_progress_is_saved_while_the_letters_are_rendered(
    recruiting: Any, organizer: Any, monkeypatch: Any
) -> None:
    _draw(recruiting, organizer, 120)
    seen: list[tuple[int, int]] = []
    original = LetterBatch.objects.filter

    batch = services.letters_prepare(
        actor=organizer, recruitment=recruiting, registration_url="https://x.example/r/"
    )
    LetterBatch.objects.filter(pk=batch.pk).update(status=LetterStatus.QUEUED, done=0)

    from assemblea.recruitment import letters

    render = letters.invitation_letters_render

    def watching(*args: Any, progress: Any = None, **kwargs: Any) -> bytes:
        def noted(done: int, total: int) -> None:
            progress(done, total)
            seen.append(tuple(original(pk=batch.pk).values_list("done", "total").get()))

        return render(*args, progress=noted, **kwargs)

    monkeypatch.setattr(letters, "invitation_letters_render", watching)
    services.letters_build(batch.pk)
    assert (50, 120) in seen and seen[-1] == (120, 120)
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    assert LetterBatch.objects.get(pk=batch.pk).status == LetterStatus.DONE


# Inside the test's transaction the task is held back (not enqueued), so the batch is still
# being prepared when the button is pressed again.
@pytest.mark.django_db(transaction=False)
def test_pressing_twice_while_preparing_gives_the_same_batch(
    recruiting: Any, organizer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _draw(recruiting, organizer, 3)
    with django_capture_on_commit_callbacks(execute=False):
        first = services.letters_prepare(
            actor=organizer, recruitment=recruiting, registration_url="https://x.example/r/"
        )
        second = services.letters_prepare(
            actor=organizer, recruitment=recruiting, registration_url="https://x.example/r/"
        )
    assert first.status == LetterStatus.QUEUED
    assert first.pk == second.pk and LetterBatch.objects.count() == 1


def test_without_invitations_there_is_nothing_to_prepare(
    client: Any, recruiting: Any, organizer: Any
) -> None:
    client.force_login(organizer)
    response = _prepare(client, recruiting)
    assert response["Location"] == reverse(
        "recruitment:invitations", args=[recruiting.assembly.slug]
    )
    assert not LetterBatch.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Draw the invitations first" in page


@pytest.mark.parametrize("who", ["anonymous", "stranger", "facilitator"])
def test_only_organizers_prepare_see_or_download_letters(
    client: Any, recruiting: Any, organizer: Any, make_user: Any, who: str, prepared: Any
) -> None:
    from assemblea.assemblies import services as assembly_services
    from assemblea.assemblies.models import AssemblyRoleName

    _draw(recruiting, organizer, 2)
    batch = prepared(lambda: _service_prepare(recruiting, organizer))
    if who != "anonymous":
        user = make_user(who)
        if who == "facilitator":
            assembly_services.assembly_role_grant(
                actor=organizer,
                assembly=recruiting.assembly,
                user=user,
                role=AssemblyRoleName.FACILITATOR,
            )
        client.force_login(user)
    slug = recruiting.assembly.slug
    exported = Event.objects.filter(verb="recruitment.personal_data_exported").count()
    for response in (
        _prepare(client, recruiting),
        client.get(reverse("recruitment:letters_batch", args=[slug, batch.pk])),
        client.get(reverse("recruitment:letters_download", args=[slug, batch.pk])),
    ):
        if who == "anonymous":
            assert response.status_code == 302 and "/login" in response["Location"]
        else:
            assert response.status_code in (403, 404)
    assert LetterBatch.objects.count() == 1
    assert Event.objects.filter(verb="recruitment.personal_data_exported").count() == exported


def test_another_assemblys_batch_is_not_found(
    client: Any, recruiting: Any, organizer: Any, make_assembly: Any, prepared: Any
) -> None:
    _draw(recruiting, organizer, 2)
    batch = prepared(lambda: _service_prepare(recruiting, organizer))
    other = make_assembly(title="Other Assembly", planned_size=4)
    services.recruitment_start(
        actor=organizer, assembly=other, category=other.categories.get(), privacy_notice="Safe."
    )
    client.force_login(organizer)
    for name in ("recruitment:letters_batch", "recruitment:letters_download"):
        assert client.get(reverse(name, args=[other.slug, batch.pk])).status_code == 404
    huge = reverse("recruitment:letters_batch", args=[recruiting.assembly.slug, 2**70])
    assert client.get(huge).status_code == 404


def test_prepared_letters_are_deleted_after_a_week_and_with_the_personal_data(
    recruiting: Any, organizer: Any, prepared: Any
) -> None:
    _draw(recruiting, organizer, 2)
    old = prepared(lambda: _service_prepare(recruiting, organizer))
    LetterBatch.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - services.LETTERS_KEPT - datetime.timedelta(hours=1)
    )
    fresh = prepared(lambda: _service_prepare(recruiting, organizer))
    assert services.letters_delete_expired() == 1
    assert list(LetterBatch.objects.values_list("pk", flat=True)) == [fresh.pk]
    services.personal_data_delete(recruitment=recruiting, actor=organizer)
    assert not LetterBatch.objects.exists()
