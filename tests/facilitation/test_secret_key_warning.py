"""Several server processes need one SECRET_KEY: without it each makes its own and the
members' cookies break whenever the proxy picks another process (issue 14, deploy/)."""

import logging

from facilitation import config


def test_several_processes_without_a_secret_key_are_warned(tmp_path, monkeypatch, caplog):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SOCKETIO_MESSAGE_QUEUE", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    with caplog.at_level(logging.WARNING, logger="facilitation.config"):
        config.from_environment(str(tmp_path))
    assert any("SECRET_KEY" in record.getMessage() for record in caplog.records)


def test_a_laptop_or_a_set_key_is_not_warned(tmp_path, monkeypatch, caplog):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("SOCKETIO_MESSAGE_QUEUE", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with caplog.at_level(logging.WARNING, logger="facilitation.config"):
        config.from_environment(str(tmp_path))
        monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
        monkeypatch.setenv("SECRET_KEY", "one-key-for-all")
        assert config.from_environment(str(tmp_path))["SECRET_KEY"] == "one-key-for-all"
    assert not [r for r in caplog.records if "SECRET_KEY" in r.getMessage()]
