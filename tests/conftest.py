import pytest
from django.core.cache import cache
from django.utils import translation

from ssehub.accounts.models import User
from ssehub.core.models import ActionLogEntry
from tests.access import ROLES
from tests.factories import make_user


@pytest.fixture(autouse=True)
def _default_language_for_each_test():
    """A request leaves its language active in the thread (Django's LocaleMiddleware does not undo
    it); a later test calling a service directly would otherwise speak the last visitor's language."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _queued_email_delivered_at_once(settings):
    """Mail still goes through the task queue; in tests the queue runs each task at once."""
    settings.MAILERS = {
        "default": {"BACKEND": "ssehub.core.mail.QueuedEmailBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
    # Hashing at full strength costs a second per user; tests create hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()


@pytest.fixture(scope="module")
def role_users(django_db_setup, django_db_blocker):
    """One user per role for the whole module (each row's own objects roll back after its test)."""
    with django_db_blocker.unblock():
        first_entry = ActionLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        users = {role: make_user(role) for role in ROLES if role != "anonymous"}
        yield users
        User.objects.filter(pk__in=[user.pk for user in users.values()]).delete()
        # What setting up these users logged goes too, so later tests start from an empty log.
        ActionLogEntry.objects.filter(pk__gt=first_entry).delete()


@pytest.fixture
def user_with_role():
    return make_user


@pytest.fixture
def member(db):
    return make_user("member")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded browser (the machine has no internet).
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ],
    }


@pytest.fixture
def login_as(client, live_server, context):
    """Sign a Playwright browser context in as `user` without going through the log-in form."""

    def sign_in(user):
        client.force_login(user)
        context.add_cookies([{
            "name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url,
        }])
        return user

    return sign_in


@pytest.fixture
def axe_violations():
    """Run axe-core in the page and return its violations (an empty list is the goal)."""
    # Imported here so that unit-test runs do not load the browser tooling.
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page) -> list:
        return axe.run(page).response["violations"]

    return check


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite tests run on a file, not Django's in-memory default: an in-memory database shared
    between threads answers "database table is locked" at once, ignoring the busy timeout, so a test
    with two truly concurrent requests (threads + Barrier) could never pass on it."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
