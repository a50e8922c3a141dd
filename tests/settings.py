"""The settings the test suite runs with: the site's own settings file, as production reads it.

pytest-django loads the settings before any conftest.py, so the defaults that make a plain
``pytest`` (or ``.venv/bin/pytest``) work without exporting anything are set here, before the
site's settings read the environment:

- a throwaway secret key (the settings refuse to start with DEBUG off and no key);
- DEBUG off and no HTTPS redirect, always: the suite checks the site as visitors get it (real
  error pages, whitenoise, the admin's second factor), over the test client's plain http.

DATABASE_URL still comes from the environment (PostgreSQL: ``DATABASE_URL=postgres://...``).
Tests that start a server or import the settings in a subprocess pass an environment of their own
without any DJANGO_ variable, so none of this reaches them.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-key-for-the-test-suite-only-0123456789abcdef")
os.environ["DJANGO_DEBUG"] = "False"
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "False"

from metoo_site.settings import *  # noqa: F403

# Over a hundred test users sign in; hashing each password the production way (PBKDF2 with a
# million rounds) took about a third of the suite's time and proves nothing about the site.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
