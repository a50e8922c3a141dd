"""Every change to a listing is recorded, and contact changes to a published listing wait for a second maintainer."""

from __future__ import annotations

from datetime import date, time

import pytest

from resources import services
from resources.models import ListingChange, Resource


def _changes(resource: Resource) -> dict[str, ListingChange]:
    return {change.field: change for change in ListingChange.objects.filter(resource=resource)}


@pytest.mark.django_db
def test_creating_a_listing_records_each_filled_field(admin_user):
    resource = Resource(name="Harbor Light Safe House", slug="harbor-light", source_url="https://example.org/a")
    services.resource_save(resource=resource, changed_by=admin_user, needs=["shelter-housing"], languages=["en", "es"])
    changes = _changes(resource)
    assert changes["name"].before == "" and changes["name"].after == "Harbor Light Safe House"
    assert changes["needs"].after == "shelter-housing"
    assert changes["languages"].after == "en, es"
    assert all(change.changed_by == admin_user for change in changes.values())
    assert all(change.status == ListingChange.Status.APPLIED for change in changes.values())


@pytest.mark.django_db
def test_a_changed_field_is_recorded_with_who_when_before_and_after(make_resource, admin_user):
    resource = make_resource(description="Old words.")
    resource.description = "New words."
    services.resource_save(resource=resource, changed_by=admin_user)
    [change] = ListingChange.objects.filter(resource=resource)
    assert (change.field, change.before, change.after) == ("description", "Old words.", "New words.")
    assert change.changed_by == admin_user and change.changed_at is not None
    resource.refresh_from_db()
    assert resource.description == "New words."


@pytest.mark.django_db
def test_saving_without_changes_records_nothing(make_resource, admin_user):
    resource = make_resource()
    services.resource_save(resource=resource, changed_by=admin_user)
    assert not ListingChange.objects.exists()


@pytest.mark.django_db
def test_changes_to_needs_communities_languages_modes_states_and_hours_are_recorded(make_resource, admin_user):
    resource = make_resource()
    services.resource_save(
        resource=resource,
        changed_by=admin_user,
        needs=["legal", "advocacy"],
        communities=["latinx"],
        languages=["es"],
        modes=["phone", "in-person"],
        states=["IL"],
        opening_hours=[(0, time(9), time(17)), (4, time(18), time(2))],
    )
    changes = _changes(resource)
    assert changes["needs"].after == "advocacy, legal"
    assert changes["communities"].after == "latinx"
    assert changes["languages"].after == "es"
    assert changes["modes"].after == "in-person, phone"
    assert changes["states_served"].after == "IL"
    assert changes["opening_hours"].after == "0 09:00-17:00; 4 18:00-02:00"

    ListingChange.objects.all().delete()
    services.resource_save(resource=resource, changed_by=admin_user, languages=["es", "ase"], needs=["legal"])
    changes = _changes(resource)
    assert (changes["languages"].before, changes["languages"].after) == ("es", "ase, es")
    assert (changes["needs"].before, changes["needs"].after) == ("advocacy, legal", "legal")
    assert set(changes) == {"languages", "needs"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "312-555-0199"),
        ("text_number", "741741"),
        ("text_keyword", "HOME"),
        ("tty", "711"),
        ("videophone", "312-555-0111"),
        ("chat_url", "https://chat.example.org/"),
        ("website", "https://other.example.org/"),
    ],
)
def test_a_contact_change_to_a_published_listing_waits_for_a_second_maintainer(make_resource, admin_user, field, value):
    resource = make_resource()
    stored_before = getattr(resource, field)
    setattr(resource, field, value)
    services.resource_save(resource=resource, changed_by=admin_user)
    resource.refresh_from_db()
    assert getattr(resource, field) == stored_before
    change = ListingChange.objects.get(resource=resource, field=field)
    assert change.status == ListingChange.Status.PENDING
    assert (change.before, change.after) == (stored_before, value)


