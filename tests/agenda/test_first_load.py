"""First load of a page as transferred (HTML, CSS and JS, compressed as the server sends them) stays
within 60 KB (issue 12), the 1,000-session agenda's first view included."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.agenda.factories import SessionFactory
from tests.agenda.test_rendered_cache import _programme

BUDGET = 60 * 1024


def _transferred(client, path: str) -> tuple[int, list[str]]:
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    body = response.content
    html = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    total = len(body)
    for asset in assets:
        found = finders.find(asset.decode())
        assert found, asset
        with open(found, "rb") as handle:
            # WhiteNoise serves the precompressed copy that collectstatic writes.
            total += len(gzip.compress(handle.read(), compresslevel=9))
    return total, [asset.decode() for asset in assets]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [45, 1000])
def test_first_view_of_the_agenda_with_its_css_and_js_is_within_60_kb(client, event, count):
    _programme(event, count)
    total, assets = _transferred(client, reverse("agenda:agenda", kwargs={"event_slug": event.slug}))
    assert {"vendor/htmx/htmx.min.js", "vendor/pico/pico.min.css"} <= set(assets)
    assert total <= BUDGET, total


@pytest.mark.django_db
def test_session_event_and_home_pages_first_load_is_within_60_kb(client, event):
    session = SessionFactory(event=event, title="Opening plenary")
    for path in (reverse("shell:home"), reverse("events:detail", kwargs={"slug": event.slug}),
                 reverse("agenda:session", kwargs={"event_slug": event.slug, "pk": session.pk})):
        total, assets = _transferred(client, path)
        assert assets, path
        assert total <= BUDGET, (path, total)
