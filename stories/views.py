from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def story_list(request: HttpRequest) -> HttpResponse:
    # Placeholder until the story wall lands (issue 4): keeps the navigation whole.
    return render(request, "stories/list.html")
