"""Stories, their audit log and the daily "me too" counters.

A story stores no IP address, user agent, e-mail, account or cookie identifier, and only the
date it arrived (no time). Its ``__str__`` never carries its text, so nothing in admin history,
logs or e-mails can quote it.
"""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metoo_site.states import US_STATES
from stories.choices import ContentWarning, Reaction, RejectReason
from stories.codes import new_public_id

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REACTION_FIELDS: dict[str, str] = {
    Reaction.BELIEVE: "believe_count",
    Reaction.NOT_ALONE: "not_alone_count",
    Reaction.ME_TOO: "me_too_count",
    Reaction.STRENGTH: "strength_count",
}


class StoryQuerySet(models.QuerySet):
    def approved(self) -> StoryQuerySet:
        return self.filter(status=Story.Status.APPROVED)

    def pending(self) -> StoryQuerySet:
        return self.filter(status=Story.Status.PENDING)

    def for_wall(self, *, hide: list[str] | None = None) -> StoryQuerySet:
        """Approved stories, newest first, leaving out any carrying a hidden warning."""
        stories = self.approved()
        for slug in hide or []:
            stories = stories.exclude(content_warnings__contains=f",{slug},")
        return stories.order_by("-published_on", "-pk")

    def queue_order(self) -> StoryQuerySet:
        """Pending stories first, oldest first; then the rest, newest first."""
        return self.annotate(
            is_waiting=Case(
                When(status=Story.Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("is_waiting", "submitted_on", "pk")

    def with_duplicate_hint(self) -> StoryQuerySet:
        """Annotate ``has_duplicate``: a waiting story whose text another story shares (one query)."""
        others = Story.objects.filter(text_hash=OuterRef("text_hash")).exclude(pk=OuterRef("pk"))
        return self.annotate(
            has_duplicate=Case(
                When(Q(status=Story.Status.PENDING) & ~Q(text_hash="") & Exists(others), then=Value(True)),
                default=Value(False),
            )
        )

    def duplicates_of(self, story: Story) -> StoryQuerySet:
        """Other stories with the same words as ``story`` (case, spacing and punctuation aside)."""
        if not story.text_hash:
            return self.none()
        return self.filter(text_hash=story.text_hash).exclude(pk=story.pk).order_by("submitted_on", "pk")


class Story(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Not published")

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    # The writer's words until a decision: emptied on approval (only the edited text is kept).
    submitted_text = models.TextField(_("submitted text"), blank=True)
    published_text = models.TextField(
        _("text to publish"), blank=True, help_text=_("Edit out anything that could identify anyone.")
    )
    display_name = models.CharField(_("display name"), max_length=40, blank=True)
    state = models.CharField(_("state"), max_length=2, choices=US_STATES, blank=True)
    # Slugs of ContentWarning, stored as ",a,b," so that one portable LIKE leaves a warning out.
    content_warnings = models.CharField(_("content warnings"), max_length=300, blank=True, default="")
    consent_publish = models.BooleanField(_("consented to publication after review"), default=False)
    consent_age = models.BooleanField(_("confirmed being 16 or older"), default=False)
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate, editable=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    reject_reason = models.CharField(_("reason"), max_length=30, choices=RejectReason, blank=True)
    moderator_note = models.TextField(_("internal note"), blank=True, help_text=_("Only moderators see this."))
    # HMAC-SHA256 of the private code (see stories/codes.py); never the code itself.
    code_digest = models.CharField(max_length=64, unique=True, editable=False)
    # Keyed digest of the writer's words, blind to case, spacing and punctuation (stories/duplicates.py):
    # set by story_submit and kept after the original is discarded, so a resent story is noticed.
    text_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    believe_count = models.PositiveIntegerField(default=0, editable=False)
    not_alone_count = models.PositiveIntegerField(default=0, editable=False)
    me_too_count = models.PositiveIntegerField(default=0, editable=False)
    strength_count = models.PositiveIntegerField(default=0, editable=False)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        constraints = [
            models.CheckConstraint(
                name="story_needs_both_consents", condition=Q(consent_publish=True, consent_age=True)
            ),
            models.CheckConstraint(
                name="story_approved_has_only_published_text",
                condition=~Q(status="approved") | (~Q(published_text="") & Q(submitted_text="")),
            ),
            models.CheckConstraint(
                name="story_status_valid", condition=Q(status__in=["pending", "approved", "rejected"])
            ),
        ]
        indexes = [
            # The moderation queue and the pending count: status = 'pending' ORDER BY submitted_on.
            models.Index(fields=["status", "submitted_on"], name="story_status_submitted_idx"),
            # The wall: status = 'approved' ORDER BY published_on DESC.
            models.Index(fields=["status", "-published_on"], name="story_status_published_idx"),
            # The "possible duplicate" hint in the queue and on a story's page: text_hash = %s.
            models.Index(fields=["text_hash"], name="story_text_hash_idx"),
        ]

    def __str__(self) -> str:
        # Never the text: this string lands in admin history and messages.
        return f"Story {self.public_id} ({self.get_status_display()})"

    @property
    def warnings(self) -> list[str]:
        return [slug for slug in self.content_warnings.split(",") if slug]

    @property
    def warning_labels(self) -> list[str]:
        labels = dict(ContentWarning.choices)
        return [str(labels[slug]) for slug in self.warnings if slug in labels]

    @property
    def text(self) -> str:
        """What moderators work on: the published text once there is one, else the submitted one."""
        return self.published_text or self.submitted_text

    def reactions(self) -> list[tuple[str, StrOrPromise, int]]:
        """(slug, label, count) for every reaction, in the fixed order."""
        return [(value, label, getattr(self, REACTION_FIELDS[value])) for value, label in Reaction.choices]

    @staticmethod
    def pack_warnings(slugs: list[str]) -> str:
        valid = [slug for slug in ContentWarning.values if slug in set(slugs)]
        return f",{','.join(valid)}," if valid else ""


class ModerationLog(models.Model):
    """Who did what to which story, and when: never any story text."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        EDITED = "edited", _("Edited")
        # The moderator read the flagged passages and confirmed they identify no one.
        CONFIRMED = "confirmed", _("Confirmed flagged passages identify no one")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn by the writer")
        DELETED = "deleted", _("Deleted")
        PURGED = "purged", _("Deleted after the retention period")

    # Kept as text: the story may be gone (withdrawn, deleted) while its log stays.
    story_ref = models.CharField(_("story"), max_length=16, db_index=True)
    action = models.CharField(_("action"), max_length=12, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moderator"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    reason = models.CharField(_("reason"), max_length=30, choices=RejectReason, blank=True)
    # The fields changed, or for a confirmation the kinds of passage confirmed: never their text.
    fields = models.CharField(_("fields changed"), max_length=300, blank=True)
    # Moderators' actions carry the time; the writer's own actions only the date (midnight UTC).
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log entries")  # "5 moderation log entries" in admin
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.story_ref}"


# Presses spread over this many counter rows per day, each chosen at random and summed on read.
# One row per day made every press wait for the previous press's commit (its row lock is held
# until the WAL is flushed); with 16 rows, 16 presses commit side by side. Each press is its own
# committed UPDATE, so a worker killed mid-surge loses at most the press it was answering.
ME_TOO_SHARDS = 16


class MeTooDayQuerySet(models.QuerySet):
    def total(self) -> int:
        return self.aggregate(total=Sum("count"))["total"] or 0


class MeTooDay(models.Model):
    """Counter rows per day (``ME_TOO_SHARDS`` of them): how many people said "me too". No per-person rows."""

    day = models.DateField()
    shard = models.PositiveSmallIntegerField(default=0)
    count = models.PositiveBigIntegerField(default=0)

    objects = MeTooDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("'me too' day")
        verbose_name_plural = _("'me too' days")
        constraints = [
            # The press's UPDATE ... WHERE day = %s AND shard = %s finds its row through this index.
            models.UniqueConstraint(fields=["day", "shard"], name="metooday_one_row_per_day_and_shard"),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.count}"

    @classmethod
    def add_one(cls, day: datetime.date, *, shard: int | None = None) -> None:
        """Atomic in the database: UPDATE ... SET count = count + 1 on one of the day's counter rows,
        creating that row once."""
        if shard is None:
            shard = random.randrange(ME_TOO_SHARDS)
        if cls.objects.filter(day=day, shard=shard).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                cls.objects.create(day=day, shard=shard, count=1)
        except IntegrityError:  # another request created this counter row first
            cls.objects.filter(day=day, shard=shard).update(count=F("count") + 1)