@pytest.mark.django_db
def test_the_same_maintainer_cannot_confirm_their_own_change(make_resource, admin_user):
    resource = make_resource()
    resource.phone = "312-555-0199"
    [change] = services.resource_save(resource=resource, changed_by=admin_user)
    with pytest.raises(services.ListingChangeError):
        services.listing_change_confirm(change=change, confirmed_by=admin_user)
    resource.refresh_from_db()
    assert resource.phone == "312-555-0100"


@pytest.mark.django_db
def test_a_second_maintainer_confirms_and_the_change_is_applied(make_resource, admin_user, second_maintainer):
    resource = make_resource()
    resource.phone = "312-555-0199"
    [change] = services.resource_save(resource=resource, changed_by=admin_user)
    services.listing_change_confirm(change=change, confirmed_by=second_maintainer)
    resource.refresh_from_db()
    change.refresh_from_db()
    assert resource.phone == "312-555-0199"
    assert change.status == ListingChange.Status.APPLIED
    assert change.decided_by == second_maintainer and change.decided_at is not None
    with pytest.raises(services.ListingChangeError):
        services.listing_change_confirm(change=change, confirmed_by=second_maintainer)


@pytest.mark.django_db
def test_a_declined_change_leaves_the_listing_as_it_was(make_resource, admin_user):
    resource = make_resource()
    resource.website = "https://wrong.example.org/"
    [change] = services.resource_save(resource=resource, changed_by=admin_user)
    services.listing_change_decline(change=change, declined_by=admin_user)
    resource.refresh_from_db()
    change.refresh_from_db()
    assert resource.website == "https://riverbend.example.org/"
    assert change.status == ListingChange.Status.DECLINED


@pytest.mark.django_db
def test_confirming_is_refused_when_the_field_changed_since(make_resource, admin_user, second_maintainer):
    resource = make_resource()
    resource.phone = "312-555-0199"
    [change] = services.resource_save(resource=resource, changed_by=admin_user)
    Resource.objects.filter(pk=resource.pk).update(phone="312-555-0142")
    with pytest.raises(services.ListingChangeError):
        services.listing_change_confirm(change=change, confirmed_by=second_maintainer)
    resource.refresh_from_db()
    assert resource.phone == "312-555-0142"


@pytest.mark.django_db
def test_other_fields_of_the_same_save_are_applied_at_once(make_resource, admin_user):
    resource = make_resource()
    resource.phone = "312-555-0199"
    resource.description = "Now open on Saturdays."
    services.resource_save(resource=resource, changed_by=admin_user)
    resource.refresh_from_db()
    assert resource.description == "Now open on Saturdays."
    assert resource.phone == "312-555-0100"
    assert _changes(resource)["description"].status == ListingChange.Status.APPLIED


@pytest.mark.django_db
def test_contact_changes_to_a_draft_apply_at_once(make_resource, admin_user):
    resource = make_resource(status=Resource.Status.DRAFT)
    resource.phone = "312-555-0199"
    services.resource_save(resource=resource, changed_by=admin_user)
    resource.refresh_from_db()
    assert resource.phone == "312-555-0199"
    assert _changes(resource)["phone"].status == ListingChange.Status.APPLIED


@pytest.mark.django_db
def test_a_one_person_team_can_turn_the_two_person_rule_off(make_resource, admin_user, settings):
    settings.LISTING_TWO_PERSON_RULE = False
    resource = make_resource()
    resource.phone = "312-555-0199"
    services.resource_save(resource=resource, changed_by=admin_user)
    resource.refresh_from_db()
    assert resource.phone == "312-555-0199"
    assert not ListingChange.objects.filter(status=ListingChange.Status.PENDING).exists()


@pytest.mark.django_db
def test_a_new_zip_code_moves_the_point(make_resource, admin_user):
    resource = make_resource(zip_code="60601")
    chicago = (resource.latitude, resource.longitude)
    resource.zip_code = "10001"
    services.resource_save(resource=resource, changed_by=admin_user)
    resource.refresh_from_db()
    assert (resource.latitude, resource.longitude) != chicago
    assert resource.state == "NY"
    assert {"zip_code", "latitude", "longitude"} <= set(_changes(resource))


