"""The directory of help, shaped after Open Referral HSDS so that import and export map cleanly.

``Resource`` is a service as a person meets it (HSDS "service", with its one location folded in);
``Organization`` is who runs it. Every record HSDS exports carries a stable UUID. Multi-valued
fields (languages, delivery modes, states served) are small join tables, portable across SQLite
and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple
from uuid import uuid4

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from resources.geo import US_STATES


class TaxonomyTerm(models.Model):
    """A need or a community: slug, names and descriptions in English and Spanish, an order."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_es = models.CharField(_("name in Spanish"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_es = models.TextField(_("description in Spanish"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the active language (Spanish when there is one, English otherwise)."""
        if translation.get_language() == "es" and self.name_es:
            return self.name_es
        return self.name

    @property
    def display_description(self) -> str:
        if translation.get_language() == "es" and self.description_es:
            return self.description_es
        return self.description


class Need(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")


class Community(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("community")
        verbose_name_plural = _("communities")


class Organization(models.Model):
    """Who runs a service (HSDS "organization")."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_demo = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One run of ``import_hsds`` (or an upload in admin): what came in, from whom, under what licence.

    Every listing the run created or updated links to it, so a maintainer can review, unpublish
    or delete the whole batch, and the export knows whether the source allows republication.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to run")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    source_name = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    license = models.CharField(_("licence"), max_length=200, blank=True)
    allows_republication = models.BooleanField(
        _("source allows republication"),
        default=False,
        help_text=_("Only listings from sources that allow it appear in the open-data export and the API."),
    )
    file_name = models.CharField(_("file"), max_length=300, blank=True)
    # An upload waiting to run: the saved file (in settings.HSDS_UPLOAD_DIR), removed once read.
    upload_path = models.CharField(max_length=500, blank=True, editable=False)
    publish = models.BooleanField(_("publish at once"), default=False)
    take_all = models.BooleanField(_("take every service"), default=False)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_phase = models.CharField(max_length=40, blank=True)
    # {"created": n, "updated": n, "unchanged": n, "skipped": n, "read": n, "held": n}
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # {"skipped": [{"file", "line", "record", "reason"}], "repaired": [...], "needs_review": [...],
    #  "unmapped_terms": [...], "problems": [...]}; lists are capped (see resources.hsds.report).
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        # run_pending_imports: WHERE status = 'pending' ORDER BY created_at.
        indexes = [models.Index(fields=["status", "created_at"], name="import_batch_status")]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else self.source_name


# Paths under /resources/ that are pages of their own, so never a listing's slug.
RESERVED_SLUGS = frozenset({"states", "suggest"})


def validate_listing_slug(value: str) -> None:
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is the address of another page; choose another slug."), params={"slug": value}
        )


class ResourceQuerySet(models.QuerySet):
    def published(self) -> ResourceQuerySet:
        return self.filter(status=Resource.Status.PUBLISHED)

    def open_data(self) -> ResourceQuerySet:
        """What the HSDS export and the API publish: published real listings whose source allows it."""
        return (
            self.published()
            .filter(is_demo=False)
            .filter(
                Q(
                    import_batch__isnull=True,
                    verification__in=[Resource.Verification.COMPILED, Resource.Verification.CONFIRMED],
                )
                | Q(import_batch__allows_republication=True)
            )
        )

    def in_us(self) -> ResourceQuerySet:
        return self.filter(country="US")

    def outside_us(self) -> ResourceQuerySet:
        return self.exclude(country="US")

    def national(self) -> ResourceQuerySet:
        """Anywhere in the US by phone, text or online: national and online-only listings."""
        return self.in_us().filter(service_area__in=[Resource.ServiceArea.NATIONAL, Resource.ServiceArea.ONLINE])

    def statewide_in(self, state: str) -> ResourceQuerySet:
        return self.in_us().filter(service_area=Resource.ServiceArea.STATEWIDE, states_served__state=state)

    def local(self) -> ResourceQuerySet:
        return self.in_us().filter(service_area=Resource.ServiceArea.LOCAL)

    def coalitions_of(self, state: str) -> ResourceQuerySet:
        """The state's coalitions, sexual assault first (a higher priority), as its page leads with them."""
        return self.statewide_in(state).filter(is_state_coalition=True).order_by("-priority", "name")

    def stale(self, *, today: date | None = None) -> ResourceQuerySet:
        """Never confirmed with the service, or not confirmed in the last 12 months.

        A listing compiled from public pages or imported from a data source has never been
        confirmed, whatever its date says, so it is always in the queue.
        """
        cutoff = (today or date.today()) - timedelta(days=365)
        return self.exclude(verification=Resource.Verification.CONFIRMED, last_verified__gte=cutoff)


class Resource(models.Model):
    """A service as a person meets it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Cost(models.TextChoices):
        FREE = "free", _("Free")
        SLIDING_SCALE = "sliding", _("Sliding scale")
        INSURANCE = "insurance", _("Insurance accepted")
        PAID = "paid", _("Paid")
        UNKNOWN = "unknown", _("Ask about cost")

    class ServiceArea(models.TextChoices):
        NATIONAL = "national", _("National")
        STATEWIDE = "statewide", _("Statewide")
        LOCAL = "local", _("Local")
        ONLINE = "online", _("Online only")

    class Verification(models.TextChoices):
        """How the listing was last checked: pages say exactly this, never more."""

        COMPILED = "compiled", _("Compiled from public sources")
        CONFIRMED = "confirmed", _("Confirmed with the service")
        IMPORTED = "imported", _("Imported from a data source")

    class ConfirmedVia(models.TextChoices):
        NONE = "", _("Not confirmed")
        PHONE = "phone", _("By phone")
        EMAIL = "email", _("By e-mail")

    class AddressVisibility(models.TextChoices):
        FULL = "full", _("Show the full address")
        CITY = "city", _("Show the city only")
        HIDDEN = "hidden", _("Hidden (shelters): shared by phone")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    # HSDS exports the address as a location record of its own; it keeps its own stable id.
    location_uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, validators=[validate_listing_slug])
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="resources", null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    # Listing text may also be written in Spanish; Spanish pages show it where it exists.
    description_es = models.TextField(_("description in Spanish"), blank=True)
    needs = models.ManyToManyField(Need, related_name="resources", blank=True)
    communities = models.ManyToManyField(Community, related_name="resources", blank=True)

    # How to reach them. Phone numbers are kept as people dial them (digits, +, spaces, dashes).
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_notes = models.CharField(_("phone notes"), max_length=200, blank=True)
    phone_notes_es = models.CharField(_("phone notes in Spanish"), max_length=200, blank=True)
    text_number = models.CharField(_("text line number"), max_length=40, blank=True)
    text_keyword = models.CharField(_("text keyword"), max_length=40, blank=True)
    tty = models.CharField(_("TTY"), max_length=40, blank=True)
    videophone = models.CharField(_("videophone"), max_length=40, blank=True)
    chat_url = models.URLField(_("chat address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # An organization's administrative line (a coalition's office): shown as an office line,
    # never as a line to call for help.
    office_phone = models.CharField(_("office phone (not a crisis line)"), max_length=40, blank=True)
    # A page of the service's own site that lists the local services (a coalition's member centres).
    local_help_url = models.URLField(_("page listing local services"), max_length=500, blank=True)
    # The state's (or territory's) coalition against sexual assault, or its separate domestic violence
    # coalition: it leads the state's page (/resources/states/<code>/).
    is_state_coalition = models.BooleanField(_("state or territory coalition"), default=False)
    # Some organizations train and support advocates and programs rather than helping survivors
    # directly; the listing says so.
    serves_advocates = models.BooleanField(
        _("trains and supports advocates rather than helping survivors directly"), default=False
    )

    cost = models.CharField(_("cost"), max_length=10, choices=Cost, default=Cost.UNKNOWN)
    cost_notes = models.CharField(_("cost notes"), max_length=300, blank=True)
    cost_notes_es = models.CharField(_("cost notes in Spanish"), max_length=300, blank=True)
    eligibility = models.TextField(_("who can use it"), blank=True)
    eligibility_es = models.TextField(_("who can use it, in Spanish"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    confidentiality = models.TextField(_("confidentiality"), blank=True)

    is_24_7 = models.BooleanField(_("open 24/7"), default=False)
    timezone = models.CharField(_("time zone"), max_length=40, default="America/New_York")
    hours_notes = models.CharField(_("hours notes"), max_length=300, blank=True)
    hours_notes_es = models.CharField(_("hours notes in Spanish"), max_length=300, blank=True)

    service_area = models.CharField(_("service area"), max_length=10, choices=ServiceArea, default=ServiceArea.LOCAL)
    service_radius_miles = models.PositiveSmallIntegerField(_("serves within (miles)"), null=True, blank=True)

    street = models.CharField(_("street"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True, choices=US_STATES)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    country = models.CharField(_("country"), max_length=2, default="US")
    address_visibility = models.CharField(
        _("address visibility"), max_length=10, choices=AddressVisibility, default=AddressVisibility.FULL
    )
    # The point used for distances, links, the API and exports. For a hidden address this is
    # always the ZIP code's centre, never the real point (see Resource.fill_location()).
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    source_url = models.URLField(_("source"), max_length=500, blank=True)
    # The publisher of the source when it is not the service itself (an import's data source, or
    # a secondary page such as a directory), and whether the source is secondary.
    source_name = models.CharField(_("source name"), max_length=200, blank=True)
    source_is_secondary = models.BooleanField(_("secondary source"), default=False)
    # Provenance: how and when the listing was last checked, and by whom (shown in admin only).
    verification = models.CharField(
        _("how it was checked"), max_length=10, choices=Verification, default=Verification.COMPILED
    )
    confirmed_via = models.CharField(_("confirmed"), max_length=10, choices=ConfirmedVia, blank=True, default="")
    last_verified = models.DateField(_("checked on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    # Set by maintainers: a higher priority ranks a listing higher in every search (RAINN is the
    # sexual assault line). 0 is ordinary.
    priority = models.SmallIntegerField(_("search priority"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    is_demo = models.BooleanField(_("sample listing"), default=False)
    # Imports (resources.hsds): the batch that last wrote the listing and the source's own record
    # id, so that a re-import updates the listing instead of adding a second one.
    import_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,  # a batch goes only with its listings (ImportBatch admin)
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("import batch"),
    )
    source_record_id = models.CharField(_("source record id"), max_length=200, blank=True)
    needs_review = models.BooleanField(_("needs a look"), default=False)
    review_reason = models.TextField(_("why it needs a look"), blank=True)
    possible_duplicate = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("possible duplicate of"),
    )
    # Set the first time the listing is published and never cleared: the two-person rule for
    # contact fields keeps applying after it is unpublished or archived (services.resource_save).
    was_published = models.BooleanField(_("has been published"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # PostgreSQL only: kept current by database triggers (see the search migration); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="resource_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="resource_longitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="resource_coordinates_both_or_neither",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(is_demo=True) | ~Q(source_url=""),
                name="resource_published_real_listing_has_source",
            ),
            # A re-import finds the listing by its source's record id.
            models.UniqueConstraint(
                fields=["source_name", "source_record_id"],
                condition=~Q(source_record_id=""),
                name="resource_source_record_unique",
            ),
            # "Confirmed with the service" says how and when; nothing else claims a confirmation.
            models.CheckConstraint(condition=~Q(slug__in=sorted(RESERVED_SLUGS)), name="resource_slug_not_reserved"),
            models.CheckConstraint(
                condition=(Q(verification="confirmed") & ~Q(confirmed_via="") & Q(last_verified__isnull=False))
                | (~Q(verification="confirmed") & Q(confirmed_via="")),
                name="resource_confirmed_says_how_and_when",
            ),
        ]
        indexes = [
            # The bounding box of a near-ZIP search: WHERE status=... AND latitude BETWEEN ... AND longitude BETWEEN ...
            models.Index(fields=["status", "latitude", "longitude"], name="resource_status_lat_lng"),
            # Grouping: national/online and statewide listings of a search.
            models.Index(fields=["status", "country", "service_area"], name="resource_status_area"),
            # open_now: SELECT DISTINCT timezone WHERE status = 'published' (an index-only scan).
            models.Index(fields=["status", "timezone"], name="resource_status_timezone"),
            # The "stale" admin filter and "last verified" sorting.
            models.Index(fields=["last_verified"], name="resource_last_verified"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.fill_location()
        if self.status == self.Status.PUBLISHED and not self.was_published:
            self.was_published = True
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "was_published"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("resources:detail", kwargs={"slug": self.slug})

    def fill_location(self) -> None:
        """Derive coordinates (and the state) from the ZIP code where needed.

        A hidden address never keeps its real point: its coordinates are the ZIP code's centre.
        Called by save(); bulk writers (the demo generator, importers) call it themselves.
        """
        from resources.geo import zip_location

        if self.country != "US" or not self.zip_code:
            if self.address_visibility == self.AddressVisibility.HIDDEN:
                self.latitude = self.longitude = None
            return
        found = zip_location(self.zip_code)
        if found is None:
            if self.address_visibility == self.AddressVisibility.HIDDEN:
                self.latitude = self.longitude = None
            return
        if self.address_visibility == self.AddressVisibility.HIDDEN or self.latitude is None:
            self.latitude, self.longitude = found.latitude, found.longitude
        if not self.state:
            self.state = found.state

    @property
    def address_shown(self) -> bool:
        return self.address_visibility == self.AddressVisibility.FULL

    @property
    def cost_summary(self) -> str:
        """The cost and its notes, without saying "Free" twice when the notes already begin with it."""
        label, notes = str(self.get_cost_display()), self.cost_notes.strip()
        if not notes:
            return label
        if notes.lower().startswith(label.lower()):
            return notes
        return f"{label}. {notes}"

    @property
    def is_free(self) -> bool:
        return self.cost == self.Cost.FREE


class ResourceLanguage(models.Model):
    """A language a service is offered in, as a BCP 47 tag (``es``, ``zh``, ``ase`` for ASL)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=20)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["resource", "code"], name="resource_language_unique")]
        # The language filter: WHERE code = 'es' -> resource ids.
        indexes = [models.Index(fields=["code", "resource"], name="resource_language_code")]

    def __str__(self) -> str:
        return self.code


