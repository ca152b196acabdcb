"""The document view's highlighting: cut at every boundary, innermost mention wins, every piece escaped,
each statement anchored once."""

from __future__ import annotations

from khabar.store.views import EntityRef, MentionSpan
from khabar.web.highlight import render, segments, to_json

TEXT = 'Ali <b>Hamid</b> said "we & they" in Basra.'


def _m(i: int, start: int, end: int, eid: int | None, typ: str = "PERSON") -> MentionSpan:
    ent = EntityRef(id=eid, name=f"E{eid}", type=typ) if eid is not None else None
    return MentionSpan(id=i, doc_entity=i, start=start, end=end, text=TEXT[start:end], type=typ, entity=ent)


def _st(i: int, kind: str, start: int, end: int, **extra) -> dict:
    return {
        "id": i,
        "kind": kind,
        "label": extra.pop("label", "X"),
        "start": start,
        "end": end,
        "evidence": TEXT[start:end],
        "args": extra.pop("args", []),
        **extra,
    }


def test_segments_rebuild_the_text_and_pick_the_innermost_mention() -> None:
    whole = _m(1, 0, 16, 7)  # 'Ali <b>Hamid</b>'
    inner = _m(2, 7, 12, 8)  # 'Hamid'
    b = TEXT.index("Basra")
    basra = _m(3, b, b + 5, None, "LOCATION")
    quote = _st(10, "quote", 17, b + 5, label="indirect", args=[{"role": "speaker", "entity": {"id": 7, "name": "E7"}}])
    segs = segments(TEXT, [whole, inner, basra], [quote])
    assert "".join(s.text for s in segs) == TEXT
    by_text = {s.text: s for s in segs}
    assert by_text["Hamid"].mention.id == 2 and by_text["Ali <b>"].mention.id == 1
    assert by_text["Basra"].mention.entity is None and by_text["Basra"].statements == [quote]
    assert by_text["Hamid"].href() == "/actors/8"
    assert by_text['said "we & they" in '].href() == "/actors/7#quotes"
    assert to_json(segs)[0]["entity"]["id"] == 7


def test_render_escapes_text_and_attributes() -> None:
    segs = segments(TEXT, [_m(1, 0, 16, 7)], [_st(5, "event", 17, 42, event=3, label="ASSAULT", date="2024-01-02")])
    html = str(render(segs))
    assert "<b>" not in html and "&lt;b&gt;Hamid&lt;/b&gt;" in html
    assert "&#34;we &amp; they&#34;" in html
    assert '<a class="hl m t-person" title="E7 (PERSON)" data-entity="7" href="/actors/7">' in html
    assert 'href="/events/3"' in html and 'id="st-5"' in html and html.count('id="st-5"') == 1


def test_payload_in_names_becomes_text() -> None:
    text = "X <img src=x onerror=alert(1)> Y"
    m = MentionSpan(
        id=1,
        doc_entity=1,
        start=2,
        end=31,
        text=text[2:31],
        type="ARMED_GROUP",
        entity=EntityRef(id=1, name='"><script>alert(1)</script>', type="ARMED_GROUP"),
    )
    html = str(render(segments(text, [m], [])))
    assert "<img" not in html and "<script" not in html
    assert 'title="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt; (ARMED_GROUP)"' in html


def test_statements_starting_together_each_get_an_anchor_and_bad_offsets_are_ignored() -> None:
    a = _st(1, "relation", 0, 10, args=[{"role": "subject", "entity": {"id": 4, "name": "S"}}])
    b = _st(2, "event", 0, 20, event=9)
    bad = _st(3, "quote", 30, 999)
    segs = segments(TEXT, [], [a, b, bad, {**a, "id": 4, "start": None, "end": None}])
    html = str(render(segs))
    assert 'id="st-1"' in html and 'id="st-2"' in html and 'id="st-3"' not in html
    assert segs[0].href() == "/events/9"  # an event outranks a relation
    assert "".join(s.text for s in segs) == TEXT
