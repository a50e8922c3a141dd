"""Cleaning rules for the values real 211 exports carry, one small function per kind of value.

Each function returns the cleaned value and, through ``Notes``, says what it repaired and what a
person should look at. Nothing here touches the database; ``resources/hsds/load.py`` applies the
results. The rules (and the mess each one answers) are listed in docs/import.md.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import time

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from resources.geo import STATE_NAMES, normalize_zip
from resources.languages import LANGUAGES

MAX_FIELD = 10_000  # a value longer than this is a broken row, not a description


class RowProblem(ValueError):
    """A value so broken that its row is skipped (and reported with file and line)."""


@dataclass
class Notes:
    """What cleaning one record repaired, and why a person should look at it."""

    repaired: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)

    def repair(self, what: str) -> None:
        if what not in self.repaired:
            self.repaired.append(what)

    def flag(self, why: str) -> None:
        if why not in self.review:
            self.review.append(why)


# --- text -----------------------------------------------------------------------------------------

# UTF-8 read as code page 437 and saved again as Latin-1/1252: "’" (E2 80 99) became "ΓÇÖ", and
# "Γ", missing from the target code page, became "G": "GÇÖ". The third character names the byte.
_CP437_TAIL = {bytes([b]).decode("cp437"): b for b in range(0x80, 0xC0)}
_GC_RE = re.compile("[ΓG]Ç([" + re.escape("".join(_CP437_TAIL)) + "])")
# A run of characters that may be UTF-8 read in the wrong code page ("Ã©", "â€™", "├▒").
_MOJIBAKE_RUN = re.compile(r"[\u0080-\u00ff\u0152-\u02dc\u2013-\u2122\u2500-\u25a0\u0393\u00c7]{2,}")
# "ñ", "ó" and "ú" all became "+¦" (box-drawing characters flattened): nothing can undo it.
_LOST = re.compile(r"\+¦|├[│║▒]|\ufffd")
_TAG_BREAK = re.compile(r"<\s*(br|/p|p|/li|li|/div)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]{0,200}>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def _try_redecode(run: str) -> str | None:
    for page in ("cp1252", "cp437"):
        try:
            fixed = run.encode(page).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != run and len(fixed) < len(run):
            return fixed
    return None


def repair_encoding(value: str, notes: Notes) -> str:
    """Undo text decoded with the wrong code page where the answer is unambiguous; flag the rest."""
    if value.isascii() and "GÇ" not in value:
        return value
    fixed = _GC_RE.sub(lambda m: bytes([0xE2, 0x80, _CP437_TAIL[m.group(1)]]).decode("utf-8", "replace"), value)

    def redecode(match: re.Match) -> str:
        return _try_redecode(match.group(0)) or match.group(0)

    fixed = _MOJIBAKE_RUN.sub(redecode, fixed)
    if fixed != value:
        notes.repair("text decoded with the wrong code page")
    if _LOST.search(fixed):
        notes.flag("letters lost to a wrong code page (“+¦”): check the spelling")
    return fixed


def clean_text(value: object, notes: Notes, *, multiline: bool = True, limit: int = MAX_FIELD) -> str:
    """Trim, repair the code page, turn HTML breaks and literal "\\n" into lines, drop tags."""
    if value is None:
        return ""
    text = str(value)
    if len(text) > limit:
        raise RowProblem(f"a field of {len(text):,} characters (more than {limit:,})")
    text = repair_encoding(text, notes)
    if "<" in text or "&" in text or "\\n" in text:
        before = text
        text = text.replace("\\r\\n", "\n").replace("\\n", "\n")
        text = _TAG_BREAK.sub("\n", text)
        text = html.unescape(_TAG.sub("", text))
        if text != before:
            notes.repair("HTML or literal \\n in text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines) if multiline else " ".join(line for line in lines if line)
    return _BLANK_LINES.sub("\n\n", text).strip()


_SMALL_WORDS = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "de", "la", "y"}
_ACRONYMS = {"YWCA", "YMCA", "LGBTQ", "LGBTQ+", "LGBTQIA+", "SANE", "SART", "HIV", "AIDS", "NAMI", "ASL", "TTY",
             "USA", "II", "III", "IV", "LLC", "RAINN", "VA", "DC"}  # fmt: skip


def _keep_upper(word: str) -> bool:
    bare = word.strip("(),.;:")
    return bare in _ACRONYMS or (bare.isalpha() and not re.search(r"[AEIOUY]", bare)) or bare[:1].isdigit()


def clean_name(value: object, notes: Notes, *, limit: int = 200) -> str:
    """A name on one line; ALL-CAPS names set in title case, acronyms (YWCA, LGBTQ) kept."""
    name = clean_text(value, notes, multiline=False, limit=2000)
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 4 and all(c.isupper() for c in letters):
        words = []
        for index, word in enumerate(name.split(" ")):
            if index and word.lower() in _SMALL_WORDS:
                words.append(word.lower())
            elif _keep_upper(word):
                words.append(word)
            else:
                words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
        name = " ".join(words)
        notes.repair("ALL-CAPS name")
    if len(name) > limit:
        raise RowProblem(f"a name of {len(name)} characters")
    return name


# --- phones ---------------------------------------------------------------------------------------

_LABEL = re.compile(r"^\s*[A-Za-z][A-Za-z /&-]{0,30}:\s*")
_EXTENSION = re.compile(r"\s*(?:x|ext\.?|extension|#)\s*(\d{1,6})\s*$", re.I)
_IVR = re.compile(r"\s*[x,;]?\s*(?:opt(?:ion)?|press)\s*\.?\s*(\d{1,3})\s*$", re.I)
PLACEHOLDER_NUMBERS = {"0000000000", "1111111111", "5555555555", "1234567890", "9999999999"}
SERVICE_CODES = {"211", "311", "411", "511", "611", "711", "811", "911"}


@dataclass(frozen=True)
class Phone:
    number: str  # as people dial it: 305-555-0100, 988, 741741, +44 1234 234567
    extension: str = ""
    option: str = ""  # a menu choice ("press 2")
    digits: str = ""  # for comparing: 10 digits for a US number


def normalize_phone_digits(value: str) -> str:
    """Digits only, a US country code dropped: the key possible duplicates are compared on."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits


