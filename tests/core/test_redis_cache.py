"""The production cache (Redis) with one client per pool: the operations the platform uses behave as
Django's own backend's, and no client is built per call."""

import socket
import uuid

import pytest

from ssehub.core.redis_cache import RedisCache


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def redis_cache():
    backend = RedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield backend
    backend.clear()


def test_the_operations_the_page_cache_uses(redis_cache):
    assert redis_cache.get("generation") is None
    with pytest.raises(ValueError, match="not found"):
        redis_cache.incr("generation")
    redis_cache.set("generation", 1, timeout=None)
    assert redis_cache.incr("generation") == 2
    assert redis_cache.add("lock", 1, timeout=10) is True
    assert redis_cache.add("lock", 1, timeout=10) is False
    redis_cache.set("page", {"body": b"\x1f\x8b", "headers": [("Content-Type", "text/html")]}, timeout=30)
    assert redis_cache.get_many(["generation", "page", "absent"]) == {
        "generation": 2, "page": {"body": b"\x1f\x8b", "headers": [("Content-Type", "text/html")]}}
    redis_cache.delete("lock")
    assert redis_cache.get("lock") is None


def test_one_client_serves_every_call(redis_cache, monkeypatch):
    redis_cache.get("warm")
    client = redis_cache._cache.get_client(write=True)

    def no_new_client(*args, **kwargs):
        raise AssertionError("a client was built for one call")

    monkeypatch.setattr(redis_cache._cache, "_client", no_new_client)
    redis_cache.set("key", "value", timeout=30)
    assert redis_cache.get("key") == "value"
    assert redis_cache._cache.get_client() is client
