"""Helpers of the web app's tests: the test corpus's hand-built documents, copies of the corpus,
entity lookup, a live uvicorn server, screenshots."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from helpers_corpus import Ent, add, build, free_port

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
EXAMPLES = REPO / "examples" / "articles"
WEB_DATA = TESTS / "data" / "web"
ARTIFACTS = REPO / "test-artifacts"

PAYLOAD_NAME = 'Crescent Legion <img src=x onerror="window.__pwned=1">'
PAYLOAD_PERSON = "Mira <script>window.__pwned=1</script> Kade"
PAYLOAD_QUOTE = "<svg onload=window.__pwned=1> was never our work"
PAYLOAD_TEXT = (
    f"Crescent Legion denies\n\nThe {PAYLOAD_NAME} said on Monday that {PAYLOAD_PERSON} leads it. "
    f'{PAYLOAD_PERSON} said "{PAYLOAD_QUOTE}" in a statement.\n\n'
    "Written for Khabar as a fictional test document: the names are invented payloads.\n"
)
HARBOR_TEXT = (
    "Harbor patrol\n\nThe Harbor Guard Battalion, a fictional unit, patrolled the docks of Port Ellery on "
    "Sunday.\n\nWritten for Khabar as a fictional test document.\n"
)
COAST_TEXT = (
    "Coast patrol\n\nThe Ellery Coast Militia, a fictional group, said it patrolled the docks of Port "
    "Ellery on Monday.\n\nWritten for Khabar as a fictional test document.\n"
)


def hand_built(store) -> None:
    import datetime as dt

    ents = [Ent("e1", PAYLOAD_NAME, "ARMED_GROUP"), Ent("e2", PAYLOAD_PERSON, "PERSON")]
    add(
        store,
        PAYLOAD_TEXT,
        build(
            PAYLOAD_TEXT,
            ents,
            relations=[("e2", "LEADS", "e1", f"{PAYLOAD_PERSON} leads it")],
            quotes=[("e2", PAYLOAD_QUOTE, True)],
            published=dt.date(2024, 3, 4),
        ),
        publisher="Fictional <i>Wire</i>",
        locator="test:payload",
        published=dt.date(2024, 3, 4),
    )
    add(
        store,
        HARBOR_TEXT,
        build(HARBOR_TEXT, [Ent("e1", "Harbor Guard Battalion", "ARMED_GROUP")]),
        publisher="Fictional Wire",
        locator="test:harbor",
        published=dt.date(2024, 3, 3),
    )
    add(
        store,
        COAST_TEXT,
        build(COAST_TEXT, [Ent("e1", "Ellery Coast Militia", "ARMED_GROUP")]),
        publisher="Fictional Post",
        locator="test:coast",
        published=dt.date(2024, 3, 3),
    )


def copy_db(src: Path, dst_dir: Path) -> str:
    dst = dst_dir / "corpus.db"
    shutil.copy(src, dst)
    for suffix in ("-wal", "-shm"):
        if Path(str(src) + suffix).exists():
            shutil.copy(str(src) + suffix, str(dst) + suffix)
    return f"sqlite:///{dst}"


def entity_id(url_or_store, name: str) -> int:
    from khabar.store import Store, queries

    if isinstance(url_or_store, str):
        with Store.open(url_or_store) as store:
            return entity_id(store, name)
    found = queries.find_entities(url_or_store, name, limit=1)
    assert found, f"no entity {name!r} in the test corpus"
    return found[0].id


# -- a live server and a real browser -------------------------------------------------------------------
class LiveServer:
    """uvicorn serving an app on a free loopback port, in a background thread."""

    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def shot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path
