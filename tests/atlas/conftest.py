import pytest

from ssehub.atlas.demo import load as load_atlas_demo
from ssehub.programmes.demo import load as load_programme_demo


@pytest.fixture
def seeded_atlas(db):
    """The real seeded atlas: 53 instruments from the reference dataset."""
    load_programme_demo()
    return load_atlas_demo()


@pytest.fixture(scope="session")
def browser_type_launch_args():
    # tests/conftest.py defines this fixture function-scoped, which pytest-playwright's session-scoped
    # browser cannot use (ScopeMismatch); the same Debian Chromium settings, at session scope.
    return {
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ],
    }
