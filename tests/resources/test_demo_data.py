"""Sample listings: realistic, spread over real ZIP codes, always marked as samples, removable."""

from __future__ import annotations

import re
from datetime import time

import pytest
from django.core.management import CommandError, call_command

from resources.geo import zip_location
from resources.models import OpeningHours, Organization, Resource, ResourceLanguage, ResourceState

QUIET = {"stdout": open("/dev/null", "w")}  # noqa: SIM115


@pytest.fixture
def samples(db) -> None:
    call_command("generate_demo_resources", "100", "--seed", "7", **QUIET)


@pytest.mark.usefixtures("samples")
def test_every_sample_is_marked_as_demo_with_a_demo_organization():
    assert Resource.objects.count() == 100
    assert not Resource.objects.filter(is_demo=False).exists()
    assert not Organization.objects.filter(is_demo=False).exists()
    assert all(name.endswith("(sample)") for name in Resource.objects.values_list("name", flat=True))


@pytest.mark.usefixtures("samples")
def test_published_samples_remember_it_for_the_two_person_rule():
    # bulk_create skips Resource.save(), so the generator sets the flag itself.
    published = Resource.objects.filter(status=Resource.Status.PUBLISHED)
    assert published.exists()
    assert not published.filter(was_published=False).exists()
    assert not Resource.objects.exclude(status=Resource.Status.PUBLISHED).filter(was_published=True).exists()


@pytest.mark.usefixtures("samples")
def test_samples_mix_local_statewide_and_national_listings():
    areas = set(Resource.objects.values_list("service_area", flat=True))
    assert {"local", "statewide", "national"} <= areas
    statewide = Resource.objects.filter(service_area="statewide")
    assert ResourceState.objects.filter(resource__in=statewide).count() == statewide.count()
    local = Resource.objects.filter(service_area="local")
    assert not local.filter(service_radius_miles__isnull=True).exists()


@pytest.mark.usefixtures("samples")
def test_samples_sit_on_real_zip_codes_and_hidden_addresses_use_the_zip_centre():
    for resource in Resource.objects.all():
        found = zip_location(resource.zip_code)
        assert found is not None and resource.state == found.state
        assert resource.latitude is not None and resource.longitude is not None
    hidden = Resource.objects.filter(address_visibility="hidden")
    assert hidden.exists()
    for resource in hidden:
        found = zip_location(resource.zip_code)
        assert (resource.latitude, resource.longitude) == (found.latitude, found.longitude)


@pytest.mark.usefixtures("samples")
def test_samples_vary_in_hours_languages_needs_communities_and_cost():
    assert Resource.objects.filter(is_24_7=True).exists()
    assert OpeningHours.objects.filter(closes__lt=time(6), opens__gte=time(12)).exists()  # past midnight
    assert ResourceLanguage.objects.values("code").distinct().count() >= 5
    assert Resource.objects.values("needs__slug").distinct().count() >= 8
    assert Resource.objects.values("communities__slug").distinct().count() >= 8
    assert Resource.objects.values("cost").distinct().count() >= 4
    assert Resource.objects.values("state").distinct().count() >= 20


@pytest.mark.usefixtures("samples")
def test_sample_contacts_cannot_reach_anyone_real():
    for phone in Resource.objects.exclude(phone="").values_list("phone", flat=True):
        assert re.fullmatch(r"\d{3}-555-01\d\d", phone), phone
    for url in Resource.objects.exclude(website="").values_list("website", flat=True):
        assert ".example.org/" in url


@pytest.mark.django_db
def test_the_same_seed_makes_the_same_listings():
    call_command("generate_demo_resources", "40", "--seed", "3", **QUIET)
    first = list(Resource.objects.order_by("id").values_list("name", "zip_code", "phone"))
    call_command("generate_demo_resources", "--delete", **QUIET)
    call_command("generate_demo_resources", "40", "--seed", "3", **QUIET)
    assert list(Resource.objects.order_by("id").values_list("name", "zip_code", "phone")) == first


@pytest.mark.django_db
def test_delete_removes_only_sample_data():
    call_command("load_national_resources", **QUIET)
    real = Resource.objects.count()
    call_command("generate_demo_resources", "50", "--seed", "1", **QUIET)
    call_command("generate_demo_resources", "50", "--seed", "1", **QUIET)  # twice: slugs never collide
    assert Resource.objects.count() == real + 100
    call_command("generate_demo_resources", "--delete", **QUIET)
    assert Resource.objects.count() == real
    assert not Resource.objects.filter(is_demo=True).exists()
    assert not Organization.objects.filter(is_demo=True).exists()
    assert Organization.objects.count() > 0


@pytest.mark.django_db
@pytest.mark.parametrize("args", [["-5"], [], ["2000000"]])
def test_nonsense_arguments_are_refused(args):
    with pytest.raises(CommandError):
        call_command("generate_demo_resources", *args, **QUIET)
