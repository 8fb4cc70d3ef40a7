"""Who a sign-in name means: the username or the confirmed e-mail address, compared after
NFKC normalisation and case folding, so that "Ana", "ana" and a fullwidth "ａｎａ" are one
account (and one lockout counter)."""

from __future__ import annotations

import unicodedata

from django.db.models import Q

from assemblea.accounts.models import User


def identifier_key(value: str) -> str:
    """The comparable form of a username or e-mail address typed at sign-in or sign-up."""
    text = "".join(ch for ch in value if unicodedata.category(ch) != "Cc")
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).strip().casefold())


def username_normalise(value: str) -> str:
    """How a new username is stored: the same form sign-in compares."""
    return identifier_key(value)


def users_with_username(key: str) -> list[User]:
    """Accounts whose username has this key (older accounts may differ in case)."""
    if not key:
        return []
    candidates = User.objects.filter(Q(username__iexact=key) | Q(username=key)).order_by("pk")
    return [user for user in candidates if identifier_key(user.username) == key]


def user_for_identifier(identifier: str) -> User | None:
    """The account a sign-in name means, or None. A username wins over an e-mail address;
    an e-mail address counts only once confirmed, and only if one account has it."""
    key = identifier_key(identifier)
    if not key:
        return None
    by_name = users_with_username(key)
    if by_name:
        typed = unicodedata.normalize("NFKC", identifier.strip())
        exact = [user for user in by_name if user.username == typed]
        return (exact or by_name)[0]
    if "@" not in key:
        return None
    by_email = [
        user
        for user in User.objects.filter(email__iexact=key, email_verified_at__isnull=False)
        if identifier_key(user.email) == key
    ]
    return by_email[0] if len(by_email) == 1 else None


def email_taken_by_another(user: User) -> bool:
    """Another account has already confirmed this account's e-mail address."""
    key = identifier_key(user.email)
    return any(
        identifier_key(other.email) == key
        for other in User.objects.filter(
            email__iexact=user.email, email_verified_at__isnull=False
        ).exclude(pk=user.pk)
    )
