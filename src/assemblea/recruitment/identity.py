"""Who is who in a recruitment, without trusting an e-mail address.

- Personal links (the "respond to your selection" link, the one-time seat claim link) carry a
  random token of 256 bits; only its SHA-256 is stored, so neither a copy of the database nor
  the site's SECRET_KEY lets anyone make a link that works.
- Duplicate registrations are found by SHA-256 keys of the normalised e-mail address, phone
  number, and name with year of birth.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata

TOKEN_BYTES = 32


def new_token() -> tuple[str, str]:
    """A fresh random token for a link, and the hash to store."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", errors="replace")).hexdigest()


def _key(kind: str, text: str) -> str:
    return hashlib.sha256(f"{kind}\x1f{text}".encode()).hexdigest() if text else ""


def normalise_email(email: str) -> str:
    """NFKC, case-folded, without surrounding blanks (dots of Gmail addresses are kept)."""
    return unicodedata.normalize("NFKC", email).casefold().strip()


def normalise_phone(phone: str) -> str:
    """The digits of the number (NFKC first, so fullwidth digits count); a leading 00 is the
    same as +. Fewer than six digits is not a phone number to compare."""
    text = unicodedata.normalize("NFKC", phone).strip()
    digits = "".join(ch for ch in text if ch.isdigit() and ch.isascii())
    if text.startswith("+"):
        digits = "00" + digits
    return digits if len(digits) >= 6 else ""


def normalise_name(name: str) -> str:
    """NFKC, case-folded, accents and punctuation dropped, blanks collapsed."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    kept = "".join(ch if ch.isalnum() else " " for ch in text if not unicodedata.combining(ch))
    return " ".join(kept.split())


def email_key(email: str) -> str:
    return _key("email", normalise_email(email))


def phone_key(phone: str) -> str:
    return _key("phone", normalise_phone(phone))


def person_key(name: str, birth_year: int | None) -> str:
    """Name and year of birth together (a name alone is too common)."""
    name = normalise_name(name)
    if not name or birth_year is None:
        return ""
    return _key("person", f"{name}\x1f{birth_year}")
