"""Every workflow that changes a story, each written to the audit log (never with any text)."""

from __future__ import annotations

import datetime
import hmac
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import ngettext

from stories import codes
from stories.choices import Reaction, RejectReason
from stories.duplicates import text_digest
from stories.identifying import new_flag_kinds
from stories.models import REACTION_FIELDS, MeTooDay, ModerationLog, Story
from stories.permissions import MODERATORS_GROUP

logger = logging.getLogger(__name__)


class StoryError(Exception):
    """A decision that cannot be made (e.g. approving without consent); the message says why."""


class NeedsConfirmation(StoryError):
    """The text to publish has flagged passages that no moderator has confirmed yet."""

    def __init__(self, kinds: list[str]) -> None:
        super().__init__(f"Flagged passages need a moderator's confirmation: {', '.join(kinds)}.")
        self.kinds = kinds


def _log(
    *,
    story: Story,
    action: str,
    actor: User | None = None,
    reason: str = "",
    fields: list[str] | None = None,
) -> None:
    now = timezone.now()
    if actor is None:  # the writer's own action: the date only, never the time
        now = now.replace(hour=0, minute=0, second=0, microsecond=0)
    ModerationLog.objects.create(
        story_ref=story.public_id,
        action=action,
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        reason=reason,
        fields=", ".join(fields or []),
        at=now,
    )


def story_submit(
    *,
    text: str,
    display_name: str = "",
    state: str = "",
    content_warnings: list[str] | None = None,
    consent_publish: bool,
    consent_age: bool,
) -> tuple[Story, str]:
    """Save a new story as pending; return it with its private code (shown once, never stored)."""
    if not (consent_publish and consent_age):
        raise StoryError("A story needs both consents.")
    code = codes.new_code()
    story = Story.objects.create(
        submitted_text=text,
        display_name=display_name,
        state=state,
        content_warnings=Story.pack_warnings(content_warnings or []),
        consent_publish=consent_publish,
        consent_age=consent_age,
        code_digest=codes.digest(code),
        text_hash=text_digest(text),
    )
    _log(story=story, action=ModerationLog.Action.SUBMITTED)
    transaction.on_commit(_notify_moderators_if_due)
    return story, code


def story_find_by_code(*, code: str) -> Story | None:
    """The story whose private code this is, compared by digest in constant time; None otherwise."""
    wanted = codes.digest(code)
    if not wanted:
        return None
    story = Story.objects.filter(code_digest=wanted).first()
    if story is None or not hmac.compare_digest(story.code_digest, wanted):
        return None
    return story


def story_flags_to_confirm(*, story: Story, published_text: str, display_name: str) -> list[str]:
    """Kinds of flagged passage in what would be public that a moderator must confirm first.

    Every flagged passage of a story waiting for review; for a published story, only those an
    edit brings in (the ones already public were confirmed when it was approved).
    """
    public = f"{display_name}\n\n{published_text}"
    if story.status != Story.Status.APPROVED or not story.pk:
        return new_flag_kinds(public)
    before = Story.objects.filter(pk=story.pk).values_list("display_name", "published_text").first()
    return new_flag_kinds(public, already_there=f"{before[0]}\n\n{before[1]}" if before else "")


def _confirm(*, story: Story, moderator: User, kinds: list[str], confirmed: bool) -> None:
    """Refuse unconfirmed flagged passages; record a confirmation (the kinds, never the text)."""
    if not kinds:
        return
    if not confirmed:
        raise NeedsConfirmation(kinds)
    _log(story=story, action=ModerationLog.Action.CONFIRMED, actor=moderator, fields=kinds)


def story_edit(*, story: Story, moderator: User, changed: list[str], identifying_confirmed: bool = False) -> Story:
    """Save a moderator's edits (redaction, warnings) without a decision.

    An edit to a published story that brings in a flagged passage (an e-mail address, a phone
    number, "my name is ...") is refused unless the moderator confirms it identifies no one.
    """
    with transaction.atomic():
        if story.status == Story.Status.APPROVED:  # waiting stories are checked when approved
            kinds = story_flags_to_confirm(
                story=story, published_text=story.published_text, display_name=story.display_name
            )
            _confirm(story=story, moderator=moderator, kinds=kinds, confirmed=identifying_confirmed)
        story.full_clean(exclude=["code_digest"])
        story.save()
        if changed:
            _log(story=story, action=ModerationLog.Action.EDITED, actor=moderator, fields=changed)
    return story


