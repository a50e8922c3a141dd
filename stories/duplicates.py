"""The same story sent twice: a keyed digest of its words, blind to case, spacing and punctuation.

Only the digest is stored (``Story.text_hash``), never a normalised copy of the text, and it is
keyed with ``STORIES_CODE_KEY``, so a copy of the database cannot be used to test guesses about
what someone wrote. It is a hint for moderators, never a decision.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from django.conf import settings


def normalize(text: str) -> str:
    """Letters and digits only, case-folded, one space between words (Unicode-aware)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(char if unicodedata.category(char)[0] in "LN" else " " for char in folded)
    return " ".join(kept.split())


def text_digest(text: str) -> str:
    """64 hex digits; '' for a text with no letters or digits (nothing to compare)."""
    words = normalize(text)
    if not words:
        return ""
    key = ("duplicate-text:" + settings.STORIES_CODE_KEY).encode()
    return hmac.new(key, words.encode(), hashlib.sha256).hexdigest()