class ResourceMode(models.Model):
    """A way the service is delivered (in person, phone, text, chat, video, e-mail, online)."""

    class Mode(models.TextChoices):
        IN_PERSON = "in-person", _("In person")
        PHONE = "phone", _("Phone")
        TEXT = "text", _("Text")
        CHAT = "chat", _("Chat")
        VIDEO = "video", _("Video")
        EMAIL = "email", _("E-mail")
        ONLINE = "online", _("Online")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="modes")
    mode = models.CharField(_("mode"), max_length=10, choices=Mode)

    class Meta:
        ordering = ["mode"]
        constraints = [models.UniqueConstraint(fields=["resource", "mode"], name="resource_mode_unique")]
        # The mode filter: WHERE mode = 'text' -> resource ids.
        indexes = [models.Index(fields=["mode", "resource"], name="resource_mode_mode")]

    def __str__(self) -> str:
        return self.get_mode_display()


class ResourceState(models.Model):
    """A US state or territory that a statewide service serves."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="states_served")
    state = models.CharField(_("state"), max_length=2, choices=US_STATES)

    class Meta:
        ordering = ["state"]
        constraints = [models.UniqueConstraint(fields=["resource", "state"], name="resource_state_unique")]
        # "Across <state>": WHERE state = 'IL' -> resource ids.
        indexes = [models.Index(fields=["state", "resource"], name="resource_state_state")]

    def __str__(self) -> str:
        return self.state


class OpeningHours(models.Model):
    """One span of opening hours in the listing's own time zone. ``closes`` earlier than
    ``opens`` means the span runs past midnight into the next day."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="opening_hours_weekday_valid"),
            models.CheckConstraint(condition=~Q(opens=models.F("closes")), name="opening_hours_not_empty"),
        ]
        # open_now: WHERE weekday = ? AND opens <= ? (per listing) -> resource ids.
        indexes = [models.Index(fields=["weekday", "resource"], name="opening_hours_weekday")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class ListingChange(models.Model):
    """One field of one listing changed: who, when, before and after.

    Changes to a published listing's phone, text line, chat or web address wait as PENDING until
    a second maintainer confirms them (settings.LISTING_TWO_PERSON_RULE).
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        PENDING = "pending", _("Waiting for a second maintainer")
        DECLINED = "declined", _("Declined")

    resource = models.ForeignKey(Resource, on_delete=models.SET_NULL, null=True, related_name="changes")
    resource_name = models.CharField(max_length=200)
    field = models.CharField(max_length=60)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.APPLIED)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    # Set when an import made the change: a listing's history shows each import as one batch.
    import_batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("listing change")
        verbose_name_plural = _("listing changes")
        # The pending queue and a listing's history.
        indexes = [
            models.Index(fields=["status", "changed_at"], name="listing_change_status"),
            models.Index(fields=["resource", "changed_at"], name="listing_change_resource"),
        ]

    def __str__(self) -> str:
        return f"{self.resource_name}: {self.field}"


class ListingReport(models.Model):
    """A visitor's report of wrong or outdated information. No personal data is asked for."""

    class Problem(models.TextChoices):
        PHONE = "phone", _("The phone number or contact details are wrong")
        HOURS = "hours", _("The hours are wrong")
        ADDRESS = "address", _("The address is wrong")
        CLOSED = "closed", _("This service has closed")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="reports")
    problem = models.CharField(_("what is wrong"), max_length=10, choices=Problem)
    details = models.TextField(_("details"), blank=True, max_length=2000)
    submitted_on = models.DateField(_("submitted on"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "submitted_on", "id"]
        verbose_name = _("listing report")
        verbose_name_plural = _("listing reports")
        # The open-reports queue and its count on the admin index.
        indexes = [models.Index(fields=["status", "submitted_on"], name="listing_report_status")]

    def __str__(self) -> str:
        return f"{self.get_problem_display()} ({self.submitted_on})"


class ResourceSuggestion(models.Model):
    """An organization suggests a listing. Never published automatically."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ADDED = "added", _("Added to the directory")
        DECLINED = "declined", _("Declined")

    organization_name = models.CharField(_("organization"), max_length=200)
    service_name = models.CharField(_("service name"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    area = models.CharField(_("where it serves"), max_length=200, blank=True)
    description = models.TextField(_("what it offers"), max_length=3000)
    source_url = models.URLField(_("where we can check this"), blank=True)
    submitted_on = models.DateField(_("submitted on"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.NEW)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "submitted_on", "id"]
        verbose_name = _("listing suggestion")
        verbose_name_plural = _("listing suggestions")
        # The suggestions queue and its count on the admin index.
        indexes = [models.Index(fields=["status", "submitted_on"], name="resource_suggestion_status")]

    def __str__(self) -> str:
        return self.organization_name


class VocabularyEntry(NamedTuple):
    """One search term as plain values: its alternative words, and its needs and communities as
    (slug, name, Spanish name)."""

    alternatives: list[str]
    needs: list[tuple[str, str, str]]
    communities: list[tuple[str, str, str]]


class SearchTermQuerySet(models.QuerySet["SearchTerm"]):
    def as_vocabulary(self) -> dict[str, VocabularyEntry]:
        """{phrase: entry}: what resources.query reads, in three queries of plain rows (building
        model instances and prefetching their relations cost four times as much)."""
        entries: dict[int, tuple[str, VocabularyEntry]] = {}
        for pk, phrase, words in self.values_list("pk", "phrase", "words"):
            alternatives = [part.strip() for part in words.split(",") if part.strip()]
            entries[pk] = (phrase, VocabularyEntry(alternatives, [], []))
        # In the taxonomy's own order (TaxonomyTerm.Meta.ordering), as the prefetch gave them.
        for kind, through, field in (("needs", SearchTerm.needs.through, "need"),
                                     ("communities", SearchTerm.communities.through, "community")):  # fmt: skip
            rows = through.objects.values_list("searchterm_id", f"{field}__slug", f"{field}__name", f"{field}__name_es")
            for pk, slug, name, name_es in rows.order_by(f"{field}__order", f"{field}__name"):
                if pk in entries:
                    getattr(entries[pk][1], kind).append((slug, name, name_es))
        return dict(entries.values())


class SearchTerm(models.Model):
    """What people type, in their words: an everyday, clinical or slang word (or verb form), in
    English or Spanish, and what it means to the directory.

    A term adds its words to the search as alternatives ("therapy" also searches "counseling"), and
    its needs and communities make listings tagged with them match: a boost, never a filter.
    Maintainers edit the vocabulary in admin; every edit is kept in the admin's history.
    """

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        SPANISH = "es", _("Spanish")

    phrase = models.CharField(
        _("what people type"), max_length=80, unique=True,
        help_text=_("One word or a short phrase. Stored in lower case without accents."),
    )  # fmt: skip
    language = models.CharField(_("language"), max_length=2, choices=Language, default=Language.ENGLISH)
    words = models.CharField(
        _("also search for"), max_length=300, blank=True,
        help_text=_("Words or phrases, separated by commas, that a listing may use instead."),
    )  # fmt: skip
    needs = models.ManyToManyField(Need, related_name="search_terms", blank=True, verbose_name=_("needs"))
    communities = models.ManyToManyField(
        Community, related_name="search_terms", blank=True, verbose_name=_("communities")
    )

    objects = SearchTermQuerySet.as_manager()

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("search term")
        verbose_name_plural = _("search vocabulary")

    def __str__(self) -> str:
        return self.phrase

    def save(self, *args, **kwargs) -> None:
        from resources.words import tokens

        self.phrase = " ".join(tokens(self.phrase))
        super().save(*args, **kwargs)

    @property
    def alternatives(self) -> list[str]:
        return [part.strip() for part in self.words.split(",") if part.strip()]
