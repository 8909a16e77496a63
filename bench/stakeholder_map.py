"""Benchmark of the on-screen stakeholder map with 2,000 organisations (the large demo's
"Large stakeholder network" process), in Chromium against the real server.

Measures the time to first render (from navigation to the first frame Cytoscape draws
with every organisation in place) with the server's layout cache cold and warm, the map
JSON's size and server time, how many labels are shown without collision, and the time
for the search box to centre an organisation. Prints one JSON object.

    .venv/bin/python bench/stakeholder_map.py [--runs 3] [--screenshots DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build(workdir: str) -> tuple[str, int]:
    os.environ["INSTANCE_PATH"] = workdir
    from demo import large
    from demo import loader as demo
    from facilitation import audit
    from facilitation.app import create_app
    from facilitation.extensions import db
    from stakeholders import large_demo

    url = f"sqlite:///{workdir}/bench.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "SECRET_KEY": "b"})
    with app.app_context():
        db.create_all()
        users = demo.accounts()
        with audit.acting_as(users["coordinator@demo.example"].id):
            context = large.context_of(large.skeleton("Large stakeholder network"))
            large_demo.build(context.process, context)
        db.session.commit()
        return url, context.process.id


def wait(page, expression: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(expression)
        page.wait_for_timeout(20)


def _metrics(cdp) -> dict[str, float]:
    """Main-thread seconds spent by the page (CPU time: meaningful on a busy machine)."""
    wanted = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")
    values = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {name: values.get(name, 0.0) for name in wanted}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screenshots", default="")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from demo import loader as demo
    from tests.live import LiveServer

    workdir = tempfile.mkdtemp(prefix="bench-map-")
    db_url, pid = build(workdir)
    server = LiveServer(db_url, workdir).start(timeout=120)
    map_url = f"{server.url}/p/{pid}/stakeholders/map"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.goto(server.url + "/login")
            page.get_by_label("E-mail address").fill("coordinator@demo.example")
            page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state()

            cdp = context.new_cdp_session(page)
            cdp.send("Performance.enable")
            main_thread = []

            def first_render() -> float:
                page.goto("about:blank")
                before = _metrics(cdp)
                page.goto(map_url)
                wait(page, "document.getElementById('cy').dataset.ready === '1'")
                after = _metrics(cdp)
                main_thread.append({k: round((after[k] - before.get(k, 0)) * 1000) for k in after})
                return float(page.evaluate("document.getElementById('cy').dataset.renderedAt"))

            cold_ms = first_render()  # the server computes and caches the layout
            warm = [first_render() for _ in range(args.runs)]
            counts = page.evaluate(
                "() => { const cy = document.getElementById('cy').cytoscape;"
                " return [cy.nodes('.org').length, cy.edges().length,"
                " Number(document.getElementById('cy').dataset.labels)]; }"
            )
            if args.screenshots:
                os.makedirs(args.screenshots, exist_ok=True)
                page.wait_for_timeout(500)
                page.screenshot(path=os.path.join(args.screenshots, "large-map.png"))
            start = time.perf_counter()
            page.get_by_label("Find an organisation").fill("camara")
            page.get_by_label("Find an organisation").press("Enter")
            wait(page, "!!document.getElementById('cy').dataset.focused")
            focus_ms = (time.perf_counter() - start) * 1000
            if args.screenshots:
                page.wait_for_timeout(300)
                page.screenshot(path=os.path.join(args.screenshots, "large-map-focus.png"))
            request = context.request
            start = time.perf_counter()
            response = request.get(f"{server.url}/p/{pid}/stakeholders/map.json")
            json_ms = (time.perf_counter() - start) * 1000
            size = len(response.body())
            browser.close()
    finally:
        server.stop()
    print(
        json.dumps(
            {
                "benchmark": "stakeholder_map",
                "organisations": counts[0],
                "ties": counts[1],
                "viewport": "1400x900, headless Chromium, software rendering",
                "first_render_cold_layout_ms": round(cold_ms),
                "first_render_warm_ms_median": round(statistics.median(warm)),
                "first_render_warm_ms_runs": [round(v) for v in warm],
                "main_thread_busy_ms_to_first_render": main_thread[-1],
                "labels_shown_at_fit": counts[2],
                "search_to_focus_ms": round(focus_ms),
                "map_json_bytes_uncompressed": size,
                "map_json_cached_ms": round(json_ms),
                "cpus": os.cpu_count(),
                "load_average_1min": round(os.getloadavg()[0], 2),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