def story_approve(
    *,
    story: Story,
    moderator: User,
    published_text: str | None = None,
    identifying_confirmed: bool = False,
    today: datetime.date | None = None,
) -> Story:
    """Publish the (redacted) text; the original is discarded. Needs the writer's consent, and
    the moderator's confirmation (``identifying_confirmed``) if any flagged passage is left in it."""
    if story.status != Story.Status.PENDING:
        raise StoryError("Only a story waiting for review can be approved.")
    if not (story.consent_publish and story.consent_age):
        raise StoryError("The writer did not consent to publication.")
    text = (published_text if published_text is not None else story.published_text or story.submitted_text).strip()
    if not text:
        raise StoryError("There is no text to publish.")
    kinds = story_flags_to_confirm(story=story, published_text=text, display_name=story.display_name)
    today = today or timezone.localdate()
    with transaction.atomic():
        _confirm(story=story, moderator=moderator, kinds=kinds, confirmed=identifying_confirmed)
        story.published_text = text
        story.submitted_text = ""
        story.status = Story.Status.APPROVED
        story.reject_reason = ""
        story.decided_on = story.published_on = today
        story.save()
        _log(story=story, action=ModerationLog.Action.APPROVED, actor=moderator)
    return story


def story_reject(
    *,
    story: Story,
    moderator: User,
    reason: str,
    note: str = "",
    today: datetime.date | None = None,
) -> Story:
    """Decline a pending story with a reason; purge_stories deletes it after the retention period."""
    if reason not in RejectReason.values:
        raise StoryError("Choose a reason from the list.")
    if story.status != Story.Status.PENDING:
        raise StoryError("Only a story waiting for review can be rejected.")
    story.status = Story.Status.REJECTED
    story.reject_reason = reason
    if note:
        story.moderator_note = note
    story.decided_on = today or timezone.localdate()
    story.save()
    _log(story=story, action=ModerationLog.Action.REJECTED, actor=moderator, reason=reason)
    return story


def story_withdraw(*, story: Story) -> None:
    """The writer takes their story back: deleted at once, whatever its status, with its reactions."""
    _log(story=story, action=ModerationLog.Action.WITHDRAWN)
    story.delete()


def story_delete(*, story: Story, moderator: User) -> None:
    _log(story=story, action=ModerationLog.Action.DELETED, actor=moderator)
    story.delete()


def story_react(*, story: Story, reaction: str) -> None:
    """Add one to a published story's reaction count (a database-side increment)."""
    if reaction not in Reaction.values or story.status != Story.Status.APPROVED:
        raise StoryError("Not a reaction to a published story.")
    field = REACTION_FIELDS[reaction]
    Story.objects.filter(pk=story.pk).update(**{field: F(field) + 1})


def me_too_add(*, day: datetime.date | None = None) -> None:
    MeTooDay.add_one(day or timezone.localdate())


@dataclass(frozen=True)
class PurgeResult:
    rejected: int
    pending: int


def story_purge(*, today: datetime.date | None = None) -> PurgeResult:
    """Delete rejected stories and long-waiting pending ones past their retention periods."""
    today = today or timezone.localdate()
    rejected_before = today - datetime.timedelta(days=settings.STORIES_PURGE_REJECTED_DAYS)
    pending_before = today - datetime.timedelta(days=settings.STORIES_PURGE_PENDING_DAYS)
    rejected = list(Story.objects.filter(status=Story.Status.REJECTED, decided_on__lt=rejected_before))
    pending = list(Story.objects.pending().filter(submitted_on__lt=pending_before))
    with transaction.atomic():
        for story in rejected + pending:
            _log(story=story, action=ModerationLog.Action.PURGED)
            story.delete()
    return PurgeResult(rejected=len(rejected), pending=len(pending))


def _notify_moderators_if_due() -> None:
    """Count only: the e-mail says how many stories wait, never what they say."""
    every = settings.STORIES_NOTIFY_QUEUE_EVERY
    if not every:
        return
    waiting = Story.objects.pending().count()
    if waiting % every:
        return
    recipients = list(
        Group.objects.filter(name=MODERATORS_GROUP, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return
    # In the site's default language: the writer's (the page they sent from) says nothing of the moderators'.
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext("%d story is waiting for review", "%d stories are waiting for review", waiting) % waiting
        body = ngettext(
            "%d story is waiting for review in the moderation queue.",
            "%d stories are waiting for review in the moderation queue.",
            waiting,
        )
    try:
        send_mail(
            subject,
            body % waiting,
            None,
            recipients,
        )
    except OSError:  # SMTP trouble must never turn a saved story into an error page
        logger.warning("Could not send the moderation queue notification.")
