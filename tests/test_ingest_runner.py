"""The ingest run end to end over a feed served on loopback: items stored with the feed's metadata,
their sources recorded; a second run neither fetches nor stores anything again."""

from __future__ import annotations

from pathlib import Path

from helpers_corpus import serve, wire_story
from khabar.ingest import Ingestor
from khabar.store import queries
from khabar.store.check import check

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Loopback Wire</title><link>{base}</link><description>t</description>
<item><title>{t1}</title><link>{base}/one.txt</link><pubDate>Mon, 06 Mar 2023 10:00:00 GMT</pubDate></item>
<item><title>{t2}</title><link>{base}/two.txt</link><pubDate>Tue, 07 Mar 2023 10:00:00 GMT</pubDate></item>
</channel></rss>"""


def test_feed_ingest_then_no_op(store, tmp_path: Path, extractor, kb) -> None:
    www = tmp_path / "www"
    www.mkdir()
    s1, s2 = wire_story(31), wire_story(32)
    (www / "one.txt").write_text(s1, encoding="utf-8")
    (www / "two.txt").write_text(s2, encoding="utf-8")
    with serve(str(www)) as base:
        (www / "feed.rss").write_text(FEED.format(base=base, t1=s1.splitlines()[0], t2=s2.splitlines()[0]),
                                      encoding="utf-8")
        first = Ingestor(store, extractor_factory=lambda: extractor, kb=kb).run([f"{base}/feed.rss"])
        assert first.counts == {"new": 2}
        docs = queries.list_documents(store)
        assert {d.outlet for d in docs} == {"Loopback Wire"}
        assert sorted(str(d.published) for d in docs) == ["2023-03-06", "2023-03-07"]
        assert sorted(src for d in docs for src in d.sources) == [f"{base}/one.txt", f"{base}/two.txt"]
        (www / "one.txt").unlink()  # a second run must not fetch the items again
        (www / "two.txt").unlink()
        second = Ingestor(store, extractor_factory=lambda: extractor, kb=kb).run([f"{base}/feed.rss"])
        assert second.counts == {"unchanged": 2}
    assert queries.stats(store).documents == 2
    assert check(store) == []
