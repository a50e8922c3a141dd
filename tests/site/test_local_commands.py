"""Commands a newcomer types: a port in use is explained, the demo never doubles, and a start
without a secret key says how to get one locally."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from resources.models import Resource

ROOT = Path(__file__).resolve().parents[2]
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def port_free(port: int) -> subprocess.CompletedProcess[str]:
    """``make port-free``, the first step of ``make run`` and ``make dev``."""
    return subprocess.run(["make", "-s", "port-free", f"PORT={port}"], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.database_independent  # make and manage.py, no database
@needs_make
def test_a_port_in_use_is_explained_in_one_line_with_a_port_to_try():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = port_free(port)
    assert result.returncode != 0
    assert result.stdout == f"Port {port} is in use (is the site already running?). Try: make run PORT=8765\n"


@pytest.mark.database_independent  # make and manage.py, no database
@needs_make
def test_a_free_port_passes():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert port_free(port).returncode == 0


def test_the_demo_run_twice_keeps_the_same_samples(db):
    for _ in range(2):
        call_command("generate_demo_resources", "3", "--seed", "1", "--delete", stdout=StringIO())
    assert Resource.objects.filter(is_demo=True).count() == 3


@pytest.mark.database_independent  # make and manage.py, no database
def test_a_start_without_a_secret_key_refuses_and_says_how_to_run_locally():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env |= {"DJANGO_DEBUG": "False", "DJANGO_SETTINGS_MODULE": "metoo_site.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr and 'make manage ARGS="..."' in result.stderr
