"""The operator's admin: people can be deactivated and unlocked; organizations, assemblies
and task results are there; what a service must write is read-only."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assemblea.accounts.models import LoginThrottle, Organization, User
from assemblea.assemblies.models import Assembly

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(make_user) -> Client:
    user = make_user("operator", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_registers_what_an_operator_needs() -> None:
    for model in (User, Organization, Assembly, LoginThrottle, DBTaskResult):
        assert admin.site.is_registered(model), model


def test_deactivate_and_unlock(operator: Client, make_user) -> None:
    ana = make_user("ana")
    locked = timezone.now() + datetime.timedelta(minutes=10)
    LoginThrottle.objects.create(
        account=f"user:{ana.pk}", client="203.0.113.5", failures=5, locked_until=locked
    )
    LoginThrottle.objects.create(account="", client="203.0.113.5", failures=5)
    url = "/admin/accounts/user/"
    response = operator.post(url, {"action": "unlock", "_selected_action": [ana.pk]})
    assert response.status_code == 302
    assert not LoginThrottle.objects.filter(account=f"user:{ana.pk}").exists()
    assert LoginThrottle.objects.filter(account="").exists()  # the address's own count stays
    operator.post(url, {"action": "deactivate", "_selected_action": [ana.pk]})
    ana.refresh_from_db()
    assert not ana.is_active


def test_an_operator_cannot_deactivate_themself(operator: Client) -> None:
    me = User.objects.get(username="operator")
    operator.post("/admin/accounts/user/", {"action": "deactivate", "_selected_action": [me.pk]})
    me.refresh_from_db()
    assert me.is_active


def test_the_confirmation_of_an_e_mail_address_is_read_only(operator: Client, make_user) -> None:
    ana = make_user("ana")
    page = operator.get(f"/admin/accounts/user/{ana.pk}/change/").content.decode()
    assert 'name="email_verified_at' not in page
    assert 'name="is_active"' in page


def test_an_assembly_can_be_seen_and_not_changed(operator: Client, make_assembly) -> None:
    assembly = make_assembly()
    url = f"/admin/assemblies/assembly/{assembly.pk}/change/"
    page = operator.get(url)
    assert page.status_code == 200
    assert "View assembly" in page.content.decode()
    assert 'name="phase"' not in page.content.decode()
    phase = assembly.phase
    operator.post(url, {"phase": "closed", "title": "changed"})
    assembly.refresh_from_db()
    assert (assembly.phase, assembly.title) != ("closed", "changed")
    assert assembly.phase == phase
    assert operator.get("/admin/assemblies/assembly/add/").status_code == 403


def test_organizations_and_task_results_are_listed(operator: Client, city) -> None:
    assert city.name in operator.get("/admin/accounts/organization/").content.decode()
    assert operator.get("/admin/django_tasks_database/dbtaskresult/").status_code == 200


def test_people_who_are_not_staff_get_no_admin(make_user) -> None:
    client = Client()
    client.force_login(make_user("ana"))
    assert client.get("/admin/accounts/user/").status_code == 302
