"""Bad input, many kinds in one batch: each is reported with its reason, the good articles around them
are ingested, and the store passes its integrity check afterwards."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

from helpers_corpus import article, free_port, serve, wire_story
from khabar.ingest import Ingestor
from khabar.store import queries
from khabar.store.check import check

ARABIC = "اشتباكات في بغداد بين قوات الأمن ومسلحين قرب المنطقة الخضراء، وفق مصادر أمنية عراقية. " * 8
FRENCH = ("Des affrontements ont eu lieu à Bagdad entre les forces de sécurité et des hommes armés près de la "
          "zone verte, selon des sources sécuritaires irakiennes qui ont demandé l'anonymat. ") * 4


def _bad_inputs(root: Path, base: str) -> tuple[list[str], dict[str, str]]:
    """Sources for one ingest run, and for each bad one the words its reason must contain."""
    d = root / "batch"
    d.mkdir()
    expect: dict[str, str] = {}

    def put(name: str, data: bytes | str, reason: str | None) -> None:
        path = d / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        if reason:
            expect[str(path)] = reason

    put("01-empty.txt", b"", "empty input")
    put("02-whitespace.txt", "  \n\t \n   \n", "empty input")
    put("03-binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary")
    put("04-latin1.txt", "Caf\xe9 bombing in Baghdad kills two".encode("latin-1"), "not valid UTF-8")
    put("05-huge.txt", ("Rockets hit the base again. " * 750_000), "too large")
    put("06-no-article.html", "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav>"
        "</body></html>", "no article text")
    put("14-title-only.txt", "Breaking news\n\n\n", "too short")
    put("07-malformed.rss", "<?xml version='1.0'?><rss><channel><title>x</title><item><title>broken", "malformed feed")
    nul_story = wire_story(8).replace(" council ", " coun\x00cil ", 1)  # a NUL inside: stored without it
    lines = [json.dumps({"text": wire_story(3), "title": wire_story(3).splitlines()[0]}).encode(), b"{not json",
             json.dumps({"title": "no text here"}).encode(), json.dumps({"text": 42}).encode(),
             b'{"text": "caf\xe9 latin-1 line"}', json.dumps({"text": nul_story}).encode()]
    put("08-broken.jsonl", b"\n".join(lines), None)
    expect[f"{d / '08-broken.jsonl'}:2"] = "not valid JSON"
    expect[f"{d / '08-broken.jsonl'}:3"] = "no 'text' field"
    expect[f"{d / '08-broken.jsonl'}:4"] = "no 'text' field"
    expect[f"{d / '08-broken.jsonl'}:5"] = "not valid UTF-8"
    put("15-empty.jsonl", b"\n\n", "empty input")
    put("09-arabic.txt", "خبر\n\n" + ARABIC, "not English")
    put("10-french.txt", "Affrontements à Bagdad\n\n" + FRENCH, "not English")
    put("11-invalid.json", "{\"text\": \"unterminated", "not valid JSON")
    put("12-controls.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16]) * 200, "binary")
    put("13-bad-utf16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8\x41\x00", "not valid utf-16")
    # good ones, which must be ingested
    put("20-good.txt", wire_story(5), None)
    put("21-utf16-bom.txt", codecs.BOM_UTF16_LE + wire_story(6).encode("utf-16-le"), None)
    put("22-utf8-bom.md", codecs.BOM_UTF8 + article("bread prices").encode("utf-8"), None)
    put("23-not-an-article.json", json.dumps({"settings": True}), None)  # skipped, not failed
    refused = f"http://127.0.0.1:{free_port()}/news/1"
    expect[refused] = "cannot connect"
    expect[f"{base}/missing.html"] = "HTTP 404"
    expect[str(root / "does-not-exist.txt")] = "no such file"
    return [str(d), refused, f"{base}/missing.html", str(root / "does-not-exist.txt")], expect


def test_every_bad_input_is_reported_and_the_rest_ingested(store, tmp_path: Path, extractor, kb) -> None:
    www = tmp_path / "www"
    www.mkdir()
    with serve(str(www)) as base:
        sources, expect = _bad_inputs(tmp_path, base)
        report = Ingestor(store, extractor_factory=lambda: extractor, kb=kb).run(sources)
    assert len(expect) >= 15
    failed = {o.locator: o.reason for o in report.failures}
    for locator, words in expect.items():
        assert locator in failed, f"{locator} was not reported as failed"
        assert words.lower() in failed[locator].lower(), (locator, failed[locator])
    assert set(failed) == set(expect)
    # the good ones: a JSONL line, a plain file, UTF-16 and UTF-8 files with a BOM
    assert report.count("new") == 5
    titles = {d.title for d in queries.list_documents(store)}
    assert {wire_story(5).splitlines()[0], wire_story(6).splitlines()[0], wire_story(3).splitlines()[0],
            wire_story(8).splitlines()[0].replace(" council ", " coun\x00cil ", 1).replace("\x00", ""),
            "Talks on bread prices continue"} == titles
    assert [Path(o.locator).name for o in report.problems if o.status == "skipped"] == ["23-not-an-article.json"]
    # every failure is recorded in the store with its reason
    recorded = {f["source"]: f["reason"] for f in queries.failures(store) if f["outcome"] == "failed"}
    assert recorded == failed
    assert check(store) == []
