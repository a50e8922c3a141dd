"""Fixed, translatable lists: content warnings, reactions, rejection reasons, states."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentWarning(models.TextChoices):
    SEXUAL_ASSAULT = "sexual-assault", _("Sexual assault")
    CHILD_SEXUAL_ABUSE = "child-sexual-abuse", _("Child sexual abuse")
    DOMESTIC_VIOLENCE = "domestic-violence", _("Domestic violence")
    HARASSMENT = "harassment", _("Harassment")
    WORKPLACE_HARASSMENT = "workplace-harassment", _("Workplace harassment")
    STALKING = "stalking", _("Stalking")
    PHYSICAL_VIOLENCE = "physical-violence", _("Physical violence")
    SELF_HARM = "self-harm", _("Self-harm")
    SUICIDE = "suicide", _("Suicide")
    SUBSTANCE_USE = "substance-use", _("Alcohol or drugs")


class Reaction(models.TextChoices):
    """The only responses a reader can give: no comments, no free text."""

    BELIEVE = "believe", _("I believe you")
    NOT_ALONE = "not-alone", _("You are not alone")
    ME_TOO = "me-too", _("Me too")
    STRENGTH = "strength", _("Sending strength")


class RejectReason(models.TextChoices):
    """Why a story is not published. MODERATION.md explains each one."""

    IDENTIFYING = "identifying", _("Could identify someone, and cannot be edited safely")
    NAMES_PERPETRATOR = "names-perpetrator", _("Names or points to an alleged perpetrator")
    CURRENT_DANGER = "current-danger", _("Tells of danger happening now")
    CHILD_AT_RISK = "child-at-risk", _("A child may be at risk now")
    UNDER_AGE = "under-age", _("The writer seems to be under 16")
    NOT_A_STORY = "not-a-story", _("Not a personal story")
    HARMFUL = "harmful", _("Hateful, harassing or blaming another survivor")
    SPAM = "spam", _("Spam or advertising")
    DUPLICATE = "duplicate", _("Sent more than once")
    OTHER = "other", _("Other (see the internal note)")
