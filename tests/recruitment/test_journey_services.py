import datetime
import io
import json
import subprocess
import sys

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assemblea.assemblies.models import SeatHolder
from assemblea.core.models import Event
from assemblea.recruitment import services
from assemblea.recruitment.models import RegistrationStatus, RunStatus

pytestmark = pytest.mark.django_db(transaction=True)


def fill_pool(register, count=24):
    profiles = [("woman", "16-39"), ("woman", "40+"), ("man", "16-39"), ("man", "40+")]
    return [register(*profiles[i % 4], i) for i in range(count)]


def test_one_registration_per_household(recruiting, organizer):
    services.addresses_import(
        actor=organizer, recruitment=recruiting, text="address\n1 Main St\n2 Main St\n"
    )
    services.invitations_draw(actor=organizer, recruitment=recruiting, size=2, seed="1 2 3")
    codes = list(recruiting.invitation_draws.get().invitations.values_list("code", flat=True))
    submit = dict(
        recruitment=recruiting,
        answers={"gender": "man", "age": "40+"},
        language="en",
        consents_to_privacy_notice=True,
        email="x@example.org",
    )
    services.registration_submit(code=codes[0], name="First", **submit)
    with pytest.raises(ValidationError) as error:
        services.registration_submit(code=codes[0], name="Second", **submit)
    assert error.value.error_dict["code"][0].code == "household_registered"
    assert recruiting.registrations.count() == 1


def test_registration_after_the_deadline_says_so(recruiting, register):
    recruiting.registration_deadline = timezone.now() - datetime.timedelta(hours=1)
    recruiting.save()
    with pytest.raises(ValidationError) as error:
        register("woman", "40+", 1)
    assert error.value.error_list[0].code == "registration_closed"


def test_missing_answers_and_consent_are_named(recruiting):
    with pytest.raises(ValidationError) as error:
        services.registration_submit(
            recruitment=recruiting,
            answers={"gender": "woman"},
            name="",
            language="en",
            consents_to_privacy_notice=False,
        )
    fields = set(error.value.message_dict)
    assert {"answer_age", "consents_to_privacy_notice", "name", "email"} <= fields


def test_personal_data_is_kept_apart_from_the_lottery(recruiting, register, organizer):
    fill_pool(register)
    run = services.selection_start(actor=organizer, recruitment=recruiting)
    run.refresh_from_db()
    assert "Person" not in run.people_csv and "@" not in run.people_csv
    assert run.people_csv.splitlines()[0] == "id,gender,age"


def test_select_draw_verify_replace_and_seat(recruiting, register, organizer, tmp_path, run_tasks):
    fill_pool(register)
    run = services.selection_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.READY, run.error
    assert run.report["probabilities"]["min"] == pytest.approx(6 / 24, abs=1e-6)

    selected = services.selection_draw(actor=organizer, run=run, seed="04 18 22 31 40")
    assert len(selected) == 6
    run.refresh_from_db()
    genders = [
        r.answers["gender"]
        for r in recruiting.registrations.filter(status=RegistrationStatus.SELECTED)
    ]
    assert sorted(genders) == ["man"] * 3 + ["woman"] * 3

    # Anyone can re-check the published draw with the command line.
    (tmp_path / "report.json").write_text(json.dumps(run.report))
    (tmp_path / "features.csv").write_text(run.features_csv)
    (tmp_path / "people.csv").write_text(run.people_csv)
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
            "04 18 22 31 40",
            "--features",
            str(tmp_path / "features.csv"),
            "--people",
            str(tmp_path / "people.csv"),
        ],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "VERIFIED" in check.stdout

    first, *others = recruiting.registrations.filter(status=RegistrationStatus.SELECTED)
    services.registration_respond(actor=organizer, registration=first, accepted=False)
    for registration in others:
        services.registration_respond(actor=organizer, registration=registration, accepted=True)
    replacement = services.replacement_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    replacement.refresh_from_db()
    assert replacement.status == RunStatus.READY, replacement.error
    services.selection_draw(actor=organizer, run=replacement, seed="9 9 9")
    replacement.refresh_from_db()
    assert replacement.status == RunStatus.DRAWN
    newcomer = recruiting.registrations.get(status=RegistrationStatus.SELECTED)
    assert newcomer.answers["gender"] == first.answers["gender"]
    services.registration_respond(actor=organizer, registration=newcomer, accepted=True)

    seated = services.recruitment_seat(actor=organizer, recruitment=recruiting)
    assert seated == 6
    holders = SeatHolder.objects.filter(category=recruiting.category, ended_on__isnull=True)
    assert holders.count() == 6
    assert all(hasattr(holder, "support") for holder in holders)
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {
        "recruitment.panel_drawn",
        "recruitment.replacements_drawn",
        "recruitment.seated",
    } <= verbs


def test_infeasible_quotas_fail_with_a_relaxation_that_can_be_accepted(
    recruiting, register, organizer, run_tasks
):
    for i in range(8):  # only men: three women are impossible
        register("man", "16-39" if i % 2 else "40+", i)
    run = services.selection_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "No panel can meet these quotas" in run.error
    assert run.relaxation
    services.relaxation_accept(actor=organizer, run=run)
    again = services.selection_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    again.refresh_from_db()
    assert again.status == RunStatus.READY, again.error


def test_only_organizers_run_the_lottery(recruiting, register, make_user):
    fill_pool(register, 8)
    with pytest.raises(PermissionDenied):
        services.selection_start(actor=make_user("someone"), recruitment=recruiting)


def test_personal_data_is_deleted_after_the_retention_period(recruiting, register, organizer):
    fill_pool(register, 8)
    recruiting.seated_at = timezone.now() - datetime.timedelta(days=400)
    recruiting.save()
    assert services.personal_data_delete_expired() == 8
    assert recruiting.registrations.count() == 8
    assert not recruiting.registrations.filter(contact__isnull=False).exists()


def test_the_scheduled_command_deletes_expired_contacts(recruiting, register):
    from django.core.management import call_command

    register("woman", "40+", 1)
    recruiting.seated_at = timezone.now() - datetime.timedelta(days=recruiting.retention_days + 1)
    recruiting.save()
    out = io.StringIO()
    call_command("delete_expired_personal_data", stdout=out)
    assert "of 1 registrants" in out.getvalue()
    registration = recruiting.registrations.get()
    assert not hasattr(registration, "contact")
    assert registration.answers == {"gender": "woman", "age": "40+"}
