"""``python -m facilitation.jobs.launch``: what ``make run`` runs — the web server and the
job worker as one command. Ctrl-C (or SIGTERM) stops both: the worker gracefully (jobs under
way finish first, within its shutdown timeout), then the server. If either exits on its
own, the other is stopped too, so nothing is left running half-way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

SERVER = [sys.executable, "-m", "facilitation"]
WORKER = [sys.executable, "-m", "facilitation.jobs.worker"]
#: After a stop is asked for: how long each child may take before it is killed.
STOP_TIMEOUT = float(os.environ.get("STOP_TIMEOUT", "60"))


def _start(command: list[str]) -> subprocess.Popen:
    # Own session: a terminal's Ctrl-C reaches this launcher only, which then asks each
    # child to stop the way that child stops gracefully (SIGTERM).
    return subprocess.Popen(command, start_new_session=True)


def _stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def main() -> int:
    stop_asked = False

    def ask_stop(signum, frame):
        nonlocal stop_asked
        stop_asked = True

    signal.signal(signal.SIGINT, ask_stop)
    signal.signal(signal.SIGTERM, ask_stop)
    worker = _start(WORKER)
    server = _start(SERVER)
    children = [worker, server]
    code = 0
    try:
        while not stop_asked:
            exited = [c for c in children if c.poll() is not None]
            if exited:
                code = exited[0].returncode or 0
                name = "worker" if exited[0] is worker else "server"
                print(f" * The {name} exited ({code}); stopping the other.", flush=True)
                break
            time.sleep(0.2)
    finally:
        print(" * Stopping the worker and the server...", flush=True)
        _stop(children)
    return code


if __name__ == "__main__":
    sys.exit(main())
