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


US_STATES: list[tuple[str, str]] = [
    ("AL", _("Alabama")), ("AK", _("Alaska")), ("AZ", _("Arizona")), ("AR", _("Arkansas")), ("CA", _("California")),
    ("CO", _("Colorado")), ("CT", _("Connecticut")), ("DE", _("Delaware")), ("DC", _("District of Columbia")),
    ("FL", _("Florida")), ("GA", _("Georgia")), ("HI", _("Hawaii")), ("ID", _("Idaho")), ("IL", _("Illinois")),
    ("IN", _("Indiana")), ("IA", _("Iowa")), ("KS", _("Kansas")), ("KY", _("Kentucky")), ("LA", _("Louisiana")),
    ("ME", _("Maine")), ("MD", _("Maryland")), ("MA", _("Massachusetts")), ("MI", _("Michigan")),
    ("MN", _("Minnesota")), ("MS", _("Mississippi")), ("MO", _("Missouri")), ("MT", _("Montana")),
    ("NE", _("Nebraska")), ("NV", _("Nevada")), ("NH", _("New Hampshire")), ("NJ", _("New Jersey")),
    ("NM", _("New Mexico")), ("NY", _("New York")), ("NC", _("North Carolina")), ("ND", _("North Dakota")),
    ("OH", _("Ohio")), ("OK", _("Oklahoma")), ("OR", _("Oregon")), ("PA", _("Pennsylvania")),
    ("RI", _("Rhode Island")), ("SC", _("South Carolina")), ("SD", _("South Dakota")), ("TN", _("Tennessee")),
    ("TX", _("Texas")), ("UT", _("Utah")), ("VT", _("Vermont")), ("VA", _("Virginia")), ("WA", _("Washington")),
    ("WV", _("West Virginia")), ("WI", _("Wisconsin")), ("WY", _("Wyoming")), ("AS", _("American Samoa")),
    ("GU", _("Guam")), ("MP", _("Northern Mariana Islands")), ("PR", _("Puerto Rico")),
    ("VI", _("U.S. Virgin Islands")),
]  # fmt: skip
