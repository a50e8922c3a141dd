from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def search(request: HttpRequest) -> HttpResponse:
    # Placeholder until the directory lands (issue 3): keeps the navigation whole.
    return render(request, "resources/search.html")
