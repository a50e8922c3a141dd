"""Every input to the stories pages goes through one of these forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from metoo_site.honeypot import HoneypotMixin
from metoo_site.states import US_STATES
from stories.choices import ContentWarning, Reaction

STORY_MIN = 50
STORY_MAX = 5000
# Django's own Spanish for these reads "carácter(es) (tiene10)": the fields carry the messages
# themselves, in Django's English words, so that the Spanish catalogue can say them properly.
LENGTH_MESSAGES = {
    "min_length": _("Ensure this value has at least %(limit_value)d characters (it has %(show_value)d)."),
    "max_length": _("Ensure this value has at most %(limit_value)d characters (it has %(show_value)d)."),
}


class ShareForm(HoneypotMixin, forms.Form):
    story = forms.CharField(
        label=_("Your story"),
        min_length=STORY_MIN,
        max_length=STORY_MAX,
        error_messages=LENGTH_MESSAGES,
        help_text=_(
            "Between 50 and 5,000 characters. Please leave out names, places and other details "
            "that could identify anyone."
        ),
        widget=forms.Textarea(attrs={"autocomplete": "off", "rows": 12, "spellcheck": "true"}),
    )
    display_name = forms.CharField(
        label=_("Name to show"),
        required=False,
        max_length=40,
        error_messages=LENGTH_MESSAGES,
        help_text=_("Leave empty to show “Anonymous”. Please don't use your real name."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    state = forms.ChoiceField(
        label=_("State or territory"),
        required=False,
        choices=[("", _("Prefer not to say")), *US_STATES],
    )
    content_warnings = forms.MultipleChoiceField(
        label=_("Content warnings"),
        required=False,
        choices=ContentWarning.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Readers will see these first and choose whether to open your story."),
    )
    consent_publish = forms.BooleanField(
        label=_(
            "I agree my story may be published after review, edited only to remove details that could identify anyone."
        ),
        error_messages={"required": _("We can only keep your story with this agreement.")},
    )
    consent_age = forms.BooleanField(
        label=_("I am 16 or older."),
        error_messages={"required": _("Stories can only be shared here by people 16 or older.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Browsers cut pasted text at maxlength without a word: the server says it is too long
        # instead, and gives the words back.
        self.fields["story"].widget.attrs.pop("maxlength", None)

    def clean_display_name(self) -> str:
        return self.cleaned_data["display_name"].strip()


class StatusForm(forms.Form):
    code = forms.CharField(
        label=_("Your private code"),
        max_length=40,
        help_text=_("The code you were given when you shared your story, such as K7QH-3MPX-9TRC-W2YD."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    withdraw = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Withdrawing cannot be undone: the first press asks, only a second POST with this deletes.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReactForm(forms.Form):
    reaction = forms.ChoiceField(choices=Reaction.choices)


class MeTooForm(forms.Form):
    """Where to go back to after the press: only our own pages that show the button."""

    next = forms.ChoiceField(choices=[("home", "home"), ("stories", "stories")], required=False)


class WallForm(forms.Form):
    hide = forms.MultipleChoiceField(
        label=_("Hide stories about"),
        required=False,
        choices=ContentWarning.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    @classmethod
    def lenient(cls, data) -> tuple[WallForm, bool]:
        """A bound, valid form; unknown values are dropped and the second item says so."""
        form = cls(data)
        if form.is_valid():
            return form, False
        valid = set(ContentWarning.values)
        kept = {"hide": [slug for slug in data.getlist("hide") if slug in valid]}
        if "page" not in form.errors and data.get("page"):
            kept["page"] = data.get("page")
        form = cls(kept)
        form.is_valid()
        return form, True
