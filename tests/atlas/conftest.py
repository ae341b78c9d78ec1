import pytest

from ssehub.atlas.demo import load as load_atlas_demo
from ssehub.events.demo import load as load_programme_demo


@pytest.fixture
def seeded_atlas(db):
    """The real seeded atlas: 55 instruments from the reference dataset (53 records and two pending bills)."""
    load_programme_demo()
    return load_atlas_demo()



@pytest.fixture(autouse=True)
def import_folder(settings, tmp_path):
    """Import uploads and job states go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT / "atlas-imports"
