"""Passages that may identify someone: flagged in the moderation queue, highlighted in a story.

A flag is a hint for a person, never a decision: it finds the usual suspects (e-mail
addresses, phone numbers, links, @handles, street addresses, "my name is ...") and moderators
read the whole story anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

PATTERNS: dict[str, re.Pattern[str]] = {
    "e-mail": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE),
    "link": re.compile(r"\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|edu|gov|io|me|us|co)\b\S*", re.IGNORECASE),
    "phone": re.compile(r"(?<!\w)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\w)"),
    "handle": re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,30}"),
    # A number, one to four capitalised words, and a street type: "1234 North Oak Street".
    "address": re.compile(
        r"\b\d{1,6}\s+(?:[A-Z0-9][\w'-]*\s+){1,4}"
        r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|"
        r"circle|highway|hwy|calle|avenida)\b\.?"
    ),
    # Case-insensitive phrase, then a word, and a second one only if it is capitalised (a surname).
    "name": re.compile(
        r"\b(?i:my name is|my name's|i am called|i'm called|me llamo|mi nombre es)\s+[\w'-]+(?:\s+[A-Z][\w'-]*)?"
    ),
}


@dataclass(frozen=True)
class Flag:
    kind: str
    start: int
    end: int


def find_identifying(text: str) -> list[Flag]:
    """Non-overlapping flagged passages, in order of appearance."""
    found = sorted(
        (
            Flag(kind, match.start(), match.end())
            for kind, pattern in PATTERNS.items()
            for match in pattern.finditer(text)
        ),
        key=lambda flag: (flag.start, -flag.end),
    )
    flags: list[Flag] = []
    for flag in found:
        if flags and flag.start < flags[-1].end:
            continue
        flags.append(flag)
    return flags


def flag_kinds(text: str) -> list[str]:
    return sorted({flag.kind for flag in find_identifying(text)})


def highlight(text: str) -> SafeString:
    """The text escaped, flagged passages in <mark>, paragraphs and line breaks kept."""
    parts: list[str] = []
    position = 0
    for flag in find_identifying(text):
        parts.append(escape(text[position : flag.start]))
        parts.append(f'<mark title="{escape(flag.kind)}">{escape(text[flag.start : flag.end])}</mark>')
        position = flag.end
    parts.append(escape(text[position:]))
    # linebreaks() escapes nothing when autoescape=False: the parts above are already escaped.
    return mark_safe(linebreaks("".join(parts), autoescape=False))


def new_flag_kinds(text: str, *, already_there: str = "") -> list[str]:
    """Kinds of the flagged passages in ``text`` that ``already_there`` does not contain.

    A moderator confirms each flagged passage once: at approval (against an empty
    ``already_there``) and again only for passages a later edit brings in.
    """
    seen = {(flag.kind, already_there[flag.start : flag.end].casefold()) for flag in find_identifying(already_there)}
    return sorted(
        {
            flag.kind
            for flag in find_identifying(text)
            if (flag.kind, text[flag.start : flag.end].casefold()) not in seen
        }
    )
