"""The selector behind /resources/: one ``Search`` value in, ``SearchResults`` out.

Four named steps, each a small function: ``understand`` (the place, numbers and concepts in the
words, corrected where the index does not know a word), ``match`` (the filters and the full text),
``rank`` (text relevance combined with what makes a listing helpful), and ``group`` and ``page``
(near you, across the state, anywhere in the US; ten cards a page). It knows nothing of the
request or of forms.

A constant number of queries whatever the result count: one to check the typed words against the
index, one per group, one count, and one per related table for all the listings shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Greatest
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resources import hours
from resources.geo import STATE_NAMES, ZipLocation, with_distance
from resources.models import Resource, ResourceLanguage, ResourceMode, ResourceQuerySet
from resources.query import Concept, Understood, understand, with_correction
from resources.search import excluding, known, matching, named_by, nearest_word
from resources.words import FILLER_WORDS

RADIUS_CHOICES = [
    (10, gettext_lazy("10 miles")), (25, gettext_lazy("25 miles")),
    (50, gettext_lazy("50 miles")), (100, gettext_lazy("100 miles")),
]  # fmt: skip
DEFAULT_RADIUS = 25

# Every page must stay well under 50 KB with its CSS and JS (tests/resources/test_page_weight.py):
# ten full cards of the first group a page; the statewide, national and outside groups follow in
# full on the first page as compact rows, real listings before samples. Generated sample listings
# are many and alike, so a farther group shows only SAMPLES_PER_GROUP of them; real listings are
# all shown, and FARTHER_LIMIT only guards against a runaway import.
PER_PAGE = 10
FARTHER_LIMIT = 150
SAMPLES_PER_GROUP = 5
RELATED = ["needs", "communities", "languages", "modes", "opening_hours", "states_served"]
# A compact row shows only what needs its hours ("open now").
ROW_RELATED = ["opening_hours"]

# How much each helpful trait adds to a listing's score (text relevance adds 0 to 1 on top). A
# query's coverage (how many of the asked-about things a listing matches) always counts first.
PRIORITY_WEIGHT = 0.15  # per point of the maintainer-set priority (RAINN is 10)
ALWAYS_OPEN_WEIGHT = 0.3
REACHABLE_WEIGHT = 0.3  # a phone, text line or chat
PAGE_LANGUAGE_WEIGHT = 0.3  # offers the page's language (Spanish on /es/)
OWN_COMMUNITY_WEIGHT = 0.4  # run for the community asked about, not for everyone
TEXT_WEIGHT = 2.0  # text relevance (0 to 1): a match in the name outweighs any one helpful trait
DISTANCE_WEIGHT = 0.5  # taken off at the edge of the radius
# Without a place, only a national or online service surely serves the visitor: a statewide or
# local one from another state is help for someone else.
SERVES_ANYWHERE_WEIGHT = 1.5


# Counting every match of a common word at 100,000 listings costs more than finding the best ten:
# the count stops here and the page says "1,000+" (a hundred pages of ten is more than anyone reads).
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Pages over the ranked listings, counting at most COUNT_CAP + 1 of them."""

    @cached_property
    def count(self) -> int:
        # Always given a queryset (``group_and_page``).
        object_list = cast(QuerySet, self.object_list)
        return object_list.values("pk").order_by()[: COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


class SortChoices:
    RELEVANCE = "relevance"
    DISTANCE = "distance"
    NAME = "name"
    choices = [
        (RELEVANCE, gettext_lazy("Most helpful first")),
        (DISTANCE, gettext_lazy("Nearest first")),
        (NAME, gettext_lazy("Name")),
    ]


@dataclass(frozen=True)
class Search:
    """Everything a search needs, validated (``resources.forms.SearchForm.search``)."""

    text: str = ""
    needs: tuple[str, ...] = ()
    communities: tuple[str, ...] = ()
    language: str = ""
    free: bool = False
    open_now: bool = False
    always_open: bool = False
    modes: tuple[str, ...] = ()
    region: str = ""
    location: ZipLocation | None = None
    radius: int = DEFAULT_RADIUS
    sort: str = ""
    page: int = 1
    as_typed: bool = False  # no typo correction
    everywhere: bool = False  # no place taken from the words
    page_language: str = "en"
    notices: tuple[str, ...] = ()


@dataclass
class Group:
    key: str
    title: str
    listings: list[Resource]
    count: int


@dataclass
class SearchResults:
    groups: list[Group]
    page: Page
    total: int
    location: ZipLocation | None
    region: str
    radius: int
    sort: str
    notices: list[str] = field(default_factory=list)
    # What the words were understood to say: a place ("Houston, TX"), and corrected words.
    place_label: str = ""
    corrected: str = ""
    text: str = ""

    @property
    def paginated_group(self) -> Group | None:
        return self.groups[0] if self.groups else None

    @property
    def local_count(self) -> int:
        return self.groups[0].count if self.groups else 0

    @property
    def near_name(self) -> str:
        """Where "near" is: the place typed in the words ("Houston, TX"), else the ZIP code."""
        if self.place_label and self.location is not None:
            return self.place_label
        return self.location.zip_code if self.location else ""

    @property
    def region_name(self) -> str:
        return str(STATE_NAMES.get(self.region, self.region))

    @property
    def farther_count(self) -> int:
        return sum(group.count for group in self.groups[1:])


def find_listings(search: Search, *, for_display: bool = True) -> SearchResults:
    """The results of one search, grouped and paged. ``for_display=False`` leaves out what only the
    page shows (each listing's related rows, whether it is open now, its distance): the same
    listings in the same order, for the relevance suite, which runs hundreds of searches."""
    notices = list(search.notices)
    search, understood = understand_words(search, notices)
    queryset = match(search, understood)
    sort = _sort(search, notices)
    groups_and_page = group_and_page(search, understood, queryset, sort, notices)
    groups, page = groups_and_page
    if for_display:
        _annotate_shown(groups)
    return SearchResults(
        groups=groups,
        page=page,
        total=sum(group.count for group in groups),
        location=search.location,
        region=search.region,
        radius=search.radius,
        sort=sort,
        notices=notices,
        place_label=understood.place.label if understood.place else "",
        corrected=understood.corrected_text if understood.corrections else "",
        text=search.text,
    )


# --- step 1: understand the words ------------------------------------------------------------------


def understand_words(search: Search, notices: list[str]) -> tuple[Search, Understood]:
    """The concepts of the words, a place typed into them, and corrections of unknown words."""
    if search.location and search.region:
        notices.append(_("You gave a ZIP code and a state: the results use the ZIP code."))
        search = replace(search, region="")
    take_place = not (search.location or search.region or search.everywhere)
    understood = understand(search.text, take_place=take_place) if search.text else Understood()
    if understood.place is not None:
        search = replace(search, location=understood.place.location, region=understood.place.region)
    if understood.concepts:
        understood.concepts = _corrected(understood, as_typed=search.as_typed)
    return search, understood


def _corrected(understood: Understood, *, as_typed: bool) -> list[Concept]:
    """Words the index does not know, replaced by its nearest word (unless asked not to)."""
    checked = [c for c in understood.concepts if not c.is_number and not c.needs and not c.communities]
    if as_typed or not checked:
        return understood.concepts
    known_by_concept = dict(zip((id(c) for c in checked), known(checked), strict=True))
    concepts = []
    for concept in understood.concepts:
        if known_by_concept.get(id(concept), True):
            concepts.append(concept)
            continue
        nearest = nearest_word(concept.typed)
        if nearest is None or nearest == concept.typed:
            concepts.append(concept)
            continue
        understood.corrections.append((concept.typed, nearest))
        concepts.append(with_correction(concept, nearest))
    return concepts


# --- step 2: match ----------------------------------------------------------------------------------


def match(search: Search, understood: Understood) -> QuerySet:
    """Published listings that pass every filter (AND across groups, OR within one) and, when
    words were typed, match at least one of their concepts."""
    queryset: QuerySet[Resource] = Resource.objects.published().select_related("organization")
    if search.needs:
        queryset = queryset.filter(Exists(Resource.needs.through.objects.filter(
            resource=OuterRef("pk"), need__slug__in=search.needs)))  # fmt: skip
    if search.communities:
        queryset = queryset.filter(Exists(Resource.communities.through.objects.filter(
            resource=OuterRef("pk"), community__slug__in=search.communities)))  # fmt: skip
    if search.language:
        queryset = queryset.filter(
            Exists(ResourceLanguage.objects.filter(resource=OuterRef("pk"), code=search.language))
        )
    if search.modes:
        queryset = queryset.filter(Exists(ResourceMode.objects.filter(resource=OuterRef("pk"), mode__in=search.modes)))
    if search.free:
        queryset = queryset.filter(cost=Resource.Cost.FREE)
    if search.always_open:
        queryset = queryset.filter(is_24_7=True)
    if search.open_now:
        # One small query for the distinct time zones (an index-only scan), then one condition
        # per zone; listings whose hours are not known are kept (only known-closed ones go).
        zones = list(Resource.objects.published().order_by().values_list("timezone", flat=True).distinct())
        queryset = queryset.filter(hours.open_now_q(zones))
    if understood.concepts:
        queryset = matching(queryset, understood.concepts)
    if understood.excluded:
        queryset = excluding(queryset, understood.excluded)
    return rank(queryset, search, understood)


# --- step 3: rank -----------------------------------------------------------------------------------


def rank(queryset: QuerySet, search: Search, understood: Understood) -> QuerySet:
    """``score``: text relevance (0 to 2) plus what makes a listing helpful."""
    score = F("priority") * Value(PRIORITY_WEIGHT)
    score += Case(When(is_24_7=True, then=Value(ALWAYS_OPEN_WEIGHT)), default=Value(0.0))
    score += Case(
        When(~Q(phone="") | ~Q(text_number="") | ~Q(chat_url=""), then=Value(REACHABLE_WEIGHT)), default=Value(0.0)
    )
    if search.page_language != "en":
        speaks = Exists(ResourceLanguage.objects.filter(resource=OuterRef("pk"), code=search.page_language))
        score += Case(When(speaks, then=Value(PAGE_LANGUAGE_WEIGHT)), default=Value(0.0))
    reach: Any = F("coverage")
    if search.location is None and not search.region:
        anywhere = Q(country="US", service_area__in=[Resource.ServiceArea.NATIONAL, Resource.ServiceArea.ONLINE])
        score += Case(When(anywhere, then=Value(SERVES_ANYWHERE_WEIGHT)), default=Value(0.0))
        # Without a place, serving anyone anywhere counts as one more thing matched: a line for
        # everyone matching two of three words leads a coalition of another state matching three.
        reach += Case(When(anywhere, then=Value(1)), default=Value(0))
    communities = set(search.communities) | understood.communities
    if communities:
        links = Resource.communities.through.objects.filter(resource=OuterRef("pk"))
        own = Exists(links.filter(community__slug__in=communities)) & ~Exists(links.filter(community__slug="everyone"))
        score += Case(When(own, then=Value(OWN_COMMUNITY_WEIGHT)), default=Value(0.0))
    if understood.concepts:
        # A service whose whole name was typed comes first: the person was told about it.
        named = named_by([word for word in understood.words if word not in FILLER_WORDS])
        is_named = Case(When(pk__in=named, then=Value(1)), default=Value(0)) if named else Value(0)
        queryset = queryset.alias(named=is_named, reach=reach)
        # Scaled by the best match of this search, so both engines' scores run from 0 to 1.
        best = Window(Max("text_rank"))
        queryset = queryset.annotate(best_text_rank=best)
        score += F("text_rank") / Greatest(F("best_text_rank"), Value(1e-9)) * Value(TEXT_WEIGHT)
    return queryset.annotate(score=score * Value(1.0, output_field=FloatField()))


def _sort(search: Search, notices: list[str]) -> str:
    if search.sort == SortChoices.DISTANCE and search.location is None:
        notices.append(_("Sorting by distance needs a ZIP code, so the results are sorted another way."))
        return SortChoices.RELEVANCE
    return search.sort or SortChoices.RELEVANCE


def _ordered(queryset: QuerySet, sort: str, *, ranked_by_text: bool, radius: int | None = None) -> QuerySet:
    """Name when asked; otherwise coverage of the words first, then the score (less a little for
    distance, near a ZIP code), or distance alone when "Nearest first" is asked."""
    if sort == SortChoices.NAME:
        return queryset.order_by("name", "pk")
    if radius is not None and sort == SortChoices.DISTANCE:
        return queryset.order_by("distance", "name", "pk")
    key = "-score"
    if radius is not None:
        queryset = queryset.alias(nearness=F("score") - F("distance") * Value(DISTANCE_WEIGHT / radius))
        key = "-nearness"
    order = ["-named", "-reach", key] if ranked_by_text else [key]
    return queryset.order_by(*order, "name", "pk")


# --- step 4: group and page --------------------------------------------------------------------------


def group_and_page(
    search: Search, understood: Understood, base: QuerySet, sort: str, notices: list[str]
) -> tuple[list[Group], Page]:
    ranked_by_text = bool(understood.concepts)
    # ``match`` filters and annotates ``Resource.objects``, so this is still a ResourceQuerySet.
    base = cast(ResourceQuerySet, base)

    def order(queryset: QuerySet, radius: int | None = None) -> QuerySet:
        return _ordered(queryset, sort, ranked_by_text=ranked_by_text, radius=radius)

    national_title = _("Anywhere in the US, by phone, text or online")
    others: list[tuple[str, str, QuerySet]] = []
    location, region = search.location, search.region
    if location is not None:
        state_name = STATE_NAMES.get(location.state, location.state)
        main_key, main_title = "near", _("Near you")
        near = with_distance(base.local(), location.latitude, location.longitude, search.radius)
        main = order(near, radius=search.radius)
        others.append(("statewide", _("Across %(state)s") % {"state": state_name},
                       order(base.statewide_in(location.state))))  # fmt: skip
        others.append(("national", national_title, order(base.national())))
    elif region:
        state_name = STATE_NAMES[region]
        main_key, main_title = "local", _("In %(state)s") % {"state": state_name}
        main = order(base.local().filter(state=region))
        others.append(("statewide", _("Across %(state)s") % {"state": state_name}, order(base.statewide_in(region))))
        others.append(("national", national_title, order(base.national())))
    else:
        main_key, main_title = "all", _("Listings")
        main = order(base.in_us())
        others.append(("outside", _("Outside the United States"), order(base.outside_us())))

    paginator = CappedPaginator(main, PER_PAGE)
    number = search.page
    if number > paginator.num_pages:
        notices.append(_("There is no page %(n)s, so here is the last page.") % {"n": number})
        number = paginator.num_pages
    page = paginator.page(number)
    groups = [Group(main_key, main_title, list(page.object_list), paginator.count)]
    # The statewide, national and outside groups are shown on the first page only, in full.
    for key, title, queryset in others:
        if number != 1:
            groups.append(Group(key, title, [], queryset.count()))
            continue
        groups.append(_farther_group(key, title, queryset, notices))
    return groups, page


def _farther_group(key: str, title: str, queryset: QuerySet, notices: list[str]) -> Group:
    listings = list(queryset.order_by("is_demo", *queryset.query.order_by)[: FARTHER_LIMIT + 1])
    count = len(listings)
    if count > FARTHER_LIMIT:
        count = queryset.count()
    real = [listing for listing in listings if not listing.is_demo][:FARTHER_LIMIT]
    samples = [] if len(real) == FARTHER_LIMIT else [listing for listing in listings if listing.is_demo]
    if len(real) == FARTHER_LIMIT:
        notices.append(_("“%(group)s” has %(count)s listings; here are the first %(shown)s. Choose what you "
                         "need, a language or how to reach them to see the others.")
                       % {"group": title, "count": count, "shown": FARTHER_LIMIT})  # fmt: skip
    elif count - len(real) > SAMPLES_PER_GROUP:
        hidden = count - len(real) - SAMPLES_PER_GROUP
        notices.append(_("“%(group)s” also has %(hidden)s more sample listings. Choose what you need, a "
                         "language or how to reach them to see them.")
                       % {"group": title, "hidden": hidden})  # fmt: skip
    return Group(key, title, real + samples[:SAMPLES_PER_GROUP], count)


def _annotate_shown(groups: list[Group]) -> None:
    """Related rows for every listing shown (one query per table), and open now, distance."""
    prefetch_related_objects(groups[0].listings, *RELATED)
    farther = [listing for group in groups[1:] for listing in group.listings]
    prefetch_related_objects(farther, *ROW_RELATED)
    moment = hours.now()
    for listing in groups[0].listings + farther:
        # Attributes for the templates, set at run time (not model fields); ``distance`` comes from
        # ``with_distance``.
        shown = cast(Any, listing)
        shown.is_open_now = hours.is_open(listing, moment)
        shown.hours_known = hours.hours_known(listing)
        if getattr(listing, "distance", None) is not None:
            shown.distance_miles = round(shown.distance)