def clean_phone(value: object, notes: Notes, *, kind: str = "voice") -> Phone | None:
    """``305-555-0100 x204``, ``(305) 555- 0100``, ``main: 305-555-0100``, ``...xOPT2``.

    None for no number, a placeholder (000-000-0000) or a three-digit service code (211, 311),
    which are not this service's line. Raises RowProblem for a number that cannot be dialled.
    """
    raw = clean_text(value, notes, multiline=False, limit=200).strip("\"' ")
    if not raw:
        return None
    text = _LABEL.sub("", raw)
    option = ""
    if match := _IVR.search(text):
        option, text = match.group(1), text[: match.start()]
    extension = ""
    if match := _EXTENSION.search(text):
        extension, text = match.group(1), text[: match.start()]
    if text != raw:
        notes.repair("phone number with a label, extension or menu option")
    digits = normalize_phone_digits(text)
    if digits in SERVICE_CODES:
        notes.repair(f"{digits} is a public service code, not the service's own line")
        return None
    if not digits or digits in PLACEHOLDER_NUMBERS or set(digits) == {"0"}:
        notes.repair("placeholder phone number")
        return None
    if text.strip().startswith("+") and not text.strip().startswith("+1"):
        if not 8 <= len(digits) <= 15:
            raise RowProblem(f"phone number {raw!r} cannot be dialled")
        return Phone(number="+" + " ".join(re.findall(r"\d+", text)), extension=extension, option=option,
                     digits=digits)  # fmt: skip
    if (kind == "text" and 5 <= len(digits) <= 6) or digits == "988":
        return Phone(number=digits, extension=extension, option=option, digits=digits)
    if len(digits) != 10 or digits[0] in "01":
        raise RowProblem(f"phone number {raw!r} cannot be dialled")
    return Phone(number=f"{digits[:3]}-{digits[3:6]}-{digits[6:]}", extension=extension, option=option, digits=digits)


def phone_kind(type_value: str, description: str) -> str:
    """voice, text, tty, video or fax, from HSDS ``type`` or, when it is missing, the description.

    A number whose kind cannot be told and that says "fax" anywhere is a fax: never a phone.
    """
    words = f"{type_value} {description}".lower()
    if re.search(r"\bfax\b", words):
        return "fax"
    if re.search(r"\b(tty|tdd|textphone|teletype)\b", words):
        return "tty"
    if re.search(r"\b(text|sms)\b", words) and "video" not in words:
        return "text"
    if re.search(r"\b(video|videophone|vp)\b", words):
        return "video"
    if re.search(r"\bpager\b", words):
        return "fax"  # not a line a survivor can call either
    return "voice"


# --- addresses and places -------------------------------------------------------------------------

_STATE_CODES = set(STATE_NAMES)
_STATE_BY_NAME = {str(name).lower(): code for code, name in STATE_NAMES.items()}
_PLACEHOLDER_STREET = re.compile(r"^(state|city|zip|county|address|n/?a|none|unknown|tbd|confidential)\b", re.I)


