"""Redis and PostgreSQL for the benchmarks: the ones named by REDIS_URL / DATABASE_URL
when set, otherwise private throw-away servers from Debian's packages (redis-server,
PostgreSQL's initdb/pg_ctl, run as the ``postgres`` user when started as root)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from tests.live import free_port


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while (
            subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout[:4]
            != b"PONG"
            and time.monotonic() < deadline
        ):
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))[-1:]
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return found if isinstance(found, str) else found[0]


@contextlib.contextmanager
def _private_postgres() -> Iterator[str]:
    as_root = os.geteuid() == 0
    workdir = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    port = free_port()

    def run(*args: str) -> None:
        command = list(args)
        if as_root:  # initdb and postgres refuse to run as root
            command = ["su", "postgres", "-c", " ".join(command)]
        subprocess.run(command, check=True, capture_output=True)

    if as_root:
        shutil.chown(workdir, "postgres")
    data = workdir / "data"
    run(_pg_bin("initdb"), "-D", str(data), "-U", "bench", "--auth=trust", "-E", "UTF8")
    run(
        _pg_bin("pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(workdir / "log"),
        "-o",
        f"'-p {port} -k {workdir} -c fsync=off'",
        "-w",
        "start",
    )
    try:
        yield f"postgresql+psycopg://bench@127.0.0.1:{port}/postgres"
    finally:
        run(_pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(workdir, ignore_errors=True)


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database on DATABASE_URL's server (or a private one), dropped afterwards."""
    import sqlalchemy as sa

    with contextlib.ExitStack() as stack:
        base = os.environ.get("DATABASE_URL", "")
        if not base.startswith("postgresql"):
            base = stack.enter_context(_private_postgres())
        name = f"policycycle_bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
