"""Reading sources into articles: files, directories, JSON/JSONL, metadata sidecars, feeds and URLs
(served on loopback by a local web server)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from helpers_corpus import article, free_port, serve
from khabar.ingest.sources import SourceReader, article_from_obj

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Loopback News</title><link>{base}</link><description>test</description>
<item><title>Water talks</title><link>{base}/water.html</link><pubDate>Mon, 06 Mar 2023 10:00:00 GMT</pubDate></item>
<item><title>Full text item</title><link>{base}/not-fetched.html</link>
<pubDate>Tue, 07 Mar 2023 10:00:00 GMT</pubDate><description><![CDATA[<p>{full}</p>]]></description></item>
<item><title>Missing page</title><link>{base}/missing.html</link></item>
</channel></rss>"""

HTML = """<!doctype html><html><head><title>Water talks continue</title>
<meta name="author" content="A. Reporter"><meta property="og:site_name" content="Loopback News">
<meta property="article:published_time" content="2023-03-06"></head>
<body><nav>Home | World</nav><article><h1>Water talks continue</h1>
{paras}</article><footer>Copyright</footer></body></html>"""


def _items(sources: list[str], **kw) -> list:
    reader = SourceReader(**kw)
    try:
        return list(reader.items(sources))
    finally:
        reader.close()


def test_files_and_directories(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(article("water"), encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text(article("oil"), encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(article("secret"), encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    items = _items([str(tmp_path)])
    ok = [i for i in items if i.outcome == "ok"]
    assert sorted(Path(i.locator).name for i in ok) == ["a.txt", "b.md"]
    assert ok[0].document.title == "Talks on water continue"
    skipped = [i for i in items if i.outcome == "skipped"]
    assert [Path(i.locator).name for i in skipped] == ["image.png"] and "not an article" in skipped[0].reason
    missing = _items([str(tmp_path / "nope.txt")])[0]
    assert missing.outcome == "failed" and "no such file" in missing.reason


def test_sidecar_metadata_and_non_article_json(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(article("water"), encoding="utf-8")
    (tmp_path / "x.json").write_text(json.dumps({"published": "2022-01-31", "publisher": "Side Car",
                                                 "text_file": "x.txt", "entities": []}), encoding="utf-8")
    (tmp_path / "config.json").write_text(json.dumps({"setting": 1}), encoding="utf-8")
    items = {Path(i.locator).name: i for i in _items([str(tmp_path)])}
    doc = items["x.txt"].document
    assert doc.published == dt.date(2022, 1, 31) and doc.publisher == "Side Car"
    assert items["x.json"].outcome == "skipped" and "metadata for x.txt" in items["x.json"].reason
    assert items["config.json"].outcome == "skipped" and "not an article" in items["config.json"].reason


def test_json_and_jsonl_articles(tmp_path: Path) -> None:
    one = {"text": article("oil", 3), "title": "Oil", "url": "https://example.org/oil",
           "published": "2023-01-02T10:00Z", "publisher": "JSON Wire"}
    (tmp_path / "one.json").write_text(json.dumps(one), encoding="utf-8")
    (tmp_path / "many.jsonl").write_text("\n".join([
        json.dumps({"text": article("gas", 3), "title": "Talks on gas continue"}),
        "{broken json",
        json.dumps({"title": "no text"}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "<html><body><p>" + article("power", 3) + "</p></body></html>"}),
    ]), encoding="utf-8")
    items = _items([str(tmp_path / "one.json"), str(tmp_path / "many.jsonl")])
    first = items[0].document
    assert first.publisher == "JSON Wire" and first.published == dt.date(2023, 1, 2)
    assert first.text.startswith("Oil\n\n")  # the title heads the text, as for .txt files
    lines = items[1:]
    assert [i.outcome for i in lines] == ["ok", "failed", "failed", "failed", "ok"]
    assert lines[1].locator.endswith("many.jsonl:2") and "not valid JSON" in lines[1].reason
    assert "no 'text' field" in lines[2].reason and "expected a JSON object" in lines[3].reason
    assert "power" in lines[4].document.text and "<p>" not in lines[4].document.text


def test_article_from_obj_rejects_empty_text() -> None:
    import pytest

    from khabar.documents import InputError

    with pytest.raises(InputError, match="empty 'text'"):
        article_from_obj({"text": "   "}, "x")


def test_urls_and_feeds_over_loopback(tmp_path: Path) -> None:
    paras = "".join(f"<p>{s}.</p>" for s in article("water", 8).split(". "))
    (tmp_path / "water.html").write_text(HTML.format(paras=paras), encoding="utf-8")
    (tmp_path / "plain.txt").write_text(article("bread"), encoding="utf-8")
    (tmp_path / "data.bin").write_bytes(b"\x00\x01\x02" * 100)
    full = " ".join([article("fuel", 8)] * 2).replace("\n", " ")
    with serve(str(tmp_path)) as base:
        (tmp_path / "feed.rss").write_text(RSS.format(base=base, full=full), encoding="utf-8")
        page = _items([f"{base}/water.html"])[0]
        assert page.outcome == "ok" and page.document.title == "Water talks continue"
        assert "Copyright" not in page.document.text and page.document.url
        assert page.document.publisher == "Loopback News" and page.document.published == dt.date(2023, 3, 6)
        assert page.document.author and "Reporter" in page.document.author
        plain = _items([f"{base}/plain.txt"])[0]
        assert plain.outcome == "ok" and plain.document.title == "Talks on bread continue"
        binary = _items([f"{base}/data.bin"])[0]
        assert binary.outcome == "failed"
        missing = _items([f"{base}/nothing.html"])[0]
        assert missing.outcome == "failed" and "HTTP 404" in missing.reason
        feed = _items([f"{base}/feed.rss"])
        assert [i.outcome for i in feed] == ["ok", "ok", "failed"]
        assert feed[0].document.publisher == "Loopback News" and feed[0].feed == f"{base}/feed.rss"
        assert feed[1].locator == f"{base}/not-fetched.html" and "fuel" in feed[1].document.text
        assert feed[1].document.published == dt.date(2023, 3, 7)
        # sources already stored are not fetched again
        again = _items([f"{base}/feed.rss"], known=lambda loc: loc.endswith("water.html"))
        assert again[0].outcome == "known"
    refused = _items([f"http://127.0.0.1:{free_port()}/article"])[0]
    assert refused.outcome == "failed" and "cannot connect" in refused.reason


def test_feed_files(tmp_path: Path) -> None:
    atom = tmp_path / "news.atom"
    atom.write_text("""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom Test</title><id>urn:x</id><updated>2023-01-01T00:00:00Z</updated>
<entry><title>Item</title><id>urn:1</id><updated>2023-01-01T00:00:00Z</updated>
<content type="html">&lt;p&gt;""" + " ".join([article("grain", 8)] * 2).replace("\n", " ") + """&lt;/p&gt;
</content></entry>
</feed>""", encoding="utf-8")
    bad = tmp_path / "bad.rss"
    bad.write_text("<rss><channel><title>x</title><item><title>unclosed", encoding="utf-8")
    items = _items([str(atom), str(bad)])
    assert items[0].outcome == "ok" and items[0].document.publisher == "Atom Test"
    assert items[1].outcome == "failed" and "malformed feed" in items[1].reason