def clean_state(value: object, notes: Notes) -> str:
    text = clean_text(value, notes, multiline=False, limit=100).strip(" .")
    if not text:
        return ""
    if text.upper() in _STATE_CODES:
        if text != text.upper() or str(value) != text:
            notes.repair("state padded or in lower case")
        return text.upper()
    code = _STATE_BY_NAME.get(text.lower())
    if code:
        notes.repair("state written out")
        return code
    return ""


def clean_zip(value: object, notes: Notes) -> str:
    text = clean_text(value, notes, multiline=False, limit=20)
    if not text:
        return ""
    if len(text) == 4 and text.isdigit():  # a spreadsheet dropped the leading zero
        text = "0" + text
        notes.repair("ZIP code lost its leading zero")
    code = normalize_zip(text)
    if code is None:
        notes.repair(f"ZIP code {text!r} not understood")
        return ""
    if code != text:
        notes.repair("ZIP+4 shortened to the ZIP code")
    return code


def clean_street(value: object, notes: Notes) -> str:
    street = clean_text(value, notes, multiline=False, limit=500)
    if street and _PLACEHOLDER_STREET.match(street):
        notes.repair(f"placeholder address {street!r}")
        return ""
    return street[:200]


def clean_coordinates(latitude: object, longitude: object, notes: Notes) -> tuple[float | None, float | None]:
    """Both or neither; longitude-first pairs in the US swapped back; impossible ones refused."""
    if latitude in (None, "") or longitude in (None, ""):
        return None, None
    try:
        lat, lng = float(str(latitude).strip()), float(str(longitude).strip())
    except ValueError:
        raise RowProblem(f"coordinates {latitude!r}, {longitude!r} are not numbers") from None
    if lat == 0 and lng == 0:
        notes.repair("coordinates 0, 0")
        return None, None
    if -180 <= lat <= -60 and 15 <= lng <= 72:  # the US, longitude first
        notes.repair("coordinates given longitude first")
        lat, lng = lng, lat
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise RowProblem(f"impossible coordinates {lat}, {lng}")
    return lat, lng


# --- web and e-mail -------------------------------------------------------------------------------

_url_validator = URLValidator(schemes=["http", "https"])
_email_validator = EmailValidator()


def clean_url(value: object, notes: Notes) -> str:
    text = clean_text(value, notes, multiline=False, limit=2000).strip("<>\"' ")
    if not text or text.lower() in {"n/a", "none", "na", "-"}:
        return ""
    if "\\" in text:
        text = text.replace("\\", "/")
        notes.repair("backslashes in a web address")
    if not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I):
        text = "https://" + text.lstrip("/")
        notes.repair("web address without http(s)://")
    try:
        _url_validator(text)
    except ValidationError:
        notes.repair(f"web address {text!r} dropped: not a web address")
        return ""
    return text[:500]


def clean_email(value: object, notes: Notes) -> str:
    text = clean_text(value, notes, multiline=False, limit=500).removeprefix("mailto:")
    if not text:
        return ""
    try:
        _email_validator(text)
    except ValidationError:
        notes.repair(f"e-mail {text!r} dropped: not an address")
        return ""
    return text


def url_key(url: str) -> str:
    """A web address with its path, for possible duplicates: "" when it is only a domain.

    ``https://www.Example.org/help/`` and ``http://example.org/help`` share a key; a bare domain
    has none, since one organization runs many services from one domain.
    """
    match = re.match(r"^[a-z]+://(?:www\.)?([^/?#]+)([^?#]*)", url.strip(), re.I)
    if not match:
        return ""
    path = match.group(2).rstrip("/")
    if not path or path.lower() in {"/index.html", "/index.php", "/home"}:
        return ""
    return f"{match.group(1).lower()}{path.lower()}"


# --- hours ----------------------------------------------------------------------------------------

_TIME = re.compile(r"^(\d{1,4})(?:[:h](\d{1,3}))?(?::\d{2})?([ap])?m?$")
DAY_NAMES = {
    "mo": 0, "mon": 0, "monday": 0, "m": 0,
    "tu": 1, "tue": 1, "tues": 1, "tuesday": 1, "t": 1,
    "we": 2, "wed": 2, "wednesday": 2, "w": 2,
    "th": 3, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "r": 3,
    "fr": 4, "fri": 4, "friday": 4, "f": 4,
    "sa": 5, "sat": 5, "saturday": 5,
    "su": 6, "sun": 6, "sunday": 6,
}  # fmt: skip
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
OPEN_ALL_DAY = re.compile(
    r"\b((open|available|staffed|answered)\s+24\s*(hours|hrs)|24\s*/\s*7|24-7|24[- ]hours?[ -](a|per)[ -]day|"
    r"24[- ]hours?[ -](hotline|crisis line|helpline|line)|around the clock)",
    re.I,
)


