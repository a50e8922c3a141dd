"""Moderation, the moderators' whole workplace: a queue, redaction, decisions, an audit log.

Every decision goes through stories/services.py. Nothing here writes story text anywhere but
the story itself: admin history names the fields that changed, never their contents, and a
story's ``__str__`` carries no text.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stories import services
from stories.choices import ContentWarning, RejectReason
from stories.identifying import flag_kinds, highlight
from stories.models import ModerationLog, Story, StoryQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

GUIDE_PATH = Path(settings.BASE_DIR) / "MODERATION.md"


def moderator(request: HttpRequest) -> User:
    """The signed-in moderator: the admin lets no one else in (a cast for the type checker only)."""
    return cast(User, request.user)


@functools.cache
def guide_html() -> SafeString:
    """MODERATION.md as HTML, rendered once per process. The file is ours (in the repository),
    never anyone's input, so its HTML is trusted."""
    import markdown  # type: ignore[import-untyped]

    return mark_safe(markdown.markdown(GUIDE_PATH.read_text(encoding="utf-8"), extensions=["sane_lists"]))


class Decision:
    WAIT = ""
    APPROVE = "approve"
    REJECT = "reject"
    CHOICES = [
        (WAIT, _("No decision yet (save edits only)")),
        (APPROVE, _("Approve and publish")),
        (REJECT, _("Reject")),
    ]


class StoryAdminForm(forms.ModelForm):
    content_warnings = forms.MultipleChoiceField(
        label=_("Content warnings"), required=False, choices=ContentWarning.choices, widget=forms.CheckboxSelectMultiple
    )
    decision = forms.ChoiceField(
        label=_("Decision"), required=False, choices=Decision.CHOICES, widget=forms.RadioSelect
    )
    identifying_confirmed = forms.BooleanField(
        label=_("I have read it; these passages do not identify anyone."),
        required=False,
        help_text=_(
            "Needed to publish while a flagged passage is still in the text to publish (or, on a "
            "published story, when an edit adds one). Your confirmation is recorded in the moderation log."
        ),
    )

    class Meta:
        model = Story
        fields = ["published_text", "display_name", "state", "content_warnings", "reject_reason", "moderator_note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        story = self.instance
        self.initial["content_warnings"] = story.warnings
        if story.status == Story.Status.PENDING and not story.published_text:
            # Redaction starts from the writer's own words.
            self.initial["published_text"] = story.submitted_text
        if story.status != Story.Status.PENDING:
            self.fields["decision"].disabled = True
            self.fields["decision"].help_text = _("This story already has a decision.")

    def clean_content_warnings(self) -> str:
        return Story.pack_warnings(self.cleaned_data["content_warnings"])

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())  # a ModelForm's clean() returns cleaned_data
        decision = data.get("decision")
        if decision == Decision.REJECT and not data.get("reject_reason"):
            self.add_error("reject_reason", _("Choose a reason to reject this story."))
        if decision == Decision.APPROVE and not (data.get("published_text") or "").strip():
            self.add_error("published_text", _("There is no text to publish."))
        if decision == Decision.APPROVE and not (self.instance.consent_publish and self.instance.consent_age):
            self.add_error(None, _("This story cannot be published: the writer's consent is missing."))
        if self.instance.status == Story.Status.APPROVED and not (data.get("published_text") or "").strip():
            self.add_error("published_text", _("A published story needs text. To remove it, reject or delete it."))
        going_public = decision == Decision.APPROVE or self.instance.status == Story.Status.APPROVED
        if going_public and not data.get("identifying_confirmed"):
            kinds = services.story_flags_to_confirm(
                story=self.instance,
                published_text=(data.get("published_text") or "").strip(),
                display_name=data.get("display_name") or "",
            )
            if kinds:
                self.add_error(
                    "identifying_confirmed",
                    _(
                        "The text to publish still has passages that may identify someone (%(kinds)s). "
                        "Redact them, or confirm that you have read them and they identify no one."
                    )
                    % {"kinds": ", ".join(kinds)},
                )
        return data


