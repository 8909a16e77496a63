"""The deploy/ layout: compose file, nginx configuration and the app agree with each other.

The layout itself (several `policycycle serve` processes on one Redis and one PostgreSQL)
runs for real in tests/workshops/test_several_processes.py."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def web_services(services: dict) -> list[str]:
    return sorted(
        name for name, s in services.items() if s.get("command") == ["policycycle", "serve"]
    )


def test_compose_runs_several_web_processes_a_worker_postgres_and_redis():
    services = compose()["services"]
    webs = web_services(services)
    assert len(webs) >= 2
    assert {"postgres", "redis", "nginx", "worker", "migrate"} <= set(services)
    assert services["worker"]["command"] == ["policycycle", "worker"]
    assert services["migrate"]["command"] == ["policycycle", "db", "upgrade"]
    for name in [*webs, "worker"]:
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgresql+psycopg://")
        assert env["DATABASE_URL"].split("@")[1].startswith("postgres:")
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["TRUSTED_PROXIES"] == "1"  # behind nginx: the phones' real addresses
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )


def test_every_setting_the_layout_uses_is_one_the_app_reads():
    services = compose()["services"]
    names = set(services["web1"]["environment"])
    names |= {
        line.split("=")[0]
        for line in (DEPLOY / "site.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    source = "\n".join(p.read_text() for p in (ROOT / "facilitation").glob("*.py"))
    for name in names:
        assert f'"{name}"' in source, name


def test_nginx_sends_every_web_process_websockets_with_sticky_routing():
    conf = (DEPLOY / "nginx.conf").read_text()
    upstream = re.search(r"upstream policycycle \{(.*?)\}", conf, re.S).group(1)
    servers = re.findall(r"server (\w+):8000", upstream)
    assert sorted(servers) == web_services(compose()["services"])
    # Engine.IO long-polling needs every request of a connection at the same process.
    assert "hash $pc_route consistent;" in upstream
    assert "add_header Set-Cookie $pc_route_cookie always;" in conf
    socket_location = re.search(r"location /socket.io/ \{(.*?)\}", conf, re.S).group(1)
    assert "proxy_set_header Upgrade $http_upgrade;" in socket_location
    assert "proxy_set_header Connection $connection_upgrade;" in socket_location
    assert "X-Forwarded-For" in conf


def test_the_commands_the_layout_runs_exist(tmp_path, monkeypatch):
    from facilitation.cli import cli

    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.delenv("REDIS_URL", raising=False)
    for command in (["serve", "--help"], ["db", "upgrade", "--help"], ["worker", "--help"]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 0, result.output
