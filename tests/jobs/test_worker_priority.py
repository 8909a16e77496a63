"""The job worker yields the processor to the web server: nice, and on Linux the idle
scheduling class, inherited by the threads that run the jobs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.jobs.worker import ROOT

PROBE = """
import json, os, threading
from facilitation.jobs.worker import yield_processor
applied = yield_processor({"WORKER_NICE": %d, "WORKER_IDLE_PRIORITY": %s})
seen = {}
thread = threading.Thread(target=lambda: seen.update(policy=os.sched_getscheduler(0)))
thread.start(); thread.join()
print(json.dumps({"applied": applied, "main": os.sched_getscheduler(0),
                  "thread": seen["policy"], "nice": os.nice(0)}))
"""


def _probe(niceness: int, idle: bool) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PROBE % (niceness, idle)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="Linux scheduling classes only")
def test_the_worker_and_its_job_threads_run_in_the_idle_class():
    result = _probe(5, True)
    assert result["main"] == os.SCHED_IDLE and result["thread"] == os.SCHED_IDLE
    assert result["nice"] >= 5
    assert "SCHED_IDLE" in result["applied"] and "nice 5" in result["applied"]


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="Linux scheduling classes only")
def test_the_idle_class_can_be_turned_off():
    result = _probe(0, False)
    assert result["main"] == os.SCHED_OTHER and result["thread"] == os.SCHED_OTHER
    assert result["applied"] == "normal priority"
