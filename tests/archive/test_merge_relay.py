"""A merge run from the command line (a process with no draft open) still reaches the web
processes' open rooms through the cluster bus. Needs TEST_REDIS_URL (a real Redis)."""

from __future__ import annotations

import os
import threading
import time

import pytest

from facilitation import cluster
from facilitation.app import create_app


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


def test_a_cli_merge_publishes_the_merged_text_for_the_open_rooms(redis_url, tmp_path, monkeypatch):
    from archive import merge_apply
    from drafting import relay

    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    cli_process = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'site.sqlite3'}",
            "REDIS_URL": redis_url,
        }
    )
    heard: list[bytes] = []
    web_process = cluster.Bus(
        redis_url,
        lambda fn: threading.Thread(target=fn, daemon=True).start(),
        time.sleep,
        cli_process.config["REDIS_PREFIX"],
    )
    web_process.subscribe(relay.TOPIC, heard.append)
    web_process.start()
    assert web_process.listening.wait(10)
    try:
        with cli_process.app_context():
            merge_apply.push_to_rooms(7, [(9, b"merged update")])  # no room open here
        deadline = time.monotonic() + 10
        while not heard and time.monotonic() < deadline:
            time.sleep(0.02)
        assert heard == [relay._HEADER.pack(7, 9) + b"merged update"]
    finally:
        web_process.redis.close()
        found = cluster.bus(cli_process)
        if found is not None:
            found.redis.close()
