"""Private withdrawal codes: shown once to the writer, stored only as an HMAC-SHA256 digest.

A code is 16 symbols of Crockford's base32 (no I, L, O or U, so nothing is ambiguous when read
or copied by hand): 16 x 5 = 80 random bits, shown in groups of four (``K7QH-3MPX-9TRC-W2YD``).
Without the server-side key, a stolen database cannot be used to test guesses offline.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
GROUP = 4
# What people type by mistake for the symbols that are left out.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalize(code: str) -> str:
    """Upper case, no spaces or dashes, look-alike letters mapped; '' if it cannot be a code."""
    cleaned = "".join(code.split()).replace("-", "").upper().translate(_LOOKALIKES)
    if len(cleaned) != LENGTH or any(symbol not in ALPHABET for symbol in cleaned):
        return ""
    return cleaned


def digest(code: str) -> str:
    """The HMAC-SHA256 of a code (normalised first), as 64 hex digits; '' for a malformed code."""
    cleaned = normalize(code)
    if not cleaned:
        return ""
    return hmac.new(settings.STORIES_CODE_KEY.encode(), cleaned.encode(), hashlib.sha256).hexdigest()


def new_public_id() -> str:
    """A random, unguessable public id for a published story's URL (never sequential)."""
    return secrets.token_hex(6)
