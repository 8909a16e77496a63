"""Two sites sharing one Redis (a staging and a production site on one ministry server)
never hear each other: every channel and key carries the site's prefix, derived from its
database URL unless ``REDIS_PREFIX`` sets it. Needs TEST_REDIS_URL (a real Redis)."""

from __future__ import annotations

import os
import threading
import time

import pytest

from facilitation import cluster, ratelimit, shared_state
from facilitation.app import create_app
from facilitation.extensions import socketio
from facilitation.jobs import queue


@pytest.fixture
def redis_url():
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set (.ci/run starts Redis and sets it)")
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis at TEST_REDIS_URL is not answering")
    finally:
        client.close()
    return url


@pytest.fixture
def sites(redis_url, tmp_path, monkeypatch):
    """Staging and production (two databases), and a second process of production."""
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    made = {}

    def site(name: str, database: str, **extra):
        config = {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / database}",
            "REDIS_URL": redis_url,
            **extra,
        }
        made[name] = create_app(config)
        made[name + "_socketio_channel"] = socketio.server.manager.channel
        return made[name]

    site("staging", "staging.sqlite3")
    site("production", "production.sqlite3")
    site("production_2", "production.sqlite3")
    yield made
    for name in ("staging", "production", "production_2"):
        found = cluster.bus(made[name])
        if found is not None:
            found.redis.close()


def test_each_site_has_its_own_prefix(sites, tmp_path):
    staging, production, again = sites["staging"], sites["production"], sites["production_2"]
    assert staging.config["REDIS_PREFIX"] != production.config["REDIS_PREFIX"]
    assert production.config["REDIS_PREFIX"] == again.config["REDIS_PREFIX"]
    named = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "REDIS_PREFIX": "staging"})
    assert named.config["REDIS_PREFIX"] == "staging:"
    # Socket.IO's message queue channel too.
    assert sites["staging_socketio_channel"] == staging.config["REDIS_PREFIX"] + "socketio"
    assert sites["staging_socketio_channel"] != sites["production_socketio_channel"]


def test_channels_do_not_cross_talk(sites):
    heard: list[bytes] = []
    listening = cluster.Bus(
        sites["production"].config["REDIS_URL"],
        lambda fn: threading.Thread(target=fn, daemon=True).start(),
        time.sleep,
        sites["production"].config["REDIS_PREFIX"],
    )
    listening.subscribe("drafts", heard.append)
    listening.start()
    assert listening.listening.wait(10)
    try:
        cluster.bus(sites["staging"]).publish("drafts", b"from staging")
        cluster.bus(sites["production_2"]).publish("drafts", b"from production")
        # Redis delivers in the order it took the messages: staging's came first.
        deadline = time.monotonic() + 10
        while not heard and time.monotonic() < deadline:
            time.sleep(0.02)
        assert heard == [b"from production"]
    finally:
        listening.redis.close()


def test_shared_state_and_rate_limits_are_per_site(sites):
    staging, production, again = (sites[name] for name in ("staging", "production", "production_2"))
    key = f"workshop-results-{time.time_ns()}"
    assert shared_state.of(production).claim(key, 30)
    assert not shared_state.of(again).claim(key, 30)  # the same site: held
    assert shared_state.of(staging).claim(key, 30)  # another site: its own key
    board = key + "-board"
    shared_state.of(staging).push(board, {"n": 1})
    assert shared_state.of(production).take(board) == []
    assert shared_state.of(staging).take(board) == [{"n": 1}]

    name = f"sign-in-{time.time_ns()}"
    limiters = {
        site: ratelimit.make_limiter(sites[site], name, limit=1, window=60)
        for site in ("staging", "production", "production_2")
    }
    assert limiters["production"].allow("10.0.0.1")
    assert not limiters["production_2"].allow("10.0.0.1")
    assert limiters["staging"].allow("10.0.0.1")


def test_job_queues_and_heartbeats_are_per_site(sites):
    staging, production, again = (sites[name] for name in ("staging", "production", "production_2"))
    for app in (staging, production):
        queue.queue(app).flush()
    queue.enqueue(production, 12345)
    try:
        assert queue.queue(again).pending_count() == 1  # the same site's worker takes it
        assert queue.queue(staging).pending_count() == 0
        queue.beat(production, "worker-1")
        assert queue.last_beat(again)["worker"] == "worker-1"
        assert queue.last_beat(staging) is None
    finally:
        for app in (staging, production):
            queue.queue(app).flush()
