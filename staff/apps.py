"""Two app configs: the staff app itself, and Django's admin app with the staff site as its default.

Only configs live here, so loading them imports no model: the site (``staff.sites``) imports models
and forms at the top, and Django loads it only after the app registry is ready.
"""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Staff sign-in")


class StaffAdminConfig(admin_apps.AdminConfig):
    """Replaces ``django.contrib.admin`` in INSTALLED_APPS: ``admin.site`` is the staff site."""

    default = False  # "staff" alone in INSTALLED_APPS means StaffConfig
    default_site = "staff.sites.StaffAdminSite"
