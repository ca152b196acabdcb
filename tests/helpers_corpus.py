"""Helpers for corpus tests: build an :class:`Extraction` by hand (entities found by their names in
the text, so every offset is real) and store it the way ``khabar ingest`` does."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import ClassVar

from khabar.ingest.runner import store_article
from khabar.model import Document, Entity, Event, Extraction, Mention, Quote, Relation
from khabar.resolve.entities import EntityResolver
from khabar.store import Store
from khabar.store.writer import SourceRef


@dataclass
class Ent:
    id: str
    name: str
    type: str
    surfaces: list[str] = field(default_factory=list)
    kb_id: str | None = None
    role: str | None = None


def _sentence_of(text: str, pos: int) -> int:
    return len(re.findall(r"[.!?]\s", text[:pos]))


def build(text: str, ents: list[Ent], *, relations: list[tuple[str, str, str, str]] = (),
          events: list[dict] = (), quotes: list[tuple[str, str, bool]] = (), doc_id: str = "doc",
          published: dt.date | None = None) -> Extraction:
    """Entities with every occurrence of their surfaces as mentions; relations (subj, pred, obj, evidence);
    events (dicts of Event fields with ``evidence``); quotes (speaker, text, direct)."""
    entities = []
    for e in ents:
        mentions = []
        for s in e.surfaces or [e.name]:
            for m in re.finditer(re.escape(s), text):
                mentions.append(Mention(text=s, start=m.start(), end=m.end(), sentence=_sentence_of(text, m.start())))
        assert mentions, f"{e.name!r} does not occur in the text"
        entities.append(Entity(id=e.id, name=e.name, type=e.type, aliases=sorted({m.text for m in mentions}),
                               mentions=mentions, kb_id=e.kb_id, role=e.role, confidence=0.8))
    rels = []
    for subj, pred, obj, ev in relations:
        start = text.index(ev)
        rels.append(Relation(subject=subj, predicate=pred, object=obj, evidence=ev, start=start, end=start + len(ev),
                             sentence=_sentence_of(text, start), confidence=0.8))
    evs = []
    for spec in events:
        start = text.index(spec["evidence"])
        evs.append(Event(**spec, start=start, end=start + len(spec["evidence"]), sentence=_sentence_of(text, start)))
    qs = []
    for speaker, q, direct in quotes:
        start = text.index(q)
        qs.append(Quote(speaker=speaker, text=q, direct=direct, start=start, end=start + len(q),
                        sentence=_sentence_of(text, start)))
    return Extraction(doc_id=doc_id, published=published, extractor_version="test", entities=entities,
                      relations=rels, events=evs, quotes=qs)


def add(store: Store, text: str, extraction: Extraction, *, publisher: str = "Test Wire", locator: str | None = None,
        resolver: EntityResolver | None = None, published: dt.date | None = None) -> int:
    """Store a hand-built extraction of ``text`` as ``khabar ingest`` would; returns the document id."""
    doc = Document(text=text, title=text.splitlines()[0], publisher=publisher, published=published)
    with store.begin() as conn:
        return store_article(conn, doc, extraction, resolver=resolver or EntityResolver(), version="test",
                             source=SourceRef(locator=locator or f"test:{abs(hash(text))}", kind="file",
                                              publisher=publisher))


def cluster_of(store: Store, document_id: int, local_id: str) -> int:
    from sqlalchemy import select

    from khabar.store.schema import DocEntity

    with store.connect() as conn:
        return conn.execute(select(DocEntity.entity_id).where(DocEntity.document_id == document_id,
                                                              DocEntity.local_id == local_id)).scalar_one()


# -- a loopback web server ---------------------------------------------------------------------------


def serve(directory: str):
    """Serve ``directory`` on 127.0.0.1 (a free port) in a thread: ``with serve(d) as base: ...``."""
    import contextlib
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        extensions_map: ClassVar[dict] = {**SimpleHTTPRequestHandler.extensions_map, ".rss": "application/rss+xml",
                          ".atom": "application/atom+xml", ".txt": "text/plain; charset=utf-8",
                          ".html": "text/html; charset=utf-8"}

        def log_message(self, *args: object) -> None:
            pass

    @contextlib.contextmanager
    def run():
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=directory))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()

    return run()


def free_port() -> int:
    """A loopback port nobody listens on."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def article(topic: str, n: int = 6) -> str:
    """A plain English article of ``n`` sentences about ``topic`` (written for Khabar's tests)."""
    sentences = [
        f"Officials in Baghdad said on Monday that the talks about {topic} would continue next week.",
        f"The government has promised to publish a report on {topic} before the end of the month.",
        f"Several members of parliament criticised the delay and asked for a public hearing on {topic}.",
        f"Analysts said the dispute over {topic} reflects a wider struggle between the main parties.",
        f"A spokesman for the ministry said that no decision about {topic} had been taken yet.",
        f"Local residents told reporters that they were waiting for clear answers about {topic}.",
        f"The United Nations mission in Iraq called for calm and for a dialogue on {topic}.",
        f"Talks on {topic} are expected to resume after the religious holiday, diplomats said.",
    ]
    title = f"Talks on {topic} continue"
    return title + "\n\n" + " ".join(sentences[:n]) + "\n"


