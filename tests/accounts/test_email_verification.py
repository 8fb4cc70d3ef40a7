"""An account's e-mail address is only a claim until the link mailed to it is opened: a
signed, expiring, one-time link; nothing is matched to an unconfirmed address."""

from __future__ import annotations

import datetime
import re
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.signing import TimestampSigner
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from assemblea.accounts import services
from assemblea.accounts.models import User
from assemblea.core.models import Event

pytestmark = pytest.mark.django_db


def _signup(client: Any, username: str = "lena", email: str = "lena@example.org") -> Any:
    # The mail is a task queued when the sign-up commits: run what was queued.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("accounts:signup"),
            {
                "username": username,
                "email": email,
                "display_name": "Lena",
                "preferred_language": "en",
                "password1": "a long unusual passphrase",
                "password2": "a long unusual passphrase",
            },
        )


def _link(message: Any) -> str:
    match = re.search(r"https?://\S+(/accounts/email/confirm/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_up_leaves_the_address_unconfirmed_and_mails_a_link(client: Any) -> None:
    assert _signup(client).status_code == 302
    user = User.objects.get()
    assert not user.email_verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lena@example.org"]
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "is not confirmed yet" in profile


def test_the_link_confirms_the_address_once(client: Any) -> None:
    _signup(client)
    link = _link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert not User.objects.get().email_verified  # a mail scanner's GET confirms nothing
    assert client.post(link).status_code == 302
    user = User.objects.get()
    assert user.email_verified
    assert Event.objects.filter(verb="user.email_verified").count() == 1
    again = client.post(link)
    assert again.status_code == 400
    assert "already been used" in again.content.decode()
    assert Event.objects.filter(verb="user.email_verified").count() == 1


def test_the_link_works_without_being_signed_in(client: Any) -> None:
    _signup(client)
    link = _link(mail.outbox[0])
    client.logout()
    assert client.post(link).status_code == 302
    assert User.objects.get().email_verified


def test_a_forged_or_altered_link_is_refused(client: Any, make_user: Any) -> None:
    victim = make_user("victim", email="victim@example.org")
    forged = TimestampSigner(key="insecure-development-key", salt="x").sign_object(
        {"user": victim.pk, "email": "victim@example.org"}
    )
    for token in (forged, "garbage", services.email_verification_token(victim) + "x"):
        response = client.post(reverse("accounts:email_verify", kwargs={"token": token}))
        assert response.status_code == 400
    victim.refresh_from_db()
    assert not victim.email_verified


def test_an_old_link_is_refused(client: Any, make_user: Any, settings: Any) -> None:
    user = make_user("ana", email="ana@example.org")
    token = services.email_verification_token(user)
    later = timezone.now() + datetime.timedelta(days=settings.EMAIL_VERIFICATION_DAYS, hours=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.post(reverse("accounts:email_verify", kwargs={"token": token}))
    assert response.status_code == 400
    assert "too old" in response.content.decode()
    user.refresh_from_db()
    assert not user.email_verified


def test_a_link_for_an_address_since_changed_is_refused(client: Any, make_user: Any) -> None:
    user = make_user("ana", email="ana@example.org")
    token = services.email_verification_token(user)
    user.email = "other@example.org"
    user.save()
    response = client.post(reverse("accounts:email_verify", kwargs={"token": token}))
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.email_verified


def test_an_address_another_account_confirmed_cannot_be_confirmed_again(
    client: Any, make_user: Any
) -> None:
    make_user("first", email="shared@example.org", email_verified_at=timezone.now())
    second = make_user("second", email="Shared@example.org")
    token = services.email_verification_token(second)
    response = client.post(reverse("accounts:email_verify", kwargs={"token": token}))
    assert response.status_code == 400
    assert "Another account has already confirmed" in response.content.decode()
    second.refresh_from_db()
    assert not second.email_verified


def test_the_link_can_be_sent_again_from_the_profile(client: Any, make_user: Any) -> None:
    user = make_user("ana", email="ana@example.org")
    client.force_login(user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        resent = client.post(reverse("accounts:email_verification_resend"))
    assert resent.status_code == 302
    assert len(mail.outbox) == 1
    assert client.post(_link(mail.outbox[0])).status_code == 302
    user.refresh_from_db()
    assert user.email_verified


def test_an_invitation_reuses_only_an_account_that_confirmed_the_address(
    make_user: Any,
) -> None:
    squatter = make_user("squatter", email="resident@example.org")
    invited, _link_path = services.account_invite(
        email="resident@example.org", name="Resident", language="en"
    )
    assert invited != squatter
    assert not invited.has_usable_password()
    owner = make_user("owner", email="owner@example.org", email_verified_at=timezone.now())
    reused, _link_path = services.account_invite(
        email="OWNER@example.org", name="Owner", language="en"
    )
    assert reused == owner


def test_choosing_a_password_through_the_mailed_link_confirms_the_address(
    client: Any,
) -> None:
    user, path = services.account_invite(email="new@example.org", name="New", language="en")
    form = client.get(path, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"},
    )
    user.refresh_from_db()
    assert user.check_password("a long new passphrase")
    assert user.email_verified


def test_administrators_see_which_members_have_not_confirmed(client: Any, make_user: Any) -> None:
    from assemblea.accounts.models import OrganizationKind, OrganizationRole
    from assemblea.accounts.services import organization_create, organization_member_add

    admin = make_user("admin", email="admin@example.org", email_verified_at=timezone.now())
    make_user("newbie", email="newbie@example.org")
    city = organization_create(actor=admin, name="City", kind=OrganizationKind.GOVERNMENT)
    organization_member_add(
        actor=admin, organization=city, username="newbie", role=OrganizationRole.MEMBER
    )
    client.force_login(admin)
    page = client.get(reverse("accounts:organization", kwargs={"slug": city.slug}))
    text = page.content.decode()
    assert text.count("e-mail not confirmed") == 1
    assert text.index("newbie") < text.index("e-mail not confirmed")
