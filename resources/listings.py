"""The selector behind /resources/: filters, full text, location groups, order and pages.

A constant number of queries whatever the result count: one per group, one count, and one per
related table for all the listings shown (``prefetch_related_objects``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from resources import hours
from resources.filters import DEFAULT_RADIUS, ResourceFilter, SortChoices
from resources.geo import STATE_NAMES, ZipLocation, with_distance
from resources.models import Resource
from resources.search import full_text

# Every page must stay well under 50 KB with its CSS and JS (tests/resources/test_page_weight.py):
# ten full cards of the first group a page; the statewide, national and outside groups follow in
# full on the first page as compact rows (name, organization, how to reach them, badges), real
# listings before samples. Generated sample listings are many and alike, so a farther group shows
# only SAMPLES_PER_GROUP of them (a notice says how many more a narrower search would show); real
# listings are all shown, and FARTHER_LIMIT only guards against a runaway import.
PER_PAGE = 10
FARTHER_LIMIT = 150
SAMPLES_PER_GROUP = 5
RELATED = ["needs", "communities", "languages", "modes", "opening_hours", "states_served"]
# A compact row shows only what needs its hours ("open now").
ROW_RELATED = ["opening_hours"]


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

    @property
    def paginated_group(self) -> Group | None:
        return self.groups[0] if self.groups else None


def _order(queryset: QuerySet, sort: str, *, ranked: bool, has_distance: bool) -> QuerySet:
    if sort == SortChoices.DISTANCE and has_distance:
        return queryset.order_by("distance", "name", "pk")
    if sort == SortChoices.RELEVANCE and ranked:
        return queryset.order_by("-rank", "name", "pk")
    return queryset.order_by("name", "pk")


def _default_sort(requested: str, *, location: ZipLocation | None, text: str, notices: list[str]) -> str:
    if requested == SortChoices.DISTANCE and location is None:
        notices.append(_("Sorting by distance needs a ZIP code, so the results are sorted another way."))
        requested = ""
    if requested:
        return requested
    if location is not None:
        return SortChoices.DISTANCE
    return SortChoices.RELEVANCE if text else SortChoices.NAME


def find_listings(filterset: ResourceFilter) -> SearchResults:
    form = filterset.form
    notices = form.notices()
    data = form.cleaned_data
    filtered = filterset.qs.select_related("organization")  # also sets filterset.text_query
    base, ranked = full_text(filtered, filterset.text_query)
    location: ZipLocation | None = data.get("near")
    region: str = "" if location else (data.get("region") or "")
    if location and data.get("region"):
        notices.append(_("You gave a ZIP code and a state: the results use the ZIP code."))
    radius: int = data.get("radius") or DEFAULT_RADIUS
    sort = _default_sort(data.get("sort") or "", location=location, text=filterset.text_query, notices=notices)

    def order(queryset: QuerySet, has_distance: bool = False) -> QuerySet:
        return _order(queryset, sort, ranked=ranked, has_distance=has_distance)

    others: list[tuple[str, str, QuerySet]] = []
    if location is not None:
        state_name = STATE_NAMES.get(location.state, location.state)
        main_key, main_title = "near", _("Near you")
        main = order(with_distance(base.local(), location.latitude, location.longitude, radius), True)
        others.append(("statewide", _("Across %(state)s") % {"state": state_name},
                       order(base.statewide_in(location.state))))  # fmt: skip
        others.append(("national", _("Anywhere in the US, by phone, text or online"), order(base.national())))
    elif region:
        state_name = STATE_NAMES[region]
        main_key, main_title = "local", _("In %(state)s") % {"state": state_name}
        main = order(base.local().filter(state=region))
        others.append(("statewide", _("Across %(state)s") % {"state": state_name}, order(base.statewide_in(region))))
        others.append(("national", _("Anywhere in the US, by phone, text or online"), order(base.national())))
    else:
        main_key, main_title = "all", _("Listings")
        main = order(base.in_us())
        others.append(("outside", _("Outside the United States"), order(base.outside_us())))

    paginator = Paginator(main, PER_PAGE)
    number = data.get("page") or 1
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
        listings = real + samples[:SAMPLES_PER_GROUP]
        groups.append(Group(key, title, listings, count))

    prefetch_related_objects(groups[0].listings, *RELATED)
    farther = [listing for group in groups[1:] for listing in group.listings]
    prefetch_related_objects(farther, *ROW_RELATED)
    shown = groups[0].listings + farther
    moment = hours.now()
    for listing in shown:
        listing.is_open_now = hours.is_open(listing, moment)
        if getattr(listing, "distance", None) is not None:
            listing.distance_miles = round(listing.distance)
    return SearchResults(
        groups=groups,
        page=page,
        total=sum(group.count for group in groups),
        location=location,
        region=region,
        radius=radius,
        sort=sort,
        notices=notices,
    )
