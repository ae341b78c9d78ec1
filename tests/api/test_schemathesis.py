"""The OpenAPI schema says what the API answers: Schemathesis generates requests from the schema
(every operation, every check, a bounded number of examples each, the same ones on every run) and
validates every response against it. Driven by Hypothesis directly (Schemathesis' pytest plugin does not run under pytest 9)."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import CHECKS, load_all_checks

from tests.atlas.factories import make_institution, make_instrument

EXAMPLES = 20
load_all_checks()
ALL_CHECKS = CHECKS.get_all()  # every built-in check, named rather than left to the defaults
SCHEMA_URL = "/api/v1/schema/"


def _schema():
    return schemathesis.openapi.from_wsgi(SCHEMA_URL, WSGIHandler())


def _operation_labels() -> list[str]:
    # Read at collection time, before any database: the schema is built from the code alone.
    import django

    django.setup()
    return sorted(result.ok().label for result in _schema().get_all_operations())


@pytest.fixture
def api_data(db, settings):
    settings.ALLOWED_HOSTS = ["*"]
    institution = make_institution(country="KR", name="Ministry of Economy and Finance")
    make_instrument(country="KR", title="Framework Act on Cooperatives", title_local="협동조합 기본법",
                    institution=institution)
    make_instrument(country="JP", title="Draft act", publish=False)
    # As Django's test client does: the test's database connection stays open between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("label", _operation_labels())
def test_api_answers_as_its_schema_says(api_data, label):
    operation = _schema().find_operation_by_label(label)

    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                         suppress_health_check=list(HealthCheck))
    def check(case):
        # Uncompressed: the WSGI transport hands the body over as sent (GZipMiddleware would zip it).
        case.call_and_validate(headers={"Accept-Encoding": "identity"}, checks=ALL_CHECKS)

    check()
