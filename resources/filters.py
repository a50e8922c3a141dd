"""The search parameters of /resources/ (PRODUCT.md's public contract) as a django-filter FilterSet.

Every parameter is forgiving: a value the site does not know (``need=nope``, ``radius=1e99``,
``near=abc``) is left out and the page says so in a notice, with status 200. OR within a group
(``need=legal&need=medical``), AND across groups.

The FilterSet filters the listings themselves (q, need, community, language, free, open_now,
always_open, mode). Location (region, near, radius), sort and page shape the grouping and are
read from the same validated form by ``resources.listings.find_listings``.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from resources import hours
from resources.geo import US_STATES, ZipLocation, zip_location
from resources.languages import LANGUAGES, language_name
from resources.models import Community, Need, Resource, ResourceLanguage, ResourceMode
from resources.search import MAX_QUERY_LENGTH, clean_query

RADIUS_CHOICES = [(10, _("10 miles")), (25, _("25 miles")), (50, _("50 miles")), (100, _("100 miles"))]
DEFAULT_RADIUS = 25


class SortChoices:
    RELEVANCE = "relevance"
    DISTANCE = "distance"
    NAME = "name"
    choices = [(RELEVANCE, _("Best match")), (DISTANCE, _("Nearest first")), (NAME, _("Name"))]


class SearchTextField(forms.CharField):
    """Free text that never fails: NUL and control characters removed, length capped."""

    def to_python(self, value):
        return clean_query(value if isinstance(value, str) else "")

    def run_validators(self, value) -> None:
        # The text was cleaned above; Django's NUL check would otherwise reject it.
        return None


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the values it knows, remembers the rest in ``rejected`` for the notice."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        values = self.to_python(value)
        self.rejected = [v for v in values if not self.valid_value(v)]
        known = []
        for v in values:
            if self.valid_value(v) and v not in known:
                known.append(v)
        return known


class FlagField(forms.Field):
    """A checkbox parameter such as ``free=1``: "1"/"on"/"true" is on, empty or "0" is off."""

    widget = forms.CheckboxInput(check_test=lambda value: value in ("1", "on", "true", True))

    def to_python(self, value):
        if value in (None, "", "0", "false", False):
            return False
        if value in ("1", "on", "true", True):
            return True
        raise forms.ValidationError(_("Please use the checkbox."), code="invalid")

    def validate(self, value) -> None:
        return None


class SearchForm(forms.Form):
    """Base form of the FilterSet: the location, sort and page parameters, and the notices."""

    region = forms.ChoiceField(label=_("State or territory"), required=False,
                               choices=[("", _("Anywhere")), *US_STATES])  # fmt: skip
    near = forms.CharField(label=_("Near ZIP code"), required=False, max_length=10)
    radius = forms.TypedChoiceField(label=_("Within"), required=False, coerce=int, empty_value=DEFAULT_RADIUS,
                                    choices=RADIUS_CHOICES)  # fmt: skip
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SortChoices.choices)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=100_000)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["near"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "class": "zip-input", "maxlength": "10"}
        )

    def clean_region(self) -> str:
        return self.cleaned_data["region"]

    def clean_near(self) -> ZipLocation | None:
        value = self.cleaned_data["near"].strip()
        if not value:
            return None
        found = zip_location(value)
        if found is None or found.state not in dict(US_STATES):
            raise forms.ValidationError(
                _("We could not find the ZIP code “%(zip)s”. Please check the five digits."),
                params={"zip": value[:10]},
                code="unknown_zip",
            )
        return found

    @property
    def location(self) -> ZipLocation | None:
        return self.cleaned_data.get("near") if hasattr(self, "cleaned_data") else None

    def notices(self) -> list[str]:
        """One plain sentence per ignored parameter."""
        self.is_valid()
        messages = []
        for name, errors in self.errors.items():
            if name == "near":
                messages.extend(str(error) for error in errors)
                continue
            label = self.fields[name].label or name
            messages.append(_("We could not use “%(label)s”, so it was left out.") % {"label": label})
        for field in self.fields.values():
            rejected = getattr(field, "rejected", [])
            if rejected:
                messages.append(
                    _("We did not recognise “%(values)s” for “%(label)s”, so it was left out.")
                    % {"values": ", ".join(v[:40] for v in rejected[:5]), "label": field.label}
                )
        if self.data.get("q") and len(self.data.get("q", "")) > MAX_QUERY_LENGTH:
            messages.append(_("Your search words were shortened to %(n)s characters.") % {"n": MAX_QUERY_LENGTH})
        return messages


class LenientMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = LenientMultipleChoiceField


class SearchTextFilter(django_filters.CharFilter):
    field_class = SearchTextField


class FlagFilter(django_filters.Filter):
    field_class = FlagField


class ResourceFilter(django_filters.FilterSet):
    q = SearchTextFilter(label=_("Search words"), method="filter_q")
    need = LenientMultipleChoiceFilter(label=_("What you need"), method="filter_need")
    community = LenientMultipleChoiceFilter(label=_("Who it is for"), method="filter_community")
    language = django_filters.ChoiceFilter(label=_("Language"), method="filter_language", empty_label=_("Any language"))
    free = FlagFilter(label=_("Free"), method="filter_free")
    open_now = FlagFilter(label=_("Open now"), method="filter_open_now")
    always_open = FlagFilter(label=_("Open 24/7"), method="filter_always_open")
    mode = LenientMultipleChoiceFilter(label=_("How to reach them"), method="filter_mode",
                                       choices=ResourceMode.Mode.choices)  # fmt: skip

    class Meta:
        model = Resource
        fields: list[str] = []
        form = SearchForm

    def __init__(self, data=None, queryset=None, *, needs: list[Need], communities: list[Community], **kwargs):
        super().__init__(data, queryset, **kwargs)
        # The taxonomy is read once per request by the caller and reused for the checkboxes.
        self.filters["need"].extra["choices"] = [(n.slug, n.display_name) for n in needs]
        self.filters["community"].extra["choices"] = [(c.slug, c.display_name) for c in communities]
        self.filters["language"].extra["choices"] = sorted(
            ((tag, language_name(tag)) for tag in LANGUAGES), key=lambda item: item[1]
        )
        # Results are ranked and grouped by find_listings, not ordered here.
        self.text_query = ""

    def choices(self) -> dict[str, list[tuple[str, str]]]:
        """Options for the search form, rendered by hand in the template (Django's widget
        templates cost more than the whole query on a page with ~130 options)."""
        return {
            "need": self.filters["need"].extra["choices"],
            "community": self.filters["community"].extra["choices"],
            "mode": list(ResourceMode.Mode.choices),
            "language": self.filters["language"].extra["choices"],
            "region": US_STATES,
        }

    def chosen(self) -> dict[str, object]:
        """The accepted values, so that the form shows what the search used."""
        self.form.is_valid()  # fills cleaned_data with the fields that were usable
        data = self.form.cleaned_data
        return {
            "need": set(data.get("need") or []),
            "community": set(data.get("community") or []),
            "mode": set(data.get("mode") or []),
            "language": data.get("language") or "",
            "region": data.get("region") or "",
            "free": bool(data.get("free")),
            "open_now": bool(data.get("open_now")),
            "always_open": bool(data.get("always_open")),
        }

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # The base form also carries region, near, radius, sort and page: find_listings reads those.
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        self.text_query = value  # full text is applied last, by find_listings (it ranks)
        return queryset

    def filter_need(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        links = Resource.needs.through.objects.filter(resource=OuterRef("pk"), need__slug__in=value)
        return queryset.filter(Exists(links))

    def filter_community(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        links = Resource.communities.through.objects.filter(resource=OuterRef("pk"), community__slug__in=value)
        return queryset.filter(Exists(links))

    def filter_language(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(Exists(ResourceLanguage.objects.filter(resource=OuterRef("pk"), code=value)))

    def filter_free(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(cost=Resource.Cost.FREE) if value else queryset

    def filter_always_open(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(is_24_7=True) if value else queryset

    def filter_open_now(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if not value:
            return queryset
        # One small query for the distinct time zones, then one condition per zone.
        # (all published listings' zones: a superset is harmless and reads only the index
        # resource_status_timezone).
        zones = list(Resource.objects.published().order_by().values_list("timezone", flat=True).distinct())
        return queryset.filter(hours.open_now_q(zones))

    def filter_mode(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(Exists(ResourceMode.objects.filter(resource=OuterRef("pk"), mode__in=value)))
