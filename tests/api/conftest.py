import pytest

from ssehub.atlas.demo import load as load_atlas_demo
from ssehub.events.demo import load as load_programme_demo


@pytest.fixture
def seeded_atlas(db):
    """The real seeded atlas: 53 instruments from the reference dataset."""
    load_programme_demo()
    return load_atlas_demo()
