import pytest
from django.utils import translation

from tests.agenda.factories import EventFactory, SessionFactory, register
from tests.factories import make_user


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english_to_start_with(settings):
    """Each test starts in the site's language: a page requested in Korean leaves Korean active in
    the thread, and services translate their refusals in the active language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def event(db):
    return EventFactory()


@pytest.fixture
def organiser(event):
    """An organiser of `event` (organisers of other events are refused)."""
    user = make_user("organiser", full_name="Park Seo-yeon (박서연)", country="KR", time_zone="Asia/Seoul")
    event.organisers.add(user)
    return user


@pytest.fixture
def other_organiser(db):
    other = EventFactory()
    user = make_user("organiser")
    other.organisers.add(user)
    return user


@pytest.fixture
def participant(event):
    """A registered participant in Manila, whose interface is in Filipino."""
    user = make_user("participant", full_name="Maria Luisa Reyes", country="PH", time_zone="Asia/Manila",
                     preferred_language="fil")
    register(event, user)
    return user


@pytest.fixture
def outsider(db):
    return make_user("participant", time_zone="Asia/Manila")


@pytest.fixture
def session(event):
    return SessionFactory(event=event)

