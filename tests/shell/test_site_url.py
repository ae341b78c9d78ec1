"""In development the site address follows the server's (HOST_PORT) unless SSEHUB_SITE_URL is set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL, settings.ALLOWED_HOSTS)"


def _settings(**env) -> str:
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DEBUG", "HOST_PORT", "SSEHUB_SITE_URL", "ALLOWED_HOSTS")}
    environment.update(env, DJANGO_SETTINGS_MODULE="ssehub.settings", PYTHONPATH=str(ROOT / "src"))
    result = subprocess.run([sys.executable, "-c", PRINT], cwd=ROOT, env=environment, capture_output=True,
                            text=True, check=True)
    return result.stdout.strip()


@pytest.mark.parametrize(("host_port", "expected"), [
    ("127.0.0.1:8123", "http://127.0.0.1:8123 ['127.0.0.1', 'localhost']"),
    ("8080", "http://127.0.0.1:8080 ['127.0.0.1', 'localhost']"),
    ("0.0.0.0:9000", "http://127.0.0.1:9000 ['127.0.0.1', 'localhost']"),
    ("localhost:8001", "http://localhost:8001 ['127.0.0.1', 'localhost']"),
])
def test_development_site_url_follows_host_port(host_port, expected):
    assert _settings(DEBUG="true", HOST_PORT=host_port) == expected


def test_development_site_url_defaults_to_port_8000():
    assert _settings(DEBUG="true") == "http://127.0.0.1:8000 ['127.0.0.1', 'localhost']"


def test_explicit_site_url_wins_over_host_port():
    assert _settings(DEBUG="true", HOST_PORT="127.0.0.1:8123", SSEHUB_SITE_URL="https://hub.example.org/") == (
        "https://hub.example.org ['127.0.0.1', 'hub.example.org', 'localhost']")


def test_makefile_passes_host_port_to_the_server_and_the_worker():
    dry_run = subprocess.run(["make", "-n", "run", "HOST_PORT=127.0.0.1:8123"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
    assert "export HOST_PORT=127.0.0.1:8123;" in dry_run
    assert "runserver 127.0.0.1:8123" in dry_run
