"""A real job worker for tests: ``python -m facilitation.jobs.worker`` in a subprocess over
the test's database and queue file, stopped with SIGTERM (its graceful shutdown)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


class WorkerProcess:
    def __init__(self, database_url: str, queue_path: str, instance_path: str, env=None):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "JOBS_SQLITE_PATH": queue_path,
            "INSTANCE_PATH": instance_path,
            "SECRET_KEY": "live-test-secret",
            # Full priority in tests: a shared CI machine would starve a nice worker.
            "WORKER_NICE": "0",
            "WORKER_IDLE_PRIORITY": "0",
            **(env or {}),
        }
        Path(instance_path).mkdir(parents=True, exist_ok=True)
        self.log_path = Path(instance_path) / "worker.log"
        self.process: subprocess.Popen | None = None
        self.started = False  # its heartbeat was seen: it owes a clean, graceful exit

    def start(self, is_alive, timeout: float = 120.0) -> WorkerProcess:
        """Start it and wait until its heartbeat is seen (``is_alive()`` true)."""
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "facilitation.jobs.worker"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited: {self.log_path.read_text()[-3000:]}")
            if is_alive():
                self.started = True
                return self
            time.sleep(0.1)
        raise RuntimeError("worker did not start in time")

    def stop(self, timeout: float = 60.0) -> int | None:
        """SIGTERM, the graceful stop; returns its exit code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")
