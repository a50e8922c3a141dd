from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from metoo_site.ratelimit import is_limited
from resources import services
from resources.forms import ReportForm, SuggestionForm
from resources.models import Resource


def search(request: HttpRequest) -> HttpResponse:
    # Placeholder until the directory lands (issue 3): keeps the navigation whole.
    return render(request, "resources/search.html")


# --- visitors' reports and suggestions ------------------------------------------------------------

# At most this many submissions per visitor and hour (counted by a salted hash in the cache).
SUBMISSIONS_PER_HOUR = 5


def _published_or_404(slug: str) -> Resource:
    return get_object_or_404(Resource.objects.published(), slug=slug)


@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """Report wrong or outdated information on a listing; it goes to the maintainers' queue."""
    resource = _published_or_404(slug)
    form = ReportForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "resource": resource}
    if request.method != "POST":
        return render(request, "resources/report.html", context)
    if form.is_spam():
        return redirect("resources:report_thanks", slug=resource.slug)  # looks accepted; nothing is stored
    if not form.is_valid():
        return render(request, "resources/report.html", context)
    if is_limited(request, "resource-report", limit=SUBMISSIONS_PER_HOUR, period=3600):
        return render(request, "resources/report.html", {**context, "limited": True}, status=429)
    services.report_submit(
        resource=resource, problem=form.cleaned_data["problem"], details=form.cleaned_data["details"]
    )
    return redirect("resources:report_thanks", slug=resource.slug)


@require_safe
def report_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _published_or_404(slug)
    return render(request, "resources/thanks.html", {"resource": resource, "kind": "report"})


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request: HttpRequest) -> HttpResponse:
    """An organization suggests a listing; a maintainer checks it before anything is published."""
    form = SuggestionForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return render(request, "resources/suggest.html", {"form": form})
    if form.is_spam():
        return redirect("resources:suggest_thanks")  # looks accepted; nothing is stored
    if not form.is_valid():
        return render(request, "resources/suggest.html", {"form": form})
    if is_limited(request, "resource-suggest", limit=SUBMISSIONS_PER_HOUR, period=3600):
        return render(request, "resources/suggest.html", {"form": form, "limited": True}, status=429)
    data = {key: value for key, value in form.cleaned_data.items() if key != "website_url"}
    services.suggestion_submit(**data)
    return redirect("resources:suggest_thanks")


@require_safe
def suggest_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "resources/thanks.html", {"kind": "suggestion"})
