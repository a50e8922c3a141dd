"""Which services of a general 211 feed concern survivors, and what they offer, by code and by words.

A service is taken when it carries a survivor-relevant taxonomy code (``need`` and ``survivor``
rows of ``taxonomy_map.csv``) or when its words say so; in real feeds neither signal alone finds
them all. A words-only match is marked "needs a look". ``--all`` takes everything.
The mapping file is maintainers' to edit; terms it does not know are listed in the report.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from resources.taxonomy import DEFAULT_COMMUNITIES, DEFAULT_NEEDS

MAP_FILE = Path(__file__).with_name("taxonomy_map.csv")
NEED_SLUGS = {slug for slug, _, _ in DEFAULT_NEEDS}
COMMUNITY_SLUGS = {slug for slug, _, _ in DEFAULT_COMMUNITIES}
MODE_SLUGS = {"in-person", "phone", "text", "chat", "video", "email", "online"}


@dataclass(frozen=True)
class MapRow:
    code: str
    kind: str  # need | community | mode | language | survivor
    slug: str
    flags: frozenset[str]


@dataclass
class TaxonomyMap:
    exact: dict[str, list[MapRow]] = field(default_factory=dict)
    prefixes: list[tuple[str, MapRow]] = field(default_factory=list)

    def lookup(self, code: str) -> list[MapRow]:
        key = code.strip().upper()
        found = list(self.exact.get(key, []))
        found += [row for prefix, row in self.prefixes if key.startswith(prefix)]
        return found


def load_map(path: Path = MAP_FILE) -> TaxonomyMap:
    """Read the mapping file (``#`` lines are comments). A bad row is a clear error, not a guess."""
    mapping = TaxonomyMap()
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.lstrip().startswith("#")]
    for number, row in enumerate(csv.DictReader(lines), start=2):
        code, kind, slug = (
            (row.get("code") or "").strip().upper(),
            (row.get("kind") or "").strip(),
            row.get("slug") or "",
        )
        slug = slug.strip()
        valid = {"need": NEED_SLUGS, "community": COMMUNITY_SLUGS, "mode": MODE_SLUGS | {"tty"}}
        if not code or kind not in {"need", "community", "mode", "language", "survivor"}:
            raise ValueError(f"{path.name} row {number}: a code and a kind (need, community, mode, language, survivor)")
        if kind in valid and slug not in valid[kind]:
            raise ValueError(f"{path.name} row {number}: {slug!r} is not a {kind} of this site")
        entry = MapRow(code, kind, slug, frozenset(f for f in (row.get("flags") or "").split(";") if f))
        if code.endswith("*"):
            mapping.prefixes.append((code[:-1], entry))
        else:
            mapping.exact.setdefault(code, []).append(entry)
    return mapping


@lru_cache(maxsize=1)
def default_map() -> TaxonomyMap:
    return load_map()


# --- words ----------------------------------------------------------------------------------------

