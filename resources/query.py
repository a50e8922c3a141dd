"""What a person typed, understood: the place, the line numbers, and the concepts to look for.

``understand()`` turns the words into ``Concept``s. A concept is one thing the person asked about
("therapy", "male", "rape"), with the alternatives that satisfy it: the word itself, and for a
word of the search vocabulary (``SearchTerm``) the words a listing may use instead and the names
of the needs and communities it points to. A listing need not match every concept: the more it
matches, the higher it ranks (``resources.search``). Filler words (help, center, ayuda, centro)
never have to match. Words the index does not know are corrected to its nearest word, and the
page says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.cache import cache

from metoo_site.pagecache import safely
from resources.places import Place, find_place, without_place
from resources.words import FILLER_WORDS, numbers_in, tokens

MAX_CONCEPTS = 10
_EXCLUDED = re.compile(r"(?:(?<=\s)|^)-(\w+)")
LONGEST_PHRASE = 4  # words
VOCABULARY_CACHE_SECONDS = 300


@dataclass(frozen=True)
class Concept:
    """One thing asked about, and the word lists any of which satisfies it (all words of a list).

    The last ``from_taxonomy`` alternatives are the names of the needs and communities the concept
    points to: they widen the match (a listing tagged "crisis lines" matches "kill myself"), while how
    well a listing matches is judged on the others, the words the person means ("suicide").
    """

    typed: str
    alternatives: tuple[tuple[str, ...], ...]
    needs: tuple[str, ...] = ()
    communities: tuple[str, ...] = ()
    is_number: bool = False
    from_taxonomy: int = 0

    @property
    def meant(self) -> tuple[tuple[str, ...], ...]:
        """The alternatives that say what the person means (all of them if only names are left)."""
        return self.alternatives[: len(self.alternatives) - self.from_taxonomy] or self.alternatives


@dataclass
class Understood:
    concepts: list[Concept] = field(default_factory=list)
    place: Place | None = None
    # (typed word, corrected word) for every word the index did not know.
    corrections: list[tuple[str, str]] = field(default_factory=list)
    # The words left once the place is taken out, as the "showing results for" sentence shows them.
    words: list[str] = field(default_factory=list)
    # Words typed with a minus sign ("legal -boston"): listings matching them are left out.
    excluded: list[Concept] = field(default_factory=list)

    @property
    def corrected_text(self) -> str:
        fixed = dict(self.corrections)
        return " ".join(fixed.get(word, word) for word in self.words)

    @property
    def needs(self) -> set[str]:
        return {slug for concept in self.concepts for slug in concept.needs}

    @property
    def communities(self) -> set[str]:
        return {slug for concept in self.concepts for slug in concept.communities}


@dataclass(frozen=True)
class TermMeaning:
    """A vocabulary term as the query reads it (a plain value, cacheable)."""

    alternatives: tuple[tuple[str, ...], ...]
    needs: tuple[str, ...]
    communities: tuple[str, ...]
    from_taxonomy: int  # the last alternatives, taken from the taxonomy names (``Concept.from_taxonomy``)


def vocabulary() -> dict[str, TermMeaning]:
    """{phrase: meaning} of the search vocabulary, with the taxonomy names as alternatives.

    Cached for a few minutes (a maintainer's edit shows within that time); one query set when cold.
    """
    cached = safely(lambda: cache.get("search-vocabulary:v2"))
    if cached is not None:
        return cached
    from resources.models import SearchTerm

    meanings: dict[str, TermMeaning] = {}
    for phrase, term in SearchTerm.objects.as_vocabulary().items():
        alternatives: list[tuple[str, ...]] = []
        _add_alternatives(alternatives, [phrase, *term.alternatives])
        meant = len(alternatives)
        _add_alternatives(alternatives, [name for _, *both in (*term.needs, *term.communities) for name in both])
        meanings[phrase] = TermMeaning(
            alternatives=tuple(alternatives),
            from_taxonomy=len(alternatives) - meant,
            needs=tuple(slug for slug, _, _ in term.needs),
            communities=tuple(slug for slug, _, _ in term.communities),
        )
    safely(lambda: cache.set("search-vocabulary:v2", meanings, VOCABULARY_CACHE_SECONDS))
    return meanings


def _add_alternatives(alternatives: list[tuple[str, ...]], texts: list[str]) -> None:
    """Each text's words, filler words aside, unless empty or already there."""
    for text in texts:
        words = tuple(word for word in tokens(text) if word not in FILLER_WORDS)
        if words and words not in alternatives:
            alternatives.append(words)


def forget_vocabulary() -> None:
    """Called when a maintainer edits the vocabulary or the taxonomy."""
    safely(lambda: cache.delete("search-vocabulary:v2"))


def understand(text: str, *, take_place: bool = True) -> Understood:
    """Place, numbers and concepts of ``text``; typo correction is ``resources.search``'s (it needs
    the index's own vocabulary)."""
    understood = Understood()
    for word in _EXCLUDED.findall(text):
        understood.excluded += [Concept(w, ((w,),)) for w in tokens(word)]
    text = _EXCLUDED.sub(" ", text)
    numbers, rest = numbers_in(text)
    for digits in numbers:
        understood.concepts.append(Concept(typed=digits, alternatives=((digits,),), is_number=True))
    if take_place:
        understood.place = find_place(rest)
        if understood.place is not None:
            rest = without_place(rest, understood.place)
    words = tokens(rest)
    understood.words = list(words)
    terms = vocabulary()
    position = 0
    while position < len(words) and len(understood.concepts) < MAX_CONCEPTS:
        for length in range(min(LONGEST_PHRASE, len(words) - position), 0, -1):
            phrase = " ".join(words[position : position + length])
            meaning = terms.get(phrase)
            if meaning is not None:
                understood.concepts.append(
                    Concept(
                        phrase,
                        meaning.alternatives,
                        needs=meaning.needs,
                        communities=meaning.communities,
                        from_taxonomy=meaning.from_taxonomy,
                    )
                )
                position += length
                break
        else:
            word = words[position]
            position += 1
            if word in FILLER_WORDS or len(word) < 2:
                continue
            if any(concept.alternatives == ((word,),) for concept in understood.concepts):
                continue
            understood.concepts.append(Concept(word, ((word,),)))
    return understood


def with_correction(concept: Concept, corrected: str) -> Concept:
    """The concept of a word the index did not know, searching its nearest known word instead
    (a vocabulary term when the nearest word is one)."""
    meaning = vocabulary().get(corrected)
    if meaning is not None:
        return Concept(
            corrected,
            meaning.alternatives,
            needs=meaning.needs,
            communities=meaning.communities,
            from_taxonomy=meaning.from_taxonomy,
        )
    return Concept(corrected, ((corrected,),))
