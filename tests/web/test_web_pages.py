"""The server-rendered pages and their JSON twins (the same path plus ``.json``), on the real corpus."""

from __future__ import annotations

import re

import pytest
from helpers_web import entity_id

PAGES = [
    "/",
    "/search?q=Khazali",
    "/actors",
    "/actors?type=PERSON",
    "/graph",
    "/graph?predicate=LEADS",
    "/timeline",
    "/timeline?type=ASSAULT",
    "/map",
    "/documents",
    "/quotes",
    "/review",
    "/review?q=Iran",
]


def twin(path: str) -> str:
    base, _, query = path.partition("?")
    return ("/index.json" if base == "/" else base + ".json") + ("?" + query if query else "")


@pytest.mark.parametrize("path", PAGES)
def test_page_and_its_json_twin(client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "<nav>" in r.text and "this page as JSON" in r.text
    j = client.get(twin(path))
    assert j.status_code == 200 and j.headers["content-type"].startswith("application/json")
    assert isinstance(j.json(), dict) and not any(k.startswith("_") for k in j.json())


def test_no_third_party_url_in_any_page(client, corpus_url) -> None:
    """Scripts, styles and images all come from this server: nothing loads from a CDN."""
    sid = entity_id(corpus_url, "Qassem Soleimani")
    for path in [*PAGES, f"/actors/{sid}", "/documents/1", "/events/1", "/docs"]:
        html = client.get(path).text
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            for url in re.findall(r'(?:src|href)="([^"]*)"', tag):
                assert url.startswith("/") and not url.startswith("//"), (path, tag)
    for asset in (
        "/vendor/d3/d3.js",
        "/vendor/leaflet/leaflet.js",
        "/vendor/leaflet/leaflet.css",
        "/static/graph.js",
        "/static/charts.js",
        "/static/map.js",
        "/static/khabar.css",
    ):
        r = client.get(asset)
        assert r.status_code == 200 and len(r.content) > 500, asset


def test_home_shows_counts_actors_events_and_trend(client) -> None:
    html = client.get("/").text
    data = client.get("/index.json").json()
    assert data["stats"]["documents"] >= 11 and "database" not in data["stats"]
    assert f"<b>{data['stats']['documents']}</b> articles" in html
    assert data["actors"] and data["actors"][0]["name"] in html
    assert data["events"] and f'href="/events/{data["events"][0]["id"]}"' in html
    assert 'id="trend" data-src="/api/trend?bucket=month"' in html


def test_actor_profile_page(client, corpus_url) -> None:
    sid = entity_id(corpus_url, "Qassem Soleimani")
    html = client.get(f"/actors/{sid}").text
    for section in ("names", "kb", "relations", "neighbourhood", "events", "quotes", "quotes-about", "documents"):
        assert f'id="{section}"' in html, section
    assert "Quds Force" in html and "LEADS" in html
    assert f'data-src="/api/actors/{sid}/graph"' in html
    prof = client.get(f"/actors/{sid}.json").json()
    rel = prof["profile"]["relations"][0]
    src = rel["sources"][0]
    assert f'href="/documents/{src["document_id"]}#st-{src["statement_id"]}"' in html
    assert prof["kb"]["description"] and prof["kb"]["description"] in html
    assert prof["graph"]["nodes"]


def test_merged_actor_redirects_to_its_cluster(writable_url) -> None:
    from fastapi.testclient import TestClient

    from khabar.web import create_app

    with TestClient(create_app(writable_url)) as c:
        keep, other = entity_id(writable_url, "Harbor Guard Battalion"), entity_id(writable_url, "Ellery Coast Militia")
        assert c.post("/api/entities/merge", json={"keep": keep, "other": other}).status_code == 200
        r = c.get(f"/actors/{other}", follow_redirects=False)
        assert r.status_code == 307 and r.headers["location"] == f"/actors/{keep}"
        j = c.get(f"/actors/{other}.json", follow_redirects=False)
        assert j.headers["location"] == f"/actors/{keep}.json"


def test_document_page_highlights_everything(client) -> None:
    docs = client.get("/api/documents", params={"limit": 500}).json()["items"]
    d = next(x for x in docs if x["title"] and "Baghdad airport" in x["title"])
    html = client.get(f"/documents/{d['id']}").text
    data = client.get(f"/documents/{d['id']}.json").json()
    text = html[html.index('id="doc-text"') :]
    for m in data["mentions"]:
        if m["entity"]:
            assert f'href="/actors/{m["entity"]["id"]}"' in text
    for s in data["statements"]:
        if s["start"] is not None:
            assert f'id="st-{s["id"]}"' in text, s
    kinds = {s["kind"] for s in data["statements"]}
    for kind in kinds:
        assert f"s-{kind}" in text
    assert any(s["kind"] == "event" and f'href="/events/{s["event"]}"' in text for s in data["statements"])
    # the segments rebuild the text exactly
    assert "".join(seg["text"] for seg in data["segments"]) == client.get(f"/api/documents/{d['id']}").json()["text"]


def test_event_page(client) -> None:
    ev = client.get("/api/events", params={"type": "ASSAULT"}).json()["items"][0]
    html = client.get(f"/events/{ev['id']}").text
    assert "ASSAULT" in html and "material conflict" in html
    for src in ev["sources"]:
        assert f'href="/documents/{src["document_id"]}#st-{src["statement_id"]}"' in html
    assert client.get("/events/999999").status_code == 404
    assert client.get("/events/999999.json").json() == {"detail": "no event 999999"}


def test_timeline_filters_and_pages(client) -> None:
    data = client.get("/timeline.json", params={"type": "ASSAULT", "limit": 3}).json()
    assert data["events"]["total"] > 3 and len(data["events"]["items"]) == 3
    assert all(e["type"] == "ASSAULT" for e in data["events"]["items"])
    html = client.get("/timeline", params={"type": "ASSAULT", "limit": 3}).text
    assert 'rel="next"' in html and "offset=3" in html and "type=ASSAULT" in html
    assert 'data-src="/api/trend?type=ASSAULT&amp;bucket=month"' in html
    actor = client.get("/timeline.json", params={"actor": "Houthis"}).json()
    assert actor["filters"]["actor"] == "Houthis"
    assert client.get("/timeline", params={"since": "yesterday"}).status_code == 400


def test_map_page_lists_located_events(client) -> None:
    data = client.get("/map.json").json()
    html = client.get("/map").text
    assert data["located"]["features"]
    assert 'data-basemap="/api/basemap.geojson"' in html and "/vendor/leaflet/leaflet.js" in html
    for f in data["located"]["features"]:
        assert f'href="/events/{f["properties"]["event"]}"' in html


def test_search_page(client) -> None:
    html = client.get("/search", params={"q": "Khazali"}).text
    assert 'id="actor-results"' in html and "Qais al-Khazali" in html
    assert "<mark>" in html  # the article snippet marks the match
    data = client.get("/search.json", params={"q": "Khazali"}).json()
    assert data["results"]["documents"]["total"] >= 1
    empty = client.get("/search.json").json()
    assert empty == {"q": "", "results": None}


def test_review_page(client, corpus_url) -> None:
    iran = entity_id(corpus_url, "Iran")
    html = client.get("/review", params={"entity": iran}).text
    assert 'id="history"' in html and 'action="/review/split"' in html and 'action="/review/undo"' in html
    data = client.get("/review.json", params={"entity": iran}).json()
    assert data["entity"]["actor"]["id"] == iran and data["entity"]["history"]
    cands = client.get("/review.json", params={"q": "Iran"}).json()["candidates"]
    assert any(c["id"] == iran for c in cands)


def test_review_forms_merge_split_undo(writable_url) -> None:
    from fastapi.testclient import TestClient

    from khabar.web import create_app

    with TestClient(create_app(writable_url)) as c:
        keep, other = entity_id(writable_url, "Harbor Guard Battalion"), entity_id(writable_url, "Ellery Coast Militia")
        r = c.post("/review/merge", data={"keep": keep, "other": other, "reason": "one unit"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith(f"/review?entity={keep}&done=merged")
        page = c.get(r.headers["location"]).text
        assert 'id="done"' in page and "one unit" in page
        data = c.get(f"/review.json?entity={keep}").json()
        merge = data["entity"]["history"][0]
        assert merge["kind"] == "merge" and merge["undone_by"] is None
        # split one of the names out again, then undo that split, twice (the second is refused)
        s = c.post("/review/split", data={"entity": keep, "names": ["Ellery Coast Militia"]}, follow_redirects=False)
        assert s.status_code == 303 and "done=split" in s.headers["location"]
        split = c.get(f"/review.json?entity={keep}").json()["entity"]["history"][0]
        assert split["kind"] == "split" and split["undone_by"] is None
        u = c.post("/review/undo", data={"decision": split["id"], "entity": keep}, follow_redirects=True)
        assert u.status_code == 200 and 'id="done"' in u.text and f"undid decision {split['id']}" in u.text
        names = {a["name"] for a in c.get(f"/api/actors/{keep}").json()["aliases"]}
        assert names == {"Harbor Guard Battalion", "Ellery Coast Militia"}
        u2 = c.post("/review/undo", data={"decision": split["id"], "entity": keep}, follow_redirects=True)
        assert 'id="review-error"' in u2.text and "already undone" in u2.text
        bad = c.post("/review/merge", data={"keep": "x", "other": other}, follow_redirects=True)
        assert 'id="review-error"' in bad.text and "must be an entity id" in bad.text


def test_error_pages(client) -> None:
    r = client.get("/actors/999999")
    assert r.status_code == 404 and 'id="error-message"' in r.text
    assert client.get("/actors/999999.json").status_code == 404
    assert client.get("/documents/999999").status_code == 404
    assert client.get("/nowhere").status_code == 404
