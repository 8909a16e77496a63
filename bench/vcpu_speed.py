"""How fast each CPU of this machine runs the same fixed work, moment to moment.

The benches read CPU time (``time.thread_time``, schedstat) to separate the work a request
does from the time it waits for a core. On a virtual machine that is not enough: the same
instructions cost more CPU time while the host runs another guest on the same physical core
(its SMT sibling) or lowers the clock. This runs a fixed pure-Python loop pinned to each
CPU in turn, ``--rounds`` times with a pause between, and prints one JSON object: the CPU
milliseconds of every run per CPU and their spread. A spread well above a few percent means
that a page whose CPU time "doubled" in one process of a bench run may be the machine.

    .venv/bin/python bench/vcpu_speed.py [--rounds 15] [--pause 1.0]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

LOOP = 2_000_000


def fixed_work() -> float:
    started = time.thread_time()
    total = 0
    for i in range(LOOP):
        total += i * i
    return (time.thread_time() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--pause", type=float, default=1.0)
    args = parser.parse_args()
    cpus = sorted(os.sched_getaffinity(0))
    runs: dict[int, list[float]] = {cpu: [] for cpu in cpus}
    for _ in range(args.rounds):
        for cpu in cpus:
            os.sched_setaffinity(0, {cpu})
            runs[cpu].append(round(fixed_work(), 1))
        time.sleep(args.pause)
    os.sched_setaffinity(0, set(cpus))
    every = [ms for values in runs.values() for ms in values]
    print(
        json.dumps(
            {
                "benchmark": "the same fixed work pinned to each CPU in turn (CPU ms per run)",
                "runs_ms": {f"cpu{cpu}": values for cpu, values in runs.items()},
                "fastest_ms": min(every),
                "slowest_ms": max(every),
                "slowest_over_fastest": round(max(every) / min(every), 2),
                "conditions": {
                    "loop": LOOP,
                    "pause_s": args.pause,
                    "python": platform.python_version(),
                    "load_average": [round(x, 2) for x in os.getloadavg()],
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
