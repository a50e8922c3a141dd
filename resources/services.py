"""Write-side workflows of the directory: every change to a listing is recorded.

A wrong hotline number is the worst harm this site can do, so:
- every changed field of a listing (its own fields and its needs, communities, languages,
  delivery modes, states served and opening hours) is written to ``ListingChange`` with who,
  when, before and after;
- a change to the phone, text line, TTY/videophone, chat or web address of a listing that is or
  has ever been published is held as PENDING and only reaches visitors when a different
  maintainer confirms it (``settings.LISTING_TWO_PERSON_RULE``, on by default). "Ever" matters:
  otherwise one maintainer could unpublish a listing, change its phone and publish it again.

Views, admin actions and management commands call these functions; nothing here is in signals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, time
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metoo_site.pagecache import bump_now_and_after_commit
from resources.models import (
    Community,
    ListingChange,
    ListingReport,
    Need,
    OpeningHours,
    Resource,
    ResourceLanguage,
    ResourceMode,
    ResourceState,
    ResourceSuggestion,
)

if TYPE_CHECKING:
    # The project uses Django's default user model (no AUTH_USER_MODEL); annotations only.
    from django.contrib.auth.models import User

# The listing's own fields that the history records (ids, timestamps and the search vector are
# derived, so they are left out).
TRACKED_FIELDS: tuple[str, ...] = (
    "name", "slug", "organization", "description", "description_es",
    "phone", "phone_notes", "phone_notes_es", "text_number", "text_keyword", "tty", "videophone", "chat_url",
    "website", "email", "office_phone", "local_help_url", "serves_advocates",
    "is_state_coalition",
    "cost", "cost_notes", "cost_notes_es", "eligibility", "eligibility_es", "accessibility", "confidentiality",
    "is_24_7", "timezone", "hours_notes", "hours_notes_es", "service_area", "service_radius_miles",
    "street", "city", "state", "zip_code", "country", "address_visibility", "latitude", "longitude",
    "source_url", "source_name", "source_is_secondary", "verification", "confirmed_via", "last_verified",
    "verified_by", "priority", "status", "is_demo",
)  # fmt: skip
RELATED_FIELDS: tuple[str, ...] = ("needs", "communities", "languages", "modes", "states_served", "opening_hours")

# How a person reaches the service: changes to these on a published listing wait for a second
# maintainer.
GUARDED_FIELDS: tuple[str, ...] = (
    "phone", "text_number", "text_keyword", "tty", "videophone", "chat_url", "website", "office_phone",
    "local_help_url",
)  # fmt: skip

Snapshot = dict[str, str]
HoursSpan = tuple[int, time, time]


class DirectoryError(Exception):
    """A workflow refused to do something; the message is safe to show to a maintainer."""


class ListingChangeError(DirectoryError):
    pass


# --- snapshots and history ----------------------------------------------------------------------


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _hours_text(spans: Iterable[HoursSpan]) -> str:
    return "; ".join(f"{weekday} {opens:%H:%M}-{closes:%H:%M}" for weekday, opens, closes in sorted(spans))


def resource_snapshot(resource_id: int | None) -> Snapshot:
    """Every tracked field of the stored listing as text; empty for a listing not saved yet."""
    if resource_id is None:
        return {}
    resource = Resource.objects.select_related("organization").filter(pk=resource_id).first()
    if resource is None:
        return {}
    snapshot = {name: _as_text(getattr(resource, name)) for name in TRACKED_FIELDS}
    snapshot["needs"] = ", ".join(sorted(resource.needs.values_list("slug", flat=True)))
    snapshot["communities"] = ", ".join(sorted(resource.communities.values_list("slug", flat=True)))
    snapshot["languages"] = ", ".join(sorted(resource.languages.values_list("code", flat=True)))
    snapshot["modes"] = ", ".join(sorted(resource.modes.values_list("mode", flat=True)))
    snapshot["states_served"] = ", ".join(sorted(resource.states_served.values_list("state", flat=True)))
    snapshot["opening_hours"] = _hours_text(resource.opening_hours.values_list("weekday", "opens", "closes"))
    return snapshot


def resource_record_changes(
    *, resource: Resource, before: Snapshot, changed_by: User | None, skip: Iterable[str] = ()
) -> list[ListingChange]:
    """Write one APPLIED ``ListingChange`` for each field whose stored value differs from ``before``."""
    after = resource_snapshot(resource.pk)
    skipped = set(skip)
    changes = [
        ListingChange(
            resource=resource,
            resource_name=resource.name[:200],
            field=field,
            before=before.get(field, ""),
            after=value,
            status=ListingChange.Status.APPLIED,
            changed_by=changed_by,
        )
        for field, value in after.items()
        if field not in skipped and value != before.get(field, "")
    ]
    return ListingChange.objects.bulk_create(changes)


def _two_person_rule_applies(*, resource: Resource, before: Snapshot) -> bool:
    """On for a listing that is published or ever was (read from the database, not the instance)."""
    if not settings.LISTING_TWO_PERSON_RULE or not before:
        return False
    if before.get("status") == Resource.Status.PUBLISHED:
        return True
    return Resource.objects.filter(pk=resource.pk, was_published=True).exists()


def _hold_guarded_fields(*, resource: Resource, before: Snapshot) -> list[tuple[str, str, str]]:
    """Put guarded fields back to their stored value; return (field, before, after) to hold."""
    if not _two_person_rule_applies(resource=resource, before=before):
        return []
    held = []
    for field in GUARDED_FIELDS:
        wanted = _as_text(getattr(resource, field))
        if wanted != before[field]:
            held.append((field, before[field], wanted))
            setattr(resource, field, before[field])
    return held


def _set_relations(
    *,
    resource: Resource,
    needs: Iterable[str] | None,
    communities: Iterable[str] | None,
    languages: Iterable[str] | None,
    modes: Iterable[str] | None,
    states: Iterable[str] | None,
    opening_hours: Iterable[HoursSpan] | None,
) -> None:
    if needs is not None:
        resource.needs.set(Need.objects.filter(slug__in=list(needs)))
    if communities is not None:
        resource.communities.set(Community.objects.filter(slug__in=list(communities)))
    # ``model`` is one of three different models, each used with its own value field.
    value_relations: tuple[tuple[Iterable[str] | None, Any, str], ...] = (
        (languages, ResourceLanguage, "code"),
        (modes, ResourceMode, "mode"),
        (states, ResourceState, "state"),
    )
    for values, model, attribute in value_relations:
        if values is None:
            continue
        wanted = set(values)
        current = set(model.objects.filter(resource=resource).values_list(attribute, flat=True))
        model.objects.filter(resource=resource, **{f"{attribute}__in": current - wanted}).delete()
        model.objects.bulk_create(
            [model(resource=resource, **{attribute: value}) for value in sorted(wanted - current)]
        )
    if opening_hours is not None:
        spans = sorted(set(opening_hours))
        current_spans = sorted(resource.opening_hours.values_list("weekday", "opens", "closes"))
        if spans != current_spans:
            resource.opening_hours.all().delete()
            OpeningHours.objects.bulk_create(
                [OpeningHours(resource=resource, weekday=d, opens=o, closes=c) for d, o, c in spans]
            )


@transaction.atomic
def resource_save(
    *,
    resource: Resource,
    changed_by: User | None,
    needs: Iterable[str] | None = None,
    communities: Iterable[str] | None = None,
    languages: Iterable[str] | None = None,
    modes: Iterable[str] | None = None,
    states: Iterable[str] | None = None,
    opening_hours: Iterable[HoursSpan] | None = None,
    record_applied: bool = True,
) -> list[ListingChange]:
    """Create or update a listing and record every changed field.

    Related values left as None are not touched. On a listing that is or has ever been published,
    a changed phone, text line, TTY/videophone, chat or web address is not saved but held as a
    PENDING change for a second maintainer. ``record_applied=False`` is for the admin, which saves related objects
    after the listing and records the applied changes itself (see ``resource_record_changes``).
    Returns the changes written.
    """
    before = resource_snapshot(resource.pk)
    held = _hold_guarded_fields(resource=resource, before=before)
    # A new ZIP moves the point (and the state), unless the maintainer set them too.
    point_kept = before and (_as_text(resource.latitude), _as_text(resource.longitude)) == (
        before["latitude"],
        before["longitude"],
    )
    if point_kept and resource.zip_code != before["zip_code"]:
        resource.latitude = resource.longitude = None
        if resource.state == before["state"]:
            resource.state = ""  # filled again from the new ZIP code
    resource.save()
    _set_relations(
        resource=resource,
        needs=needs,
        communities=communities,
        languages=languages,
        modes=modes,
        states=states,
        opening_hours=opening_hours,
    )
    changes = resource_record_changes(resource=resource, before=before, changed_by=changed_by) if record_applied else []
    pending = [
        ListingChange(
            resource=resource,
            resource_name=resource.name[:200],
            field=field,
            before=old,
            after=new,
            status=ListingChange.Status.PENDING,
            changed_by=changed_by,
        )
        for field, old, new in held
    ]
    return changes + ListingChange.objects.bulk_create(pending)


@transaction.atomic
def resource_create_many(
    *,
    listings: Sequence[tuple[Resource, dict[str, Any]]],
    changed_by: User | None,
    import_batch: Any = None,
) -> list[Resource]:
    """Create many new listings at once (an import), each with its whole history, in a few queries.

    ``listings`` pairs an unsaved Resource with its relations (the keyword arguments of
    ``resource_save``: needs, communities, languages, modes, states, opening_hours). The history is
    what ``resource_save`` writes for a new listing: one APPLIED change per field that has a value,
    tagged with ``import_batch``. New listings have no guarded contact change to hold.
    """
    resources = [resource for resource, _ in listings]
    for resource in resources:
        resource.fill_location()
        if resource.status == Resource.Status.PUBLISHED:
            resource.was_published = True
    Resource.objects.bulk_create(resources, batch_size=500)
    needs = dict(Need.objects.values_list("slug", "pk"))
    communities = dict(Community.objects.values_list("slug", "pk"))
    need_links, community_links, languages, modes, states, hours, changes = [], [], [], [], [], [], []
    for resource, relations in listings:
        need_slugs = sorted(slug for slug in relations.get("needs") or () if slug in needs)
        community_slugs = sorted(slug for slug in relations.get("communities") or () if slug in communities)
        need_links += [Resource.needs.through(resource_id=resource.pk, need_id=needs[slug]) for slug in need_slugs]
        community_links += [
            Resource.communities.through(resource_id=resource.pk, community_id=communities[slug])
            for slug in community_slugs
        ]
        language_codes = sorted(set(relations.get("languages") or ()))
        mode_values = sorted(set(relations.get("modes") or ()))
        state_codes = sorted(set(relations.get("states") or ()))
        spans = sorted(set(relations.get("opening_hours") or ()))
        languages += [ResourceLanguage(resource=resource, code=code) for code in language_codes]
        modes += [ResourceMode(resource=resource, mode=mode) for mode in mode_values]
        states += [ResourceState(resource=resource, state=state) for state in state_codes]
        hours += [OpeningHours(resource=resource, weekday=d, opens=o, closes=c) for d, o, c in spans]
        after = {name: _as_text(getattr(resource, name)) for name in TRACKED_FIELDS}
        after.update(
            needs=", ".join(need_slugs),
            communities=", ".join(community_slugs),
            languages=", ".join(language_codes),
            modes=", ".join(mode_values),
            states_served=", ".join(state_codes),
            opening_hours=_hours_text(spans),
        )
        changes += [
            ListingChange(
                resource=resource,
                resource_name=resource.name[:200],
                field=field,
                before="",
                after=value,
                changed_by=changed_by,
                import_batch=import_batch,
            )
            for field, value in after.items()
            if value
        ]
    # Each model is paired with rows of its own type.
    tables: tuple[tuple[Any, list[Any]], ...] = (
        (Resource.needs.through, need_links),
        (Resource.communities.through, community_links),
        (ResourceLanguage, languages),
        (ResourceMode, modes),
        (ResourceState, states),
        (OpeningHours, hours),
        (ListingChange, changes),
    )
    for model, rows in tables:
        model.objects.bulk_create(rows, batch_size=1000)
    bump_now_and_after_commit()  # bulk_create sends no post_save: cached pages must learn of these
    return resources


@transaction.atomic
def listing_change_confirm(*, change: ListingChange, confirmed_by: User) -> ListingChange:
    """A second maintainer confirms a held change: it is applied to the listing now."""
    change = ListingChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ListingChange.Status.PENDING:
        raise ListingChangeError(_("This change is not waiting for confirmation."))
    if change.changed_by_id is not None and change.changed_by_id == confirmed_by.pk:
        raise ListingChangeError(_("A different maintainer must confirm this change: you made it."))
    # ``resource_id`` is None once the listing was deleted: then no row matches and ``first()`` is None.
    resource = Resource.objects.select_for_update().filter(pk=cast(int, change.resource_id)).first()
    if resource is None:
        raise ListingChangeError(_("The listing no longer exists."))
    if _as_text(getattr(resource, change.field)) != change.before:
        raise ListingChangeError(
            _("The listing's %(field)s has changed since; decline this change and make it again.")
            % {"field": change.field}
        )
    setattr(resource, change.field, change.after)
    resource.save(update_fields=[change.field, "updated_at"])
    change.status = ListingChange.Status.APPLIED
    change.decided_by = confirmed_by
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    return change


def listing_change_decline(*, change: ListingChange, declined_by: User) -> ListingChange:
    """Drop a held change; the listing keeps its current value. Anyone may decline, even its author."""
    if change.status != ListingChange.Status.PENDING:
        raise ListingChangeError(_("This change is not waiting for confirmation."))
    change.status = ListingChange.Status.DECLINED
    change.decided_by = declined_by
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    return change


@transaction.atomic
def resource_delete(*, resource: Resource, deleted_by: User | None) -> None:
    """Delete a listing; its history stays, with one last entry saying who deleted it."""
    ListingChange.objects.create(
        resource=resource,
        resource_name=resource.name[:200],
        field="deleted",
        before=resource.slug,
        after="",
        changed_by=deleted_by,
    )
    resource.delete()


# --- confirming a listing with the service -------------------------------------------------------


@transaction.atomic
def resource_confirm(*, resource: Resource, by: User, via: str, on: date) -> Resource:
    """A maintainer confirmed this one listing with the service itself, by phone or e-mail, on a date.

    Pages then say "Confirmed with the service on <date>"; the history records who did it (the
    public pages never do). Reading the service's web site is not a confirmation: a listing
    compiled from public pages stays "compiled" until someone has spoken or written to the service.
    """
    if via not in (Resource.ConfirmedVia.PHONE, Resource.ConfirmedVia.EMAIL):
        raise DirectoryError(_("Say how the service confirmed the listing: by phone or by e-mail."))
    if on > timezone.localdate():
        raise DirectoryError(_("The date of the confirmation cannot be in the future."))
    resource.verification = Resource.Verification.CONFIRMED
    resource.confirmed_via = via
    resource.last_verified = on
    resource.verified_by = by
    resource_save(resource=resource, changed_by=by)
    return resource


def resource_publish(*, resource: Resource, published_by: User | None) -> Resource:
    if not resource.is_demo and not resource.source_url:
        raise DirectoryError(
            _("“%(name)s” needs a source address before it can be published.") % {"name": resource.name}
        )
    resource.status = Resource.Status.PUBLISHED
    resource_save(resource=resource, changed_by=published_by)
    return resource


def resource_archive(*, resource: Resource, archived_by: User | None) -> Resource:
    resource.status = Resource.Status.ARCHIVED
    resource_save(resource=resource, changed_by=archived_by)
    return resource


# --- visitors' reports and suggestions ----------------------------------------------------------


def report_submit(*, resource: Resource, problem: str, details: str = "") -> ListingReport:
    """A visitor says something on a listing is wrong. Nothing about the visitor is stored."""
    return ListingReport.objects.create(resource=resource, problem=problem, details=details.strip())


def report_resolve(*, report: ListingReport, resolved_by: User) -> ListingReport:
    report.status = ListingReport.Status.RESOLVED
    report.resolved_by = resolved_by
    report.resolved_at = timezone.now()
    report.save(update_fields=["status", "resolved_by", "resolved_at"])
    return report


def suggestion_submit(
    *,
    organization_name: str,
    description: str,
    service_name: str = "",
    website: str = "",
    phone: str = "",
    area: str = "",
    source_url: str = "",
) -> ResourceSuggestion:
    """An organization suggests a listing. It waits in the admin queue and is never published by itself."""
    return ResourceSuggestion.objects.create(
        organization_name=organization_name.strip(),
        service_name=service_name.strip(),
        website=website.strip(),
        phone=phone.strip(),
        area=area.strip(),
        description=description.strip(),
        source_url=source_url.strip(),
    )


def suggestion_decide(*, suggestion: ResourceSuggestion, decided_by: User, status: str) -> ResourceSuggestion:
    """Mark a suggestion as added (a maintainer wrote the listing) or declined."""
    allowed: Sequence[str] = (ResourceSuggestion.Status.ADDED, ResourceSuggestion.Status.DECLINED)
    if status not in allowed:
        raise DirectoryError(_("A suggestion can only be marked as added or declined."))
    suggestion.status = status
    suggestion.decided_by = decided_by
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    return suggestion
