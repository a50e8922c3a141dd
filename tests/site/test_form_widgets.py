"""The site's own widget templates (templates/django/forms/widgets/) write select lists and
checkbox and radio lists in one template instead of one include per option, for speed. They must
write exactly what Django's own templates write, for every kind of option a form here uses."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

CHOICES = [("a", "Alpha & co"), ("b", "Beta <b>"), ("", "Any")]
GROUPED = [("", "Pick one"), ("Group <1>", [("x", "Ex"), ("y", "Why")]), ("z", "Zed")]


class EveryKind(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, widget=forms.SelectMultiple)
    boxes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}))
    grouped_boxes = forms.MultipleChoiceField(choices=GROUPED[1:], widget=forms.CheckboxSelectMultiple, required=False)
    radios = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, disabled=True)
    no_id = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)


def rendered(form_class, data, renderer, **options) -> dict[str, str]:
    form = form_class(data, **options)
    form.renderer = renderer  # what the form's fields render with
    form.is_valid()
    return {name: str(form[name]) for name in form.fields}


def site_forms():
    from resources.forms import ReportForm, SearchForm
    from resources.models import Community, Need
    from stories.forms import ShareForm, WallForm

    taxonomy = {"needs": list(Need.objects.all()), "communities": list(Community.objects.all())}
    return [
        (EveryKind, {"plain": "b", "grouped": "y", "many": ["a", ""], "boxes": ["a", "b"], "no_id": "zz"}, {}),
        (EveryKind, None, {"auto_id": False}),
        (ShareForm, {"state": "IL", "content_warnings": ["violence", "harassment"]}, {}),
        (ShareForm, None, {}),
        (
            SearchForm,
            {"need": ["legal", "counseling"], "community": "lgbtq", "mode": ["phone"], "radius": "50"},
            taxonomy,
        ),
        (SearchForm, None, taxonomy),
        (ReportForm, {"problem": "closed"}, {}),
        (WallForm, {"hide": ["harassment"]}, {}),
    ]


@pytest.mark.django_db
def test_the_sites_widget_templates_write_what_djangos_own_write():
    ours, djangos = get_default_renderer(), DjangoTemplates()
    assert type(ours).__name__ == "TemplatesSetting"  # the setting that makes the site's templates apply
    for form_class, data, options in site_forms():
        assert rendered(form_class, data, ours, **options) == rendered(form_class, data, djangos, **options), form_class