SURVIVOR_WORDS = re.compile(
    r"\b(sexual(ly)?[ -](assault|violence|abuse|abused|exploitation|harassment|trauma)|rape|raped|"
    r"domestic[ -](violence|abuse)|intimate[ -]partner[ -](violence|abuse)|dating[ -](violence|abuse)|"
    r"family[ -]violence|human[ -]trafficking|sex[ -]trafficking|trafficking[ -](victims?|survivors?)|stalking|"
    r"incest|survivors?[ -]of[ -](abuse|violence|assault|rape|trafficking)|battered|sane[ -](nurse|exam|program)|"
    r"forensic[ -](nurse|exam|medical)|victim[ -](advocate|advocacy|services|assistance)|crime[ -]victims?|"
    r"violence[ -]against[ -]women|vawa|u[ -]visa|protective[ -]orders?|restraining[ -]orders?|"
    r"abuse[ -]shelter|dv[ -]shelter)\b",
    re.I,
)
SHELTER_WORDS = re.compile(
    r"\b(shelters?|safe[ -]?house|refuge|emergency[ -]housing|transitional[ -]housing|confidential[ -]location)\b",
    re.I,
)
NEED_WORDS: list[tuple[str, re.Pattern]] = [
    ("crisis-hotline", re.compile(r"\b(hotline|helpline|crisis[ -]line|24[ -/]?(hour|7)[ -]line|crisis[ -]intervention)\b", re.I)),  # noqa: E501
    ("counseling", re.compile(r"\b(counsel(l)?ing|therapy|therapist|mental[ -]health)\b", re.I)),
    ("support-group", re.compile(r"\bsupport[ -]groups?\b", re.I)),
    ("legal", re.compile(r"\b(legal|attorney|lawyer|court|protective[ -]orders?|restraining[ -]orders?|immigration[ -]relief)\b", re.I)),  # noqa: E501
    ("medical", re.compile(r"\b(medical|forensic|sane|clinic|hospital|health[ -]care)\b", re.I)),
    ("shelter-housing", SHELTER_WORDS),
    ("advocacy", re.compile(r"\b(advocate|advocacy|accompaniment|accompany)\b", re.I)),
    ("financial", re.compile(r"\b(financial|compensation|emergency[ -]funds?|rent[ -]assistance)\b", re.I)),
    ("healing", re.compile(r"\b(healing|wellness|yoga|art[ -]therapy|retreat)\b", re.I)),
    ("information", re.compile(r"\b(education|information|prevention|awareness)\b", re.I)),
]  # fmt: skip
COMMUNITY_WORDS: list[tuple[str, re.Pattern]] = [
    ("women", re.compile(r"\b(women|woman|female)\b", re.I)),
    ("men-boys", re.compile(r"\b(men|male survivors|boys)\b", re.I)),
    ("lgbtq", re.compile(r"\b(lgbt\w*\+?|gay|lesbian|bisexual|queer)", re.I)),
    ("trans-nonbinary", re.compile(r"\b(transgender|trans|non-?binary|gender[ -]diverse)\b", re.I)),
    ("youth", re.compile(r"\b(youth|teens?|adolescents?|children|kids|minors)\b", re.I)),
    ("immigrants", re.compile(r"\b(immigrants?|refugees?|undocumented|asylum)\b", re.I)),
    ("deaf-hard-of-hearing", re.compile(r"\b(deaf|hard of hearing)\b", re.I)),
    ("disabled", re.compile(r"\b(disabled|disabilit(y|ies))\b", re.I)),
    ("military-veterans", re.compile(r"\b(veterans?|military)\b", re.I)),
    ("latinx", re.compile(r"\b(latin[aoxe]|hispanic)\b", re.I)),
    ("black", re.compile(r"\b(black|african[ -]american)\b", re.I)),
    ("indigenous", re.compile(r"\b(native american|indigenous|tribal|tribe|alaska native)\b", re.I)),
    ("asian-pacific-islander", re.compile(r"\b(asian|pacific islander|aapi)\b", re.I)),
]


@dataclass
class Selection:
    relevant: bool = False
    by_code: bool = False
    by_words: bool = False
    needs: set[str] = field(default_factory=set)
    communities: set[str] = field(default_factory=set)
    modes: set[str] = field(default_factory=set)
    languages: set[str] = field(default_factory=set)
    hide_address: bool = False
    unmapped: set[str] = field(default_factory=set)


def select(
    *, codes: list[tuple[str, str]], words: str, mapping: TaxonomyMap, our_terms: list[tuple[str, str]]
) -> Selection:
    """Decide relevance and map terms.

    ``codes``: (code, label) of the service's taxonomy terms in the source's taxonomy;
    ``our_terms``: (kind, slug) of terms in this site's own taxonomies (a re-imported export);
    ``words``: name, description and eligibility, for the words rule.
    """
    found = Selection()
    for kind, slug in our_terms:
        target = {"need": found.needs, "community": found.communities, "mode": found.modes}.get(kind)
        if target is not None:
            target.add(slug)
            found.by_code = True
    for code, label in codes:
        rows = mapping.lookup(code) if code else []
        if not rows:
            found.unmapped.add(f"{code} {label}".strip() if label and label != code else code)
            continue
        for row in rows:
            if row.kind in {"need", "survivor"}:
                found.by_code = True
            if row.kind == "need":
                found.needs.add(row.slug)
            elif row.kind == "community":
                found.communities.add(row.slug)
            elif row.kind == "mode":
                found.modes.add(row.slug)
            elif row.kind == "language":
                found.languages.add(row.slug)
            if "hide-address" in row.flags:
                found.hide_address = True
    found.by_words = bool(SURVIVOR_WORDS.search(words))
    if (found.by_words or found.by_code) and not our_terms:
        if not found.needs:
            found.needs = {slug for slug, pattern in NEED_WORDS if pattern.search(words)}
        if not found.communities:
            found.communities = {slug for slug, pattern in COMMUNITY_WORDS if pattern.search(words)}
    found.relevant = found.by_code or found.by_words
    if "shelter-housing" in found.needs or (found.relevant and SHELTER_WORDS.search(words)):
        found.hide_address = True
    return found
