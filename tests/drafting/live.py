"""The real server in a subprocess (``python -m facilitation``, gevent) on a free port,
with its own SQLite database, for the co-editing tests and the benchmark."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class World:
    process_id: int
    draft_id: int
    emails: dict[str, str] = field(default_factory=dict)  # role -> e-mail


def prepare_database(url: str, writers: int = 3) -> World:
    """Create the schema, a process with members of each role, an outsider and a draft.

    Runs in a child process so the caller's process holds no second app."""
    out = subprocess.run(
        [sys.executable, "-m", "tests.drafting.live", url, str(writers)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return World(data["process_id"], data["draft_id"], data["emails"])


def _prepare(url: str, writers: int) -> World:
    from facilitation.app import create_app
    from facilitation.extensions import db
    from facilitation.models import Membership, Role

    os.environ.setdefault("INSTANCE_PATH", str(Path(url.removeprefix("sqlite:///")).parent))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "live-test",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        from drafting.models import Draft, DraftSection
        from facilitation import services

        db.create_all()
        emails = {}
        users = {}
        for name in [f"writer{i}" for i in range(writers)] + ["observer", "outsider"]:
            email = f"{name}@live.test"
            users[name] = services.create_user(email, name.title(), PASSWORD)
            emails[name] = email
        process = services.create_process(
            users["writer0"],
            title="Live process",
            country="Kestria",
            lead_organisation="Ministry of Interior",
        )
        for name, user in users.items():
            if name == "writer0" or name == "outsider":
                continue
            role = Role.OBSERVER if name == "observer" else Role.MEMBER
            db.session.add(Membership(process_id=process.id, user_id=user.id, role=role))
        draft = Draft(process_id=process.id, title="Live draft")
        draft.sections.append(DraftSection(process_id=process.id, title="Introduction"))
        db.session.add(draft)
        db.session.commit()
        world = World(process.id, draft.id, emails)
        db.session.remove()
        db.engine.dispose()
    return world


class LiveServer:
    def __init__(self, workdir: Path, *, cpu: int | None = None) -> None:
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.db_url = f"sqlite:///{self.workdir / 'live.sqlite3'}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cpu = cpu
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 120) -> LiveServer:
        env = {
            **os.environ,
            "DATABASE_URL": self.db_url,
            "SECRET_KEY": "live-test",
            "INSTANCE_PATH": str(self.workdir / "instance"),
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "PYTHONWARNINGS": "ignore",
        }
        preexec = None
        if self.cpu is not None:
            cpu = self.cpu

            def preexec():
                os.sched_setaffinity(0, {cpu})

        with open(self.workdir / "server.log", "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "facilitation"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=preexec,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.read_log()[-3000:]}")
            try:
                requests.get(self.url + "/login", timeout=1)
                return self
            except (requests.ConnectionError, requests.Timeout):  # slow start: ask again
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def read_log(self) -> str:
        return (self.workdir / "server.log").read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, nothing flushed on the way out."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    @property
    def pid(self) -> int:
        return self.process.pid

    def login(self, email: str) -> str:
        """Sign in through the real form; return the Cookie header for socket clients."""
        session = requests.Session()
        page = session.get(self.url + "/login", timeout=10).text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        response = session.post(
            self.url + "/login",
            data={"email": email, "password": PASSWORD, "csrf_token": token},
            timeout=10,
            allow_redirects=False,
        )
        if response.status_code not in (302, 303):
            raise RuntimeError(f"login failed for {email}: {response.status_code}")
        return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


if __name__ == "__main__":
    prepared = _prepare(sys.argv[1], int(sys.argv[2]))
    print(json.dumps(prepared.__dict__))


@contextlib.contextmanager
def serving(workdir, writers: int = 3):
    """The real server over a fresh co-editing world (``prepare_database``): ``(server,
    world)``, stopped on leaving."""
    server = LiveServer(workdir)
    world = prepare_database(server.db_url, writers=writers)
    try:
        server.start()
        yield server, world
    finally:
        server.stop()
