"""What a repeat load of a trivial page costs this Chromium, with and without Playwright.

A tiny page (one cached deferred script) is served by a small local HTTP server and loaded
again and again in three ways: Playwright's ``page.goto`` (as ``bench/pages.py`` and the
e2e tests do), and bare Chromium with no Playwright and no DevTools client attached, the
page following a link to itself and reporting its Navigation Timing to the server, in
``--headless`` and ``--headless=old``. Reports, per way and round, the median
responseEnd / domInteractive / DOMContentLoaded and the CPU of the whole Chromium process
tree per navigation (``/proc`` utime+stime): the wall clock on a shared machine is mostly
waiting for a core, the CPU is the work. Prints one JSON object. Usage:

    .venv/bin/python bench/browser_floor.py [--loads 20] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

PAGE = b"""<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script src="/self.js" defer></script></head><body><p>hello</p></body></html>"""
# Reports the load and, while loads remain, follows a link to the page again.
SCRIPT = b"""window.addEventListener('load', () => setTimeout(() => {
  const p = new URLSearchParams(location.search), n = +(p.get('n') || 0);
  if (!p.get('tag')) return;
  const e = performance.getEntriesByType('navigation')[0];
  const t = [e.responseEnd, e.domInteractive, e.domContentLoadedEventEnd].join(',');
  fetch('/report?tag=' + p.get('tag') + '&t=' + t, {cache: 'no-store'}).then(() => {
    if (n > 0) location.href = '/page?tag=' + p.get('tag') + '&n=' + (n - 1);
  });
}, 0));"""
TIMING = """() => { const e = performance.getEntriesByType('navigation')[0];
  return [e.responseEnd, e.domInteractive, e.domContentLoadedEventEnd]; }"""
REPORTS: dict[str, list[list[float]]] = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        body, kind, cache = PAGE, "text/html; charset=utf-8", "no-cache"
        if url.path == "/report":
            times = [float(x) for x in query["t"][0].split(",")]
            REPORTS.setdefault(query["tag"][0], []).append(times)
            body, kind = b"ok", "text/plain"
        elif url.path == "/self.js":
            body, kind, cache = SCRIPT, "text/javascript", "max-age=3600"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", cache)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def tree_cpu_ms(marker: str) -> float:
    """CPU ms of the processes whose command line has ``marker``, and their descendants."""
    tick = os.sysconf("SC_CLK_TCK")
    procs = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/cmdline") as handle:
                marked = marker in handle.read()
        except OSError:
            continue
        procs[int(pid)] = (
            int(fields[1]),
            (int(fields[11]) + int(fields[12])) * 1000 / tick,
            marked,
        )
    keep = {pid for pid, proc in procs.items() if proc[2]}
    grew = True
    while grew:
        grew = False
        for pid, proc in procs.items():
            if pid not in keep and proc[0] in keep:
                keep.add(pid)
                grew = True
    return sum(procs[pid][1] for pid in keep)


def summary(rows: list[list[float]], cpu_ms: float) -> dict:
    def median(i: int) -> float:
        return round(statistics.median(row[i] for row in rows), 1)

    return {
        "loads": len(rows),
        "response_end_ms": median(0),
        "dom_interactive_ms": median(1),
        "dom_content_loaded_ms": median(2),
        "dom_content_loaded_samples_ms": sorted(round(row[2]) for row in rows),
        "chromium_cpu_ms_per_load": round(cpu_ms / len(rows), 1) if rows else None,
    }


def with_playwright(base: str, loads: int) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import ARGS, CHROMIUM

    marker = f"--floor-probe-{time.time_ns()}"  # an unknown switch: only marks the process
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[*ARGS, marker])
        page = browser.new_context().new_page()
        for _ in range(3):
            page.goto(base + "/page", wait_until="load")
        cpu0, rows = tree_cpu_ms(marker), []
        for _ in range(loads):
            page.goto(base + "/page", wait_until="load")
            rows.append(page.evaluate(TIMING))
        cpu = tree_cpu_ms(marker) - cpu0
        browser.close()
    return summary(rows, cpu)


def bare(base: str, loads: int, headless: str) -> dict:
    from tests.e2e.conftest import ARGS, CHROMIUM

    marker = f"--floor-probe-{time.time_ns()}"
    tag, warm = marker[-12:], 3
    profile = tempfile.mkdtemp(prefix="floor-probe-")
    chromium = subprocess.Popen(
        [CHROMIUM, headless, *ARGS, marker, f"--user-data-dir={profile}",
         f"{base}/page?tag={tag}&n={loads + warm - 1}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.time() + 120
        while len(REPORTS.get(tag, [])) < warm and time.time() < deadline:
            time.sleep(0.01)
        cpu0 = tree_cpu_ms(marker)
        while len(REPORTS.get(tag, [])) < loads + warm and time.time() < deadline:
            time.sleep(0.01)
        cpu = tree_cpu_ms(marker) - cpu0
    finally:
        chromium.terminate()
        chromium.wait(10)
    return summary(REPORTS.get(tag, [])[warm:], cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    load_before = os.getloadavg()
    rounds = []
    try:
        for _ in range(args.rounds):  # the three ways in turn, so load hits them alike
            rounds.append(
                {
                    "playwright_goto": with_playwright(base, args.loads),
                    "bare_chromium_headless": bare(base, args.loads, "--headless"),
                    "bare_chromium_headless_old": bare(base, args.loads, "--headless=old"),
                }
            )
    finally:
        server.shutdown()
    print(
        json.dumps(
            {
                "benchmark": "repeat loads of a trivial page: Playwright against bare Chromium",
                "rounds": rounds,
                "conditions": {
                    "page": f"{len(PAGE)} bytes of HTML and one cached deferred script",
                    "cpus": os.cpu_count(),
                    "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in os.getloadavg()],
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
