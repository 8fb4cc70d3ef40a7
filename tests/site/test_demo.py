"""The demo lives in the site app: one loader, each app's demo data under site/demo, none
left inside a domain package."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands

import assemblea
from assemblea.accounts.models import User
from assemblea.assemblies.models import Assembly

DOMAIN_APPS = [
    "accounts",
    "assemblies",
    "recruitment",
    "deliberation",
    "decisions",
    "accountability",
    "evaluation",
    "network",
    "opendata",
    "api",
    "core",
]


def test_the_demo_loader_is_the_site_apps_and_no_domain_app_ships_demo_data() -> None:
    assert get_commands()["load_demo"] == "assemblea.site"
    package = Path(assemblea.__file__).parent
    stray = [
        str(path.relative_to(package))
        for app in DOMAIN_APPS
        for path in (package / app).rglob("*demo*.py")
    ]
    assert stray == []
    demo = {path.stem for path in (package / "site" / "demo").glob("*.py")}
    assert {"accountability", "decisions", "deliberation", "evaluation", "network"} <= demo


@pytest.mark.django_db
def test_the_demo_loads_every_family_once() -> None:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo data loaded." in out.getvalue()
    kinds = set(Assembly.objects.values_list("kind", flat=True))
    assert kinds == {
        "civic_one_time",
        "civic_standing",
        "peoples_movement",
        "member_governance",
        "governing_power",
        "shadow",
    }
    civic = Assembly.objects.get(kind="civic_one_time")
    assert civic.phase == "in_session"  # seated by its lottery, then voting
    lottery = civic.categories.get(seat_type="lottery")
    assert lottery.holders.filter(ended_on__isnull=True).count() == lottery.seats  # all filled
    users = User.objects.count()
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert again.getvalue().startswith("Demo data already loaded.")
    assert User.objects.count() == users
    assert "ana" in again.getvalue()
