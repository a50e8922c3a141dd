"""Response headers that Django's own settings do not cover."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Turn off every powerful feature: the site needs none of them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

# Pages whose content is personal or a form in progress: never kept by a browser or a proxy.
NO_STORE_PREFIXES = ("/stories/", "/es/stories/", "/resources/suggest/", "/es/resources/suggest/")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = request.path
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # The open-data API is meant to be read from anywhere; everything else stays ours.
        if not path.startswith("/api/"):
            response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if self._no_store(path):
            response["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def _no_store(path: str) -> bool:
        if path.startswith("/" + settings.ADMIN_PATH) or path.startswith(NO_STORE_PREFIXES):
            return True
        return path.endswith("/report/")