_PLACES = ["Basra", "Mosul", "Kirkuk", "Najaf", "Karbala", "Ramadi", "Tikrit", "Samarra", "Fallujah", "Erbil",
           "Nasiriyah", "Amarah", "Kut", "Hilla", "Diwaniyah", "Baqubah", "Duhok", "Sulaymaniyah", "Halabja", "Zakho"]
_SUBJECTS = ["electricity cuts", "water shortages", "a bridge repair", "teachers' salaries", "a new hospital",
             "fuel prices", "flooded farmland", "a border crossing", "school exams", "a wheat harvest",
             "road tolls", "a railway line", "housing permits", "a port expansion", "mobile phone masts"]


_SENTENCES = [
    "Members of the provincial council in {place} met on {day} to discuss {subject}.",
    "Residents say the problem of {subject} has grown worse since the {season}.",
    "Officials said about {n} families in the district had written to the governor.",
    "The council asked the ministry in Baghdad for an answer within {weeks} weeks.",
    "A public meeting is planned in {other} before the end of the month.",
    "A local engineer, who asked not to be named, said the budget had been spent elsewhere.",
    "Shopkeepers in the old market of {place} closed early in protest.",
    "A small crowd gathered outside the council building until the evening.",
    "The governor's office declined to comment when contacted by telephone.",
    "Two members walked out of the session, calling the plan for {subject} a waste of money.",
    "Farmers from villages near {other} joined the protest on the second day.",
    "The deputy governor promised that {n2} new jobs would be created in {place}.",
    "Local radio stations in {other} broadcast the debate live.",
    "Students from the university of {place} handed a petition to the council chairman.",
    "A report by the council's audit committee is expected in {season}.",
    "The ministry said it had sent a team of {n3} inspectors to {place}.",
]


def wire_story(i: int) -> str:
    """A distinct plain-English local news story for index ``i`` (written for Khabar's tests): its
    sentences, their order and their details all vary with ``i``, so two stories are not near-duplicates."""
    import random

    rnd = random.Random(i)
    slots = {"place": rnd.choice(_PLACES), "other": rnd.choice(_PLACES), "subject": rnd.choice(_SUBJECTS),
             "day": rnd.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Sunday"]),
             "season": rnd.choice(["spring", "summer", "autumn", "winter"]), "n": rnd.randint(50, 5000),
             "n2": rnd.randint(10, 900), "n3": rnd.randint(2, 40), "weeks": rnd.randint(2, 9)}
    picked = rnd.sample(_SENTENCES, 8)
    title = f"{slots['place']} council debates {slots['subject']}"
    return title + "\n\n" + " ".join(x.format(**slots) for x in picked) + "\n"
