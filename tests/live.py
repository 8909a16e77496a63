"""A real server for socket and browser tests: `python -m facilitation` in a subprocess
(gevent, the same entry point `make run` uses) on a free port, over a file SQLite
database the test prepared. Can be killed with SIGKILL and restarted on the same data."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, database_url: str, instance_path: str, env: dict | None = None):
        self.database_url = database_url
        self.instance_path = instance_path
        self.extra_env = env or {}
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log_path = Path(instance_path) / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120.0) -> LiveServer:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "INSTANCE_PATH": self.instance_path,
            "SECRET_KEY": "live-test-secret",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            **self.extra_env,
        }
        with open(self.log_path, "ab") as log:  # the child keeps its own copy of the fd
            self.process = subprocess.Popen(
                [sys.executable, "-m", "facilitation"], cwd=ROOT, env=env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-3000:]}")
            try:
                requests.get(self.url + "/login", timeout=1)
                return self
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or busy
                time.sleep(0.1)
        raise RuntimeError("server did not start in time")

    def kill(self) -> None:
        """SIGKILL: no shutdown hook runs, as in a power cut."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self) -> LiveServer:
        self.kill()
        return self.start()

    def login(self, email: str, password: str) -> requests.Session:
        """A signed-in HTTP session; its cookie also authenticates Socket.IO clients."""
        import re

        session = requests.Session()
        page = session.get(self.url + "/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        token = token or re.search(r'name="csrf_token" value="([^"]+)"', page)
        response = session.post(
            self.url + "/login",
            data={
                "email": email,
                "password": password,
                "csrf_token": token.group(1) if token else "",
            },
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"login failed for {email}: {response.status_code}")
        return session

    @staticmethod
    def cookie_header(session: requests.Session) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in session.cookies)