class StoryActionForm(ActionForm):
    reason = forms.ChoiceField(
        label=_("Reason (for rejecting)"), required=False, choices=[("", "---"), *RejectReason.choices]
    )


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    form = StoryAdminForm
    action_form = StoryActionForm
    actions = ["approve_selected", "reject_selected"]
    list_display = ["public_id", "status", "excerpt", "warnings", "waited", "identifying", "duplicate"]
    list_filter = ["status"]
    list_per_page = 50
    readonly_fields = ["status", "submitted_on", "waited", "duplicates", "identifying", "submitted_highlighted",
                       "publish_highlighted", "consent_publish", "consent_age", "responses", "public_link"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["status", "submitted_on", "waited", "duplicates", "identifying", "submitted_highlighted"]}),
        (
            _("What will be published"),
            {
                "fields": [
                    "published_text",
                    "display_name",
                    "publish_highlighted",
                    "identifying_confirmed",
                    "state",
                    "content_warnings",
                ]
            },
        ),
        (_("Decision"), {"fields": ["decision", "reject_reason", "moderator_note"]}),
        (_("Consent and responses"), {"fields": ["consent_publish", "consent_age", "responses", "public_link"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Story]:
        return cast(StoryQuerySet, super().get_queryset(request)).queue_order().with_duplicate_hint()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # stories come only from the people who wrote them

    # --- columns and read-only fields -------------------------------------------------------

    @admin.display(description=_("Excerpt"))
    def excerpt(self, story: Story) -> str:
        text = " ".join(story.text.split())
        return text[:90] + ("…" if len(text) > 90 else "")

    @admin.display(description=_("Content warnings"))
    def warnings(self, story: Story) -> str:
        return ", ".join(story.warning_labels) or "—"

    @admin.display(description=_("Waiting"), ordering="submitted_on")
    def waited(self, story: Story) -> StrOrPromise:
        if story.status != Story.Status.PENDING:
            return "—"
        days = (timezone.localdate() - story.submitted_on).days
        return _("arrived today") if days == 0 else ngettext("%(days)d day", "%(days)d days", days) % {"days": days}

    @admin.display(description=_("May identify someone"))
    def identifying(self, story: Story) -> str:
        kinds = flag_kinds(story.text)
        return format_html("⚑ {}", ", ".join(kinds)) if kinds else "—"

    @admin.display(description=_("Duplicate"))
    def duplicate(self, story: Story) -> StrOrPromise:
        return _("possible duplicate") if getattr(story, "has_duplicate", False) else "—"

    @admin.display(description=_("Possible duplicate"))
    def duplicates(self, story: Story) -> StrOrPromise:
        """Other stories with the same words (case, spacing and punctuation aside), linked."""
        if story.status != Story.Status.PENDING:
            return "—"
        others = list(Story.objects.duplicates_of(story)[:10])
        if not others:
            return _("No other story has the same text.")
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a> ({})',
            (
                (reverse("admin:stories_story_change", args=[other.pk]), other.public_id, other.get_status_display())
                for other in others
            ),
        )
        return format_html("{} {}", _("Same text as:"), links)

    @admin.display(description=_("Flagged passages in the text to publish"))
    def publish_highlighted(self, story: Story) -> StrOrPromise:
        """What would be public, flagged passages marked, right above the confirmation box."""
        text = story.published_text or story.submitted_text
        name_flagged = bool(flag_kinds(story.display_name))
        if not (name_flagged or flag_kinds(text)):
            return _("No passage is flagged.")
        name = ""
        if name_flagged:
            name = format_html("<div>{} {}</div>", _("Name to show:"), highlight(story.display_name))
        return format_html("{}{}", name, highlight(text))

    @admin.display(description=_("Submitted text (flagged passages highlighted)"))
    def submitted_highlighted(self, story: Story) -> StrOrPromise:
        if not story.submitted_text:
            return _("Discarded when the story was published: only the published text is kept.")
        return highlight(story.submitted_text)

    @admin.display(description=_("Responses"))
    def responses(self, story: Story) -> str:
        return ", ".join(f"{label}: {count}" for _slug, label, count in story.reactions())

    @admin.display(description=_("On the site"))
    def public_link(self, story: Story) -> StrOrPromise:
        if story.status != Story.Status.APPROVED:
            return _("Not public")
        url = reverse("stories:detail", kwargs={"public_id": story.public_id})
        return format_html('<a href="{}">{}</a>', url, url)

    # --- saving goes through the services ---------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Story, form: StoryAdminForm, change: bool) -> None:
        decision = form.cleaned_data.get("decision")
        decided = {"decision", "reject_reason", "moderator_note", "identifying_confirmed"}
        edited = [name for name in form.changed_data if name not in decided]
        confirmed = form.cleaned_data.get("identifying_confirmed", False)
        services.story_edit(story=obj, moderator=moderator(request), changed=edited, identifying_confirmed=confirmed)
        if decision == Decision.APPROVE:
            services.story_approve(
                story=obj,
                moderator=moderator(request),
                published_text=obj.published_text,
                identifying_confirmed=confirmed,
            )
        elif decision == Decision.REJECT:
            services.story_reject(
                story=obj,
                moderator=moderator(request),
                reason=form.cleaned_data["reject_reason"],
                note=form.cleaned_data["moderator_note"],
            )

    def delete_model(self, request: HttpRequest, obj: Story) -> None:
        services.story_delete(story=obj, moderator=moderator(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Story]) -> None:
        for story in queryset:
            services.story_delete(story=story, moderator=moderator(request))

    # --- bulk actions -----------------------------------------------------------------------

    @admin.action(description=_("Approve selected stories as they are"), permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset: StoryQuerySet) -> None:
        done = flagged = 0
        for story in queryset.pending():
            try:
                services.story_approve(story=story, moderator=moderator(request))
            except services.NeedsConfirmation:
                flagged += 1  # never in bulk: each one needs its page and a confirmation
                continue
            except services.StoryError:
                continue
            done += 1
        self.message_user(request, ngettext("%d story approved.", "%d stories approved.", done) % done)
        if flagged:
            message = ngettext(
                "%d story was not approved: it has passages that may identify someone. Open it to review them.",
                "%d stories were not approved: they have passages that may identify someone. "
                "Open each one to review them.",
                flagged,
            )
            self.message_user(request, message % flagged, messages.WARNING)

    @admin.action(description=_("Reject selected stories (choose a reason)"), permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: StoryQuerySet) -> None:
        reason = request.POST.get("reason", "")
        if reason not in RejectReason.values:
            self.message_user(request, _("Choose a reason to reject the selected stories."), messages.ERROR)
            return
        done = 0
        for story in queryset.pending():
            services.story_reject(story=story, moderator=moderator(request), reason=reason)
            done += 1
        self.message_user(request, ngettext("%d story rejected.", "%d stories rejected.", done) % done)

    # --- the moderation guide ---------------------------------------------------------------

    def get_urls(self) -> list:
        guide = path("guide/", self.admin_site.admin_view(self.guide_view), name="stories_moderation_guide")
        return [guide, *super().get_urls()]

    def guide_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Moderation guide"),
            "guide": guide_html(),
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/stories/guide.html", context)


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    """Read-only for everybody: the record of who decided what, and when."""

    list_display = ["at", "action", "story_ref", "actor_name", "reason", "fields"]
    list_filter = ["action", "reason"]
    search_fields = ["story_ref", "actor_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ModerationLog | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ModerationLog | None = None) -> bool:
        return False
