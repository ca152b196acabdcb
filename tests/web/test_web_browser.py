"""The workbench in a real browser (Playwright driving Debian's chromium, headless): home, search,
profile with its neighbourhood graph, the network, a document whose highlighted mention opens the actor,
the map, a merge undone from the review page, and no script from an article ever running.

Screenshots go to ``test-artifacts/``. Skipped (visibly) without chromium unless KHABAR_REQUIRE_BROWSER
is set, as in CI, where a missing browser fails."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from helpers_web import PAYLOAD_NAME, PAYLOAD_PERSON, LiveServer, copy_db, entity_id, shot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(corpus_db, tmp_path_factory):
    from khabar.web import create_app

    url = copy_db(corpus_db, tmp_path_factory.mktemp("browser-db"))
    with LiveServer(create_app(url)) as live:
        live.db_url = url  # type: ignore[attr-defined]
        yield live


def csp_violations(pg) -> list[str]:
    return [m for m in pg.console if "Content Security Policy" in m]


@pytest.fixture
def page(page):
    page.console = []
    page.on("console", lambda m: page.console.append(m.text))
    return page


def _doc_id(server, title_start: str) -> int:
    import httpx

    docs = httpx.get(server.url + "/api/documents", params={"limit": 500}).json()["items"]
    return next(d["id"] for d in docs if (d["title"] or "").startswith(title_start))


def test_home_search_profile_and_graph(server, page) -> None:
    page.goto(server.url + "/")
    page.wait_for_selector("#trend[data-ready=true] svg rect.bar")
    assert page.locator("#trend rect.bar.conflict").count() > 0
    shot(page, "home")
    page.fill(".quick-search input", "Qais al-Khazali")
    page.press(".quick-search input", "Enter")
    page.wait_for_url("**/search?q=Qais*")
    shot(page, "search")
    page.locator("#actor-results a.actor", has_text="Qais al-Khazali").first.click()
    page.wait_for_url("**/actors/*")
    assert page.inner_text("#actor-name") == "Qais al-Khazali"
    page.wait_for_selector("#graph[data-ready=true] g.node")
    assert page.locator("#graph g.node").count() >= 2
    assert page.locator("#graph g.node.focus").count() == 1
    assert "Asaib Ahl al-Haq" in page.inner_text("#relations")
    shot(page, "profile")
    # the network: nodes drawn, a click opens that actor's profile
    page.goto(server.url + "/graph")
    page.wait_for_selector("#graph[data-ready=true] g.node")
    n = page.locator("#graph g.node").count()
    assert n > 5 and page.locator("#graph line.link").count() > 3
    shot(page, "graph")
    node = page.locator("#graph g.node", has_text="Quds Force").first
    node.locator("circle").click(force=True)
    page.wait_for_url("**/actors/*")
    assert page.inner_text("#actor-name") == "Quds Force"
    assert not page.errors and not csp_violations(page), (page.errors, page.console)


def test_document_highlight_opens_actor_and_event(server, page) -> None:
    doc = _doc_id(server, "US drone strike at Baghdad airport")
    page.goto(f"{server.url}/documents/{doc}")
    mention = page.locator("#doc-text a.hl.m", has_text="Qassem Soleimani").first
    assert mention.get_attribute("href").startswith("/actors/")
    shot(page, "document")
    mention.click()
    page.wait_for_url("**/actors/*")
    assert page.inner_text("#actor-name") == "Qassem Soleimani"
    page.go_back()
    event = page.locator('#doc-text a.hl[href^="/events/"]').first
    event.click()
    page.wait_for_url("**/events/*")
    assert "Sources" in page.inner_text("main")
    # a source link lands on its sentence, lit in the text
    page.locator("li.source a").first.click()
    page.wait_for_url("**/documents/*#st-*")
    page.wait_for_selector("#doc-text .target")
    assert not page.errors and not csp_violations(page), (page.errors, page.console)


def test_map_draws_countries_and_events_offline(server, page) -> None:
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(server.url) else None)
    page.goto(server.url + "/map")
    page.wait_for_selector("#map[data-ready=true]")
    for _ in range(100):  # the country outlines (wait_for_function would need 'unsafe-eval', which the CSP refuses)
        if page.locator("#map path").count() > 100:
            break
        page.wait_for_timeout(100)
    assert page.locator("#map path").count() > 100
    assert int(page.get_attribute("#map", "data-markers")) >= 3
    page.locator("#map path.event-marker").first.click(force=True)
    page.wait_for_selector(".leaflet-popup-content a[href^='/events/']")
    page.wait_for_timeout(400)  # the popup fades in
    shot(page, "map")
    assert not [u for u in external if not u.startswith("data:")], external  # nothing left this machine
    assert not page.errors and not csp_violations(page), (page.errors, page.console)


def test_timeline_and_api_docs(server, page) -> None:
    page.goto(server.url + "/timeline?type=ASSAULT")
    page.wait_for_selector("#trend[data-ready=true] rect.bar")
    assert page.locator("ul.events li").count() > 3
    page.goto(server.url + "/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    assert page.locator(".opblock").count() > 10
    assert not page.errors, page.errors


def test_merge_and_undo_from_the_review_page(server, page) -> None:
    keep, other = entity_id(server.db_url, "Harbor Guard Battalion"), entity_id(server.db_url, "Ellery Coast Militia")
    page.goto(server.url + "/review")
    page.fill("#merge-form input[name=keep]", str(keep))
    page.fill("#merge-form input[name=other]", str(other))
    page.fill("#merge-form input[name=reason]", "one fictional unit under two names")
    page.click("#merge-form button[type=submit]")
    page.wait_for_selector("#done")
    assert "merged entity" in page.inner_text("#done")
    merge_row = page.locator("#history tr", has_text="one fictional unit under two names")
    assert merge_row.count() == 1
    shot(page, "review-merged")
    page.goto(f"{server.url}/actors/{other}")  # the merged record now lives in the kept one
    page.wait_for_url(f"**/actors/{keep}")
    assert "Ellery Coast Militia" in page.inner_text("#names")
    page.goto(f"{server.url}/review?entity={keep}")
    page.locator("#history tr", has_text="one fictional unit under two names").locator("button.undo").click()
    page.wait_for_selector("#done")
    assert "undid decision" in page.inner_text("#done")
    assert "undone by" in page.locator("#history tr", has_text="one fictional unit under two names").inner_text()
    shot(page, "review-undone")
    page.goto(f"{server.url}/actors/{other}")
    assert page.inner_text("#actor-name") == "Ellery Coast Militia"
    page.goto(f"{server.url}/actors/{keep}")
    assert "Ellery Coast Militia" not in page.inner_text("#names")
    assert not page.errors and not csp_violations(page), (page.errors, page.console)


def test_no_script_from_an_article_ever_runs(server, page) -> None:
    xss_doc = _doc_id(server, "Fictional test:")
    payload_doc = _doc_id(server, "Crescent Legion denies")
    legion, mira = entity_id(server.db_url, PAYLOAD_NAME), entity_id(server.db_url, PAYLOAD_PERSON)
    script = quote("<script>window.__pwned=1;alert(1)</script>")
    paths = [
        f"/documents/{xss_doc}",
        f"/documents/{payload_doc}",
        f"/actors/{legion}",
        f"/actors/{mira}",
        "/",
        "/graph",
        "/timeline",
        "/quotes",
        "/documents",
        "/actors",
        f"/search?q={script}",
        "/search?q=Crescent",
        f"/review?q={script}",
        f"/review?error={script}",
        f"/review?entity={mira}",
        "/map",
    ]
    for path in paths:
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)
        pwned = page.evaluate("() => window.__pwned")
        assert pwned is None, f"a payload ran on {path}"
        assert page.evaluate("() => document.querySelectorAll('[onerror],[onload],[onmouseover]').length") == 0
        assert page.evaluate("() => [...document.scripts].filter(s => !s.src).length") == 0, path
    page.goto(f"{server.url}/documents/{xss_doc}")
    shown = page.inner_text("#doc-text")
    assert "<script>window.__pwned=1;alert('xss')</script>" in shown  # visible as text, inert
    assert '<img src=x onerror="window.__pwned=1;alert(2)">' in shown
    assert "<script>" in page.inner_text("#doc-title")
    shot(page, "xss-document")
    # hovering and clicking the payload names runs nothing either
    page.goto(f"{server.url}/documents/{payload_doc}")
    page.hover("#doc-text a.hl.m >> nth=0")
    page.locator("#doc-text a.hl.m").first.click()
    page.wait_for_url("**/actors/*")
    assert page.evaluate("() => window.__pwned") is None
    assert page.dialogs == [], page.dialogs
    assert not page.errors, page.errors
