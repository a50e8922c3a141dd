"""Words as the search sees them, the same on SQLite and PostgreSQL: plain, accent-free, stemmed.

Pure functions, no database: the search index (SQLite's FTS5 triggers call ``spanish_stems`` and
``number_tokens`` as SQL functions; PostgreSQL's trigger does the same in SQL) and the reading of
what a person typed (``resources.query``) share them, so both sides always agree.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from operator import itemgetter

import snowballstemmer

# Words that say nothing about which help is wanted: they never have to match, so "rape crisis
# center" still finds a line whose text never says "center". English and Spanish. Words for when
# it happened ("last night", "anoche") are among them: "I got raped last night" asks for the
# sexual assault line, not for listings whose text says "day or night".
FILLER_WORDS: frozenset[str] = frozenset(
    """
    a an and are am any anyone anything as at be been being by can could did do does for from get
    getting go going got had has have having her here him his how i i'm im if in into is it its just
    like looking me my myself near nearby need needed needs of on or our please really should so some
    someone something that the their them there these they this those to too want wanted was we were
    what when where which who why will with would you your help helps helping helpful service services
    center centers centre centres place places program programs organization organizations resource
    resources find finding local area free support supports info near me un una unos unas el la los las
    lo de del al para por en con y o u mi mis me yo tu su sus que qué como cómo donde dónde cuando quien
    necesito necesita quiero quisiera busco buscar buscando hay algun alguna algún ayuda ayudar ayudan
    centro centros servicio servicios programa programas organizacion organización lugar cerca gratis
    apoyo es son soy estoy esta está este esto now right today tonight asap ahora hoy ya
    last night yesterday ago week weeks weekend month months year years morning evening happened
    happen anoche ayer noche semana semanas mes meses ano anos pasado pasada hace manana tarde paso
    dont cant wont didnt doesnt isnt arent wasnt werent ive youre hes shes theyre couldnt wouldnt
    shouldnt havent hasnt estan
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

# Letters on a phone keypad, for vanity numbers such as 800-656-HOPE.
_KEYPAD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "22233344455566677778889999")
_PHONE = re.compile(
    r"(?<![\w])(?:\+?1[\s.-]?)?\(?([0-9]{3})\)?[\s.-]?([0-9A-Za-z]{3})[\s.-]?([0-9A-Za-z]{4})(?![\w])", re.ASCII
)
_SHORT_CODE = re.compile(r"(?<![\w-])([0-9]{3,6})(?![\w-])", re.ASCII)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# How many of each language's most used words count as everyday words (``is_everyday_word``).
EVERYDAY_WORDS_PER_LANGUAGE = 30_000

_english = snowballstemmer.stemmer("porter")
_spanish = snowballstemmer.stemmer("spanish")


def plain(text: str) -> str:
    """Lower case, accents removed, compatibility forms folded (full-width letters, ligatures)."""
    text = text or ""
    if text.isascii():  # most text: nothing to decompose or fold
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def tokens(text: str) -> list[str]:
    """The words of ``text``: plain, split on anything that is not a letter or digit."""
    return [word.replace("'", "") for word in _WORD.findall(plain(text))]


@lru_cache(maxsize=20_000)
def spanish_stem(word: str) -> str:
    return _spanish.stemWord(word)


@lru_cache(maxsize=20_000)
def english_stem(word: str) -> str:
    """The Porter stem, as SQLite FTS5's ``porter`` tokenizer makes it."""
    return _english.stemWord(word)


@lru_cache(maxsize=1)
def _everyday_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """The most used words of English and Spanish (pyspellchecker's frequency lists), plain: as a
    set, and sorted (for ``everyday_words_starting``). About 59,000 words, built once per process
    in under a second, and only when a search meets a word the index does not know."""
    text = "\n".join(sorted({word for language in ("en", "es") for word in _most_used(language)}))
    # The words are made again from one string, after the frequency lists are gone: made among
    # the lists' own objects, they would keep the memory of those lists from being given back
    # (34 MB more a process instead of 20, measured as resident memory).
    words = tuple(text.split("\n"))
    return frozenset(words), words


def _most_used(language: str) -> list[str]:
    from spellchecker import SpellChecker

    frequencies = SpellChecker(language=language, distance=1).word_frequency.dictionary
    most_used = heapq.nlargest(EVERYDAY_WORDS_PER_LANGUAGE, frequencies.items(), key=itemgetter(1))
    return [plain(word) for word, _ in most_used]


def is_everyday_word(word: str) -> bool:
    """Whether ``word`` (plain) is a word people use in English or Spanish: "last", "party",
    "miedo" are, "assualt" and "violance" are not. A word the search index does not know but
    people use is not a typo, and is never corrected into another word ("last" into "list")."""
    return word in _everyday_words()[0]


def everyday_words_starting(prefix: str) -> list[str]:
    """The everyday words (``is_everyday_word``) that begin with ``prefix``, in alphabetical order."""
    ordered = _everyday_words()[1]
    found = []
    for index in range(bisect_left(ordered, prefix), len(ordered)):
        if not ordered[index].startswith(prefix):
            break
        found.append(ordered[index])
    return found


def spanish_stems(*texts: str | None) -> str:
    """Every word of the texts as its Spanish stem, so that violación, violacion and violaciones
    meet. Indexed beside the text on SQLite (FTS5 has no Spanish stemmer)."""
    return " ".join(spanish_stem(word) for text in texts for word in tokens(text or ""))


def dial_digits(number: str) -> str:
    """The digits a phone number dials, letters read off the keypad, without the US country code:
    ``1-800-656-HOPE`` -> ``8006564673``; ``988`` -> ``988``."""
    digits = re.sub(r"[^0-9]", "", plain(number).upper().translate(_KEYPAD))
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits


def number_tokens(*numbers: str | None) -> str:
    """The listing's numbers as searchable words (indexed with the name)."""
    found = []
    for number in numbers:
        if number and re.search(r"[0-9]", number):
            digits = dial_digits(number)
            if len(digits) >= 3 and digits not in found:
                found.append(digits)
    return " ".join(found)


def numbers_in(text: str) -> tuple[list[str], str]:
    """Phone numbers typed in the words (``800-656-HOPE``, ``(800) 656 4673``, ``988``,
    ``741741``), as dial digits, and the text without them. Five digits alone are left in the text:
    they are read as a ZIP code first."""
    found: list[str] = []

    def take(match: re.Match) -> str:
        found.append(dial_digits("".join(match.groups())))
        return " "

    rest = _PHONE.sub(lambda m: take(m) if re.search(r"[0-9]{3}", m.group(0)) else m.group(0), text)
    for match in _SHORT_CODE.finditer(rest):
        digits = match.group(1)
        if len(digits) != 5:
            found.append(digits)
    rest = _SHORT_CODE.sub(lambda m: m.group(0) if len(m.group(1)) == 5 else " ", rest)
    return list(dict.fromkeys(found)), rest