def parse_time(value: object, notes: Notes) -> time | None:
    """``9:00am``, ``830am``, ``6:300pm`` (a slipped key: 6:30 pm), ``17:00``, ``0900``, ``noon``."""
    text = str(value or "").strip().lower().replace(" ", "").replace(".", "")
    if not text:
        return None
    if text in {"noon", "12noon"}:
        return time(12, 0)
    if text in {"midnight", "12midnight"}:
        return time(0, 0)
    match = _TIME.match(text)
    if not match:
        raise RowProblem(f"time {value!r} not understood")
    hour_part, minute_part, half = match.groups()
    if minute_part is None:
        if len(hour_part) <= 2:
            hour, minute = int(hour_part), 0
        else:  # 830, 0900, 1230
            hour, minute = int(hour_part[:-2]), int(hour_part[-2:])
    else:
        if len(hour_part) > 2:
            raise RowProblem(f"time {value!r} not understood")
        if len(minute_part) == 3:
            notes.repair("time with a slipped key (6:300pm read as 6:30 pm)")
            minute_part = minute_part[:2]
        hour, minute = int(hour_part), int(minute_part)
    if half:
        if not 1 <= hour <= 12:
            raise RowProblem(f"time {value!r} not understood")
        hour = hour % 12 + (12 if half == "p" else 0)
    if (hour, minute) == (24, 0):
        return time(23, 59)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise RowProblem(f"time {value!r} not understood")
    if not re.match(r"^\d\d:\d\d(:\d\d)?$", str(value).strip()):
        notes.repair("times written as text")
    return time(hour, minute)


def weekday_from_name(value: str) -> int | None:
    return DAY_NAMES.get(value.strip().lower().rstrip("."))


# --- languages ------------------------------------------------------------------------------------

_LANGUAGE_WORDS: dict[str, list[str]] = {
    "creole": ["ht"], "haitian": ["ht"], "kreyol": ["ht"], "kreyòl": ["ht"],
    "sign language": ["ase"], "asl": ["ase"], "american sign language": ["ase"], "sign": ["ase"],
    "interpreters available": ["mul"], "interpreter": ["mul"], "interpreters": ["mul"],
    "interpretation": ["mul"], "language line": ["mul"], "all languages": ["mul"], "many languages": ["mul"],
    "farsi": ["fa"], "mandarin": ["cmn"], "cantonese": ["yue"], "chinese": ["zh"], "spanish": ["es"],
    "espanol": ["es"], "español": ["es"], "english": ["en"], "filipino": ["tl"], "tagalog": ["tl"],
}  # fmt: skip
for _tag, (_english, _spanish) in LANGUAGES.items():
    _LANGUAGE_WORDS.setdefault(_english.lower(), [_tag])
    _LANGUAGE_WORDS.setdefault(_spanish.lower(), [_tag])
    _LANGUAGE_WORDS.setdefault(_tag, [_tag])
_ISO3 = {"eng": "en", "spa": "es", "fre": "fr", "fra": "fr", "hat": "ht", "vie": "vi", "kor": "ko", "rus": "ru",
         "ara": "ar", "chi": "zh", "zho": "zh", "por": "pt", "tgl": "tl", "urd": "ur", "pol": "pl"}  # fmt: skip
NOT_LANGUAGES = {"tdd", "tty", "relay", "braille", "none", "n/a"}


def clean_languages(value: object, notes: Notes) -> tuple[list[str], list[str]]:
    """Free text (``English and Spanish``, ``Creole``, ``Sign Language``) -> (BCP 47 tags, not understood).

    ``TDD``/``TTY`` are not languages but a way to call: the caller reads them from the second list.
    """
    text = clean_text(value, notes, multiline=False, limit=1000).lower()
    if not text:
        return [], []
    whole = _LANGUAGE_WORDS.get(text)
    if whole:
        return list(whole), []
    tags: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"\s*(?:,|;|/|\band\b|&|\bor\b|\+)\s*", text):
        part = part.strip(" .()")
        if not part:
            continue
        found = _LANGUAGE_WORDS.get(part) or ([_ISO3[part]] if part in _ISO3 else None)
        if found is None:
            found = next((tags_ for word, tags_ in _LANGUAGE_WORDS.items() if len(word) > 3 and word in part), None)
        if found:
            tags += [tag for tag in found if tag not in tags]
        else:
            unknown.append(part)
    return tags, unknown
