"""Regenerate the README's screenshots of the web app (docs/img/actor-profile.png, docs/img/graph.png).

    python scripts/screenshots.py                 # ingests examples/articles into a temporary store
    python scripts/screenshots.py --db sqlite:///khabar-demo.db --actor "Qassem Soleimani"

Needs Debian's chromium and Playwright (``pip install -e '.[test]'``). The server runs on a free
loopback port for as long as the screenshots take.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _build(db_url: str) -> None:
    from khabar.ingest import Ingestor
    from khabar.store import Store

    with Store.open(db_url) as store:
        report = Ingestor(store).run([str(REPO / "examples" / "articles")])
        print(f"ingested: {report.to_dict()['new']} new documents", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="an existing store (default: ingest examples/articles into a temporary one)")
    ap.add_argument("--actor", default="Qassem Soleimani", help="whose profile to show")
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "img")
    args = ap.parse_args()

    import uvicorn
    from playwright.sync_api import sync_playwright

    from khabar.store import Store, queries
    from khabar.web import create_app

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("error: chromium not found (apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        db_url = args.db or f"sqlite:///{Path(tmp) / 'demo.db'}"
        if not args.db:
            _build(db_url)
        with Store.open(db_url) as store:
            found = queries.find_entities(store, args.actor, limit=1)
        if not found:
            print(f"error: no actor {args.actor!r} in {db_url}", file=sys.stderr)
            return 1
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(db_url), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        args.out.mkdir(parents=True, exist_ok=True)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
                )
                page = browser.new_page(viewport={"width": 1280, "height": 1500}, device_scale_factor=1)
                page.goto(f"{base}/actors/{found[0].id}")
                page.wait_for_selector("#graph[data-ready=true]")
                page.screenshot(path=str(args.out / "actor-profile.png"), full_page=False)
                page.set_viewport_size({"width": 1280, "height": 960})
                page.goto(f"{base}/graph")
                page.wait_for_selector("#graph[data-ready=true]")
                page.screenshot(path=str(args.out / "graph.png"), full_page=False)
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    for name in ("actor-profile.png", "graph.png"):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
