"""The public side of stories: the wall, one story, sharing, checking or withdrawing, reactions, "me too"."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_cookie

from metoo_site.one_click import one_click_post
from metoo_site.ratelimit import is_limited
from stories import services
from stories.choices import Reaction
from stories.forms import MeTooForm, ReactForm, ShareForm, StatusForm, WallForm
from stories.models import MeTooDay, Story

PER_PAGE = 10
# A press is remembered by a cookie that holds no identifier: "1" for "me too", and for reactions
# the story ids and reactions already sent ("abc123:believe|abc123:strength"), the same for everyone who
# sent them. Both end when the browser closes; nothing about a press is kept on the server.
ME_TOO_COOKIE = "metoo_pressed"
REACTED_COOKIE = "metoo_reacted"
REACTED_KEEP = 50  # reactions remembered per browser (the cookie stays well under 4 KB)
_REACTIONS = "|".join(map(re.escape, Reaction.values))
_REACTED_KEY = re.compile(rf"[-\w]{{1,16}}:(?:{_REACTIONS})", re.ASCII)


@require_safe
@vary_on_cookie  # shows whether this browser has pressed "me too" (its cookie)
def story_list(request: HttpRequest) -> HttpResponse:
    form, ignored = WallForm.lenient(request.GET)
    hide = form.cleaned_data["hide"]
    page = Paginator(Story.objects.for_wall(hide=hide), PER_PAGE).get_page(form.cleaned_data["page"] or 1)
    return render(
        request,
        "stories/list.html",
        {"form": form, "page": page, "hide": hide, "ignored": ignored, **me_too_context(request)},
    )


@require_safe
@vary_on_cookie  # shows the reactions this browser has sent (its cookie)
def story_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    story = _published_or_404(public_id)
    sent = {key.split(":", 1)[1] for key in _reacted(request) if key.startswith(f"{public_id}:")}
    return render(request, "stories/detail.html", {"story": story, "reacted": sent})


@one_click_post
def story_react(request: HttpRequest, public_id: str) -> HttpResponse:
    story = _published_or_404(public_id)
    form = ReactForm(request.POST)
    if not form.is_valid():
        return redirect("stories:detail", public_id=public_id)
    key = f"{public_id}:{form.cleaned_data['reaction']}"
    reacted = _reacted(request)
    if key in reacted:  # one of each reaction per browser session
        return redirect("stories:detail", public_id=public_id)
    if is_limited(request, "story-react"):
        return render(request, "stories/slow_down.html", status=429)
    services.story_react(story=story, reaction=form.cleaned_data["reaction"])
    response = redirect(reverse("stories:detail", kwargs={"public_id": public_id}) + "#reactions")
    _set_press_cookie(response, REACTED_COOKIE, "|".join([*reacted, key][-REACTED_KEEP:]))
    return response


@sensitive_post_parameters("story", "display_name")
@require_http_methods(["GET", "HEAD", "POST"])
def share(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "stories/share.html", {"form": ShareForm()})
    form = ShareForm(request.POST)
    if form.is_spam():
        form.add_error(None, _spam_message())
        return render(request, "stories/share.html", {"form": form}, status=400)
    if not form.is_valid():
        return render(request, "stories/share.html", {"form": form}, status=400)
    if is_limited(request, "story-share"):
        return render(request, "stories/share.html", {"form": form, "limited": True}, status=429)
    data = form.cleaned_data
    _story, code = services.story_submit(
        text=data["story"],
        display_name=data["display_name"],
        state=data["state"],
        content_warnings=data["content_warnings"],
        consent_publish=data["consent_publish"],
        consent_age=data["consent_age"],
    )
    # Shown on this response only: the code is never in a URL, a cookie, a session or the database.
    return render(request, "stories/thanks.html", {"code": code})


@sensitive_post_parameters("code")
@require_http_methods(["GET", "HEAD", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "stories/status.html", {"form": StatusForm()})
    form = StatusForm(request.POST)
    if not form.is_valid():
        return render(request, "stories/status.html", {"form": form}, status=400)
    if is_limited(request, "story-status"):
        return render(request, "stories/status.html", {"form": StatusForm(), "limited": True}, status=429)
    story = services.story_find_by_code(code=form.cleaned_data["code"])
    if story is None:  # the same answer for every wrong or malformed code
        return render(request, "stories/status.html", {"form": form, "not_found": True}, status=404)
    if form.cleaned_data["withdraw"] and not form.cleaned_data["confirm"]:  # ask before anything is deleted
        return render(request, "stories/status.html", {"form": form, "story": story, "confirm_withdraw": True})
    if form.cleaned_data["withdraw"]:
        services.story_withdraw(story=story)
        return render(request, "stories/withdrawn.html")
    return render(request, "stories/status.html", {"form": form, "story": story})


@one_click_post
def me_too(request: HttpRequest) -> HttpResponse:
    form = MeTooForm(request.POST)
    back = "stories:list" if form.is_valid() and form.cleaned_data["next"] == "stories" else "home"
    if _said_me_too(request):  # one press per browser session
        return redirect(reverse(back) + "#me-too")
    if is_limited(request, "me-too"):
        return render(request, "stories/slow_down.html", status=429)
    services.me_too_add()
    response = redirect(reverse(back) + "#me-too")
    _set_press_cookie(response, ME_TOO_COOKIE, "1")
    return response


def me_too_context(request: HttpRequest) -> dict:
    """For the home page and the wall: the public total and whether this browser has pressed."""
    return {"me_too_total": MeTooDay.objects.total(), "said_me_too": _said_me_too(request)}


def _published_or_404(public_id: str) -> Story:
    story = Story.objects.approved().filter(public_id=public_id).first()
    if story is None:
        raise Http404
    return story


def _said_me_too(request: HttpRequest) -> bool:
    return request.COOKIES.get(ME_TOO_COOKIE) == "1"


def _reacted(request: HttpRequest) -> list[str]:
    """The reactions this browser already sent, from its cookie; anything malformed is ignored."""
    keys = request.COOKIES.get(REACTED_COOKIE, "").split("|")
    return [key for key in keys if _REACTED_KEY.fullmatch(key)]


def _set_press_cookie(response: HttpResponse, name: str, value: str) -> None:
    """A cookie for this browser session only (no Max-Age, no Expires): HttpOnly, Lax, Secure in production."""
    response.set_cookie(name, value, httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE, path="/")


def _spam_message() -> str:
    return gettext(
        "Your story was not saved: a hidden field meant to stop automated spam was filled in. "
        "Please clear it (or try another browser) and send again."
    )
