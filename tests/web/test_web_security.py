"""Safety: article text, titles and names are untrusted and always escaped (payload articles in the
corpus); every response carries a Content-Security-Policy with no inline script; writes need the token
when there is one, are refused in read-only mode and from other origins; a loopback server answers only
to loopback host names."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from helpers_web import PAYLOAD_NAME, PAYLOAD_PERSON, entity_id

from khabar.web import create_app
from khabar.web.security import CSP, host_name, is_loopback

RAW = [
    "<script>window.__pwned",
    "<img src=x onerror",
    "<svg onload",
    'href="javascript:',
    "<b onmouseover",
    "<i>Wire</i>",
]


def _xss_doc(client) -> dict:
    docs = client.get("/api/documents", params={"limit": 500}).json()["items"]
    return next(d for d in docs if d["title"] and d["title"].startswith("Fictional test:"))


def _payload_doc(client) -> dict:
    docs = client.get("/api/documents", params={"limit": 500}).json()["items"]
    return next(d for d in docs if d["title"] == "Crescent Legion denies")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    """Parsed as a browser would: no element or attribute that the article could have brought in."""
    for raw in RAW:
        assert raw not in html, raw
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("img", "svg", "iframe", "object", "embed"), (tag, attrs)
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for key in ("href", "src", "action"):
            assert not (attrs.get(key) or "").strip().lower().startswith("javascript:"), (tag, attrs)
        if tag == "script":  # only our own files
            assert re.fullmatch(r"/(static|vendor)/[\w./-]+\.js", attrs.get("src") or ""), attrs


def test_payload_article_is_shown_as_text(client) -> None:
    d = _xss_doc(client)
    html = client.get(f"/documents/{d['id']}").text
    assert_inert(html)
    assert "&lt;script&gt;window.__pwned=1;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html and "javascript:window.__pwned=1" in html  # visible, as text
    assert "The &lt;b onmouseover=" in html  # the publisher is escaped too


def test_payload_names_quotes_and_relations_are_escaped_everywhere(client, corpus_url) -> None:
    legion, mira = entity_id(corpus_url, PAYLOAD_NAME), entity_id(corpus_url, PAYLOAD_PERSON)
    doc = _payload_doc(client)
    pages = [
        f"/actors/{legion}",
        f"/actors/{mira}",
        f"/documents/{doc['id']}",
        "/",
        "/actors",
        "/quotes",
        "/documents",
        "/graph",
        "/timeline",
        f"/review?entity={mira}",
        "/review?q=Crescent",
        "/search?q=Crescent",
        "/search?q=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
        "/review?error=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
    ]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert_inert(r.text)
    prof = client.get(f"/actors/{mira}").text
    assert "Mira &lt;script&gt;window.__pwned=1&lt;/script&gt; Kade" in prof
    assert "&lt;svg onload=window.__pwned=1&gt; was never our work" in prof
    # JSON keeps the text as it is (escaped by JSON itself, never interpreted)
    j = client.get(f"/api/actors/{mira}").json()
    assert j["actor"]["name"] == PAYLOAD_PERSON
    assert client.get(f"/api/actors/{legion}").json()["actor"]["name"] == PAYLOAD_NAME
    # JSON responses are JSON, never HTML a browser would render
    assert client.get(f"/api/actors/{mira}").headers["content-type"].startswith("application/json")


def test_highlights_of_payload_document_are_escaped(client) -> None:
    doc = _payload_doc(client)
    html = client.get(f"/documents/{doc['id']}").text
    text = html[html.index('id="doc-text"') : html.index("</article>")]
    assert 'class="hl m t-armed_group"' in text and "Crescent Legion &lt;img src=x onerror=" in text
    assert 'title="Crescent Legion &lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt; (ARMED_GROUP)' in text


def test_security_headers(client) -> None:
    for path in ("/", "/api/actors", "/static/khabar.css", "/nowhere", "/docs"):
        h = client.get(path).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
    assert client.get("/").headers["content-security-policy"] == CSP


# -- writes: read-only, token, origin, host ----------------------------------------------------------------
def test_read_only_refuses_every_write(corpus_url) -> None:
    with TestClient(create_app(corpus_url, read_only=True)) as c:
        for path, body in (
            ("/api/entities/merge", {"keep": 1, "other": 2}),
            ("/api/entities/1/split", {}),
            ("/api/decisions/1/undo", None),
            ("/api/ingest", {"text": "x"}),
        ):
            r = c.post(path, json=body)
            assert r.status_code == 403 and "read-only" in r.json()["detail"], path
        form = c.post("/review/merge", data={"keep": 1, "other": 2}, headers={"accept": "text/html"})
        assert form.status_code == 403 and "read-only" in form.text and 'id="error-message"' in form.text
        page = c.get("/review").text
        assert "Read-only server" in page and 'action="/review/merge"' not in page
        assert c.get("/api/actors").status_code == 200


def test_token_guards_writes(writable_url) -> None:
    with TestClient(create_app(writable_url, token="s3cret-token")) as c:
        keep, other = entity_id(writable_url, "Harbor Guard Battalion"), entity_id(writable_url, "Ellery Coast Militia")
        body = {"keep": keep, "other": other}
        assert c.post("/api/entities/merge", json=body).status_code == 401
        assert c.post("/api/entities/merge", json=body, headers={"x-khabar-token": "wrong"}).status_code == 401
        r = c.post("/api/entities/merge", json=body, headers={"x-khabar-token": "s3cret-token"})
        assert r.status_code == 200
        did = r.json()["decision"]
        assert c.post(f"/api/decisions/{did}/undo", headers={"authorization": "Bearer s3cret-token"}).status_code == 200
        # forms: the token field is shown, checked, then kept in an HttpOnly SameSite cookie
        assert 'name="token"' in c.get("/review?q=Harbor").text
        no = c.post("/review/merge", data=body, headers={"accept": "text/html"})
        assert no.status_code == 401
        ok = c.post("/review/merge", data={**body, "token": "s3cret-token", "force": "true"}, follow_redirects=False)
        assert ok.status_code == 303
        cookie = ok.headers["set-cookie"]
        assert "khabar_token=" in cookie and "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
        assert 'name="token"' not in c.get("/review?q=Harbor").text  # the cookie now stands for it
        split = c.post(
            "/review/split", data={"entity": keep, "names": ["Ellery Coast Militia"]}, follow_redirects=False
        )
        assert split.status_code == 303 and "done=" in split.headers["location"]


def test_cross_site_writes_are_refused(writable_url) -> None:
    with TestClient(create_app(writable_url)) as c:
        r = c.post("/review/merge", data={"keep": 1, "other": 2}, headers={"origin": "http://evil.example"})
        assert r.status_code == 403 and "cross-site" in r.text
        r = c.post("/api/entities/merge", json={"keep": 1, "other": 2}, headers={"sec-fetch-site": "cross-site"})
        assert r.status_code == 403
        same = c.post("/api/entities/merge", json={"keep": 1, "other": 1}, headers={"origin": "http://testserver"})
        assert same.status_code == 400  # reached the action (which refuses merging an entity with itself)


def test_loopback_server_answers_only_loopback_hosts(corpus_url) -> None:
    app = create_app(corpus_url, read_only=True, allowed_hosts=["localhost", "127.0.0.1", "::1"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/actors").status_code == 200
        assert c.get("/api/actors", headers={"host": "localhost:8000"}).status_code == 200
        assert c.get("/api/actors", headers={"host": "[::1]:8000"}).status_code == 200
        r = c.get("/api/actors", headers={"host": "attacker.example"})
        assert r.status_code == 400 and "unknown host" in r.text


@pytest.mark.parametrize(
    ("host", "loop"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loop: bool) -> None:
    assert is_loopback(host) is loop


def test_host_name() -> None:
    assert host_name("Example.org:8000") == "example.org"
    assert host_name("[::1]:8000") == "::1" and host_name("127.0.0.1") == "127.0.0.1"