@pytest.mark.django_db
def test_confirm_publish_and_archive_are_recorded(make_resource, admin_user):
    resource = make_resource(status=Resource.Status.DRAFT, last_verified=None)
    services.resource_confirm(resource=resource, by=admin_user, via="phone", on=date(2026, 11, 29))
    services.resource_publish(resource=resource, published_by=admin_user)
    services.resource_archive(resource=resource, archived_by=admin_user)
    resource.refresh_from_db()
    assert resource.last_verified == date(2026, 11, 29)
    assert resource.status == Resource.Status.ARCHIVED
    statuses = list(
        ListingChange.objects.filter(resource=resource, field="status").order_by("id").values_list("before", "after")
    )
    assert statuses == [("draft", "published"), ("published", "archived")]
    assert ListingChange.objects.get(resource=resource, field="last_verified").after == "2026-11-29"


@pytest.mark.django_db
def test_a_real_listing_without_a_source_cannot_be_published(make_resource, admin_user):
    resource = make_resource(status=Resource.Status.DRAFT, source_url="")
    with pytest.raises(services.DirectoryError):
        services.resource_publish(resource=resource, published_by=admin_user)
    resource.refresh_from_db()
    assert resource.status == Resource.Status.DRAFT


@pytest.mark.django_db
def test_history_outlives_a_deleted_listing(make_resource, admin_user):
    resource = make_resource()
    resource.description = "Changed."
    services.resource_save(resource=resource, changed_by=admin_user)
    resource.delete()
    change = ListingChange.objects.get()
    assert change.resource is None and change.resource_name == "Riverbend Rape Crisis Center"


# --- the two-person rule cannot be stepped around by unpublishing first ---------------------------


def _unpublish_change_and_republish(resource: Resource, maintainer, **contact) -> None:
    resource.status = Resource.Status.DRAFT
    services.resource_save(resource=resource, changed_by=maintainer)
    for field, value in contact.items():
        setattr(resource, field, value)
    services.resource_save(resource=resource, changed_by=maintainer)
    services.resource_publish(resource=resource, published_by=maintainer)


@pytest.mark.django_db
def test_unpublishing_changing_the_phone_and_republishing_still_waits_for_a_second_maintainer(
    make_resource, admin_user
):
    resource = make_resource()
    _unpublish_change_and_republish(resource, admin_user, phone="312-555-0666")
    resource.refresh_from_db()
    assert resource.status == Resource.Status.PUBLISHED
    assert resource.phone == "312-555-0100"
    change = ListingChange.objects.get(resource=resource, field="phone")
    assert change.status == ListingChange.Status.PENDING and change.after == "312-555-0666"


@pytest.mark.django_db
def test_republishing_with_a_new_phone_in_one_save_waits_for_a_second_maintainer(make_resource, admin_user):
    resource = make_resource()
    resource.status = Resource.Status.ARCHIVED
    services.resource_save(resource=resource, changed_by=admin_user)
    resource.status = Resource.Status.PUBLISHED
    resource.website = "https://lookalike.example.org/"
    services.resource_save(resource=resource, changed_by=admin_user)
    resource.refresh_from_db()
    assert resource.website == "https://riverbend.example.org/"
    assert ListingChange.objects.get(resource=resource, field="website").status == ListingChange.Status.PENDING


@pytest.mark.django_db
def test_a_listing_remembers_it_was_published_once(make_resource, admin_user):
    draft = make_resource(status=Resource.Status.DRAFT, slug="never-published")
    assert draft.was_published is False
    published = make_resource()
    assert published.was_published is True
    services.resource_archive(resource=published, archived_by=admin_user)
    published.refresh_from_db()
    assert published.was_published is True


@pytest.mark.django_db
def test_a_second_maintainer_can_confirm_a_change_held_while_unpublished(make_resource, admin_user, second_maintainer):
    resource = make_resource()
    resource.status = Resource.Status.DRAFT
    services.resource_save(resource=resource, changed_by=admin_user)
    resource.phone = "312-555-0199"
    [change] = [c for c in services.resource_save(resource=resource, changed_by=admin_user) if c.field == "phone"]
    services.listing_change_confirm(change=change, confirmed_by=second_maintainer)
    resource.refresh_from_db()
    assert resource.phone == "312-555-0199"
