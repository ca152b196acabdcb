"""Tests for khabar.extract.pipeline (the Extractor) and khabar.extract.output (the Extraction it
builds): the OUTPUT_FORMAT shape, unique ids, references to existing entities, batch == single
extraction, JSON round trip, metadata and user knowledge-base files.

Articles are short factual summaries of well-documented public events, or fictional (Zorbat, the
Northern Valley Liberation Front, Omar Darwazi and his words); all are written for Khabar tests.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from khabar.extract.ontology import load_ontology
from khabar.extract.pipeline import Extractor
from khabar.model import Document, EntityType, Extraction, Predicate

ARTICLES = [
    Document(
        doc_id="k1",
        title="Rockets Hit Kirkuk Base",
        publisher="Khabar test desk",
        author="A. Tester",
        url="https://example.org/k1",
        published=dt.date(2019, 12, 28),
        published_source="given",
        text=(
            "Rockets Hit Kirkuk Base\n\n"
            "More than 30 rockets were fired at a military base near Kirkuk on Friday. No group claimed "
            "responsibility.\n"
            "Washington blamed Kataib Hezbollah for the attack. The United States designated Kataib Hezbollah a "
            "terrorist organisation in 2009.\n"
            "Omar Darwazi, a fictional analyst at the Zorbat Institute, said the attack was a warning.\n"
            "Written for Khabar tests.\n"
        ),
    ),
    Document(
        doc_id="militias",
        text=(
            "Iran-backed militias have repeatedly attacked US troops since October 2023. Militias backed by Iran "
            "have claimed most of the attacks. US forces responded with air strikes in Iraq and Syria.\n"
        ),
    ),
    Document(
        doc_id="quotes",
        title="Voices from Zorbat",
        text=(
            "Voices from Zorbat\n\n"
            "Omar Darwazi spoke at a meeting in the town hall on Monday.\n"
            '"We will stay until the end," Darwazi said, adding that nobody would be forced out.\n'
            "The Northern Valley Liberation Front, led by Karim al-Fictiwi, controls the town.\n"
        ),
    ),
    Document(doc_id="empty_ish", text="Nothing happened here.\n"),
]

OUTPUT_KEYS = {"doc_id", "entities", "relations", "events", "quotes"}
ENTITY_KEYS = {"id", "name", "type", "aliases", "kb_id"}
RELATION_KEYS = {"subject", "predicate", "object", "evidence", "confidence"}
EVENT_KEYS = {
    "type",
    "mode",
    "date",
    "date_text",
    "location",
    "actors",
    "targets",
    "fatalities",
    "evidence",
    "confidence",
}
QUOTE_KEYS = {"speaker", "speaker_role", "text", "direct"}


@pytest.fixture(scope="module")
def results(extractor) -> list[Extraction]:
    return list(extractor.extract_many(ARTICLES, batch_size=2))


def test_one_extraction_per_document_in_order(results) -> None:
    assert [r.doc_id for r in results] == [d.doc_id for d in ARTICLES]
    assert all(isinstance(r, Extraction) for r in results)


def test_output_has_the_output_format_keys_and_closed_value_sets(results) -> None:
    event_types = set(load_ontology().types)
    assert len(event_types) == 16
    for r in results:
        out = r.to_output()
        assert set(out) >= OUTPUT_KEYS
        for e in out["entities"]:
            assert set(e) >= ENTITY_KEYS
            assert e["type"] in {t.value for t in EntityType}
            assert e["name"] and e["aliases"]
        for rel in out["relations"]:
            assert set(rel) >= RELATION_KEYS
            assert rel["predicate"] in {p.value for p in Predicate}
        for ev in out["events"]:
            assert set(ev) >= EVENT_KEYS
            assert ev["type"] in event_types
            if ev["date"] is not None:
                dt.date.fromisoformat(ev["date"] + "-01" * (2 - ev["date"].count("-")))
        for q in out["quotes"]:
            assert set(q) >= QUOTE_KEYS
            assert isinstance(q["direct"], bool)


def test_every_section_is_populated_somewhere(results) -> None:
    assert any(r.entities for r in results)
    assert any(r.relations for r in results)
    assert any(r.events for r in results)
    assert any(r.quotes for r in results)


def test_entity_ids_are_unique(results) -> None:
    for r in results:
        ids = [e.id for e in r.entities]
        assert len(ids) == len(set(ids))


def test_relations_events_and_quotes_refer_to_existing_entities(results) -> None:
    for r in results:
        ids = {e.id for e in r.entities}
        for rel in r.relations:
            assert {rel.subject, rel.object} <= ids
        for ev in r.events + r.hypothetical_events:
            assert set(ev.actors) <= ids and set(ev.targets) <= ids
            assert ev.location is None or ev.location in ids
            assert ev.claimed_by is None or ev.claimed_by in ids
        for q in r.quotes:
            assert q.speaker in ids


def test_offsets_of_all_spans_index_the_document(results) -> None:
    for doc, r in zip(ARTICLES, results, strict=True):
        for e in r.entities:
            for m in e.mentions:
                assert doc.text[m.start : m.end] == m.text
        for q in r.quotes:
            assert doc.text[q.start : q.end] == q.text
        for d in r.dates:
            assert doc.text[d.start : d.end] == d.text
        for item in [*r.relations, *r.events]:
            assert doc.text[item.start : item.end].strip() == item.evidence


def test_extract_many_equals_extract_per_document(extractor, results) -> None:
    singles = [extractor.extract(d) for d in ARTICLES]
    assert [s.model_dump() for s in singles] == [r.model_dump() for r in results]
    # any batch size, any iterable
    again = list(extractor.extract_many(iter(ARTICLES), batch_size=16))
    assert [a.model_dump() for a in again] == [r.model_dump() for r in results]


def test_extract_many_of_nothing(extractor) -> None:
    assert list(extractor.extract_many([])) == []


def test_json_round_trip(results, tmp_path: Path) -> None:
    for r in results:
        path = tmp_path / f"{r.doc_id}.json"
        path.write_text(json.dumps(r.to_output(), ensure_ascii=False, indent=1), encoding="utf-8")
        back = Extraction.model_validate(json.loads(path.read_text(encoding="utf-8")))
        assert back == r
        assert back.to_output() == r.to_output()


def test_document_metadata_is_carried_over(results) -> None:
    r = results[0]
    assert (r.doc_id, r.title, r.publisher, r.author, r.url) == (
        "k1",
        "Rockets Hit Kirkuk Base",
        "Khabar test desk",
        "A. Tester",
        "https://example.org/k1",
    )
    assert r.published == dt.date(2019, 12, 28)
    assert r.published_source == "given" and not r.published_inferred
    assert r.extractor_version
    assert r.warnings == []


def test_publication_date_is_inferred_from_the_text_with_a_warning(extractor) -> None:
    doc = Document(text="Posted January 4, 2020.\nRockets hit a base near Kirkuk on Friday.\n")
    r = extractor.extract(doc)
    assert r.published == dt.date(2020, 1, 4)
    assert r.published_inferred and r.published_source == "text"
    assert any("inferred 2020-01-04" in w for w in r.warnings)
    assert [e.date for e in r.events if e.type == "ASSAULT"] == ["2020-01-03"]


def test_a_given_publication_date_is_not_inferred(extractor) -> None:
    r = extractor.extract(Document(text="Rockets hit a base near Kirkuk on Friday.\n", published=dt.date(2020, 1, 5)))
    assert r.published == dt.date(2020, 1, 5)
    assert not r.published_inferred


def test_relations_events_and_quotes_of_real_articles(results) -> None:
    k1, militias, quotes = results[0], results[1], results[2]
    assert any(ev.type == "ASSAULT" and ev.date == "2019-12-27" for ev in k1.events)
    names = {e.id: e.name for e in k1.entities}
    assert any(names[q.speaker] == "Omar Darwazi" and "the attack was a warning" in q.text for q in k1.quotes)
    names = {e.id: e.name for e in militias.entities}
    assert any(x.predicate == "BACKED_BY" and names[x.object] == "Iran" for x in militias.relations)
    names = {e.id: e.name for e in quotes.entities}
    assert ("Karim al-Fictiwi", "LEADS", "Northern Valley Liberation Front") in {
        (names[x.subject], x.predicate, names[x.object]) for x in quotes.relations
    }


def test_an_article_without_actors_extracts_nothing(results) -> None:
    assert results[-1].entities == [] and results[-1].events == [] and results[-1].quotes == []


def test_user_kb_file_adds_an_actor(extractor, tmp_path: Path) -> None:
    kb_file = tmp_path / "mine.yaml"
    kb_file.write_text(
        textwrap.dedent(
            """\
            actors:
              - id: northern_valley_front
                name: Northern Valley Liberation Front
                type: ARMED_GROUP
                acronyms: [NVLF]
            """
        ),
        encoding="utf-8",
    )
    mine = Extractor(kb_files=[kb_file])
    doc = Document(text="The NVLF took the fictional town of Zorbat on Monday.\n")
    front = [e for e in mine.extract(doc).entities if e.kb_id == "northern_valley_front"]
    assert len(front) == 1 and front[0].type == "ARMED_GROUP" and front[0].aliases == ["NVLF"]
    # the shared extractor (shipped KB only) does not know the acronym
    assert not any(e.kb_id == "northern_valley_front" for e in extractor.extract(doc).entities)


def test_extractor_reuses_a_given_pipeline(extractor) -> None:
    again = Extractor(nlp=extractor.nlp)
    assert again.nlp is extractor.nlp
    doc = ARTICLES[1]
    assert again.extract(doc).model_dump() == extractor.extract(doc).model_dump()


def test_skipped_stages_leave_their_lists_empty() -> None:
    text = ("Written for Khabar tests\n\nThe Zorbat Liberation Front, a fictional group, attacked a checkpoint "
            "on Monday, its spokesman Omar Fictiwi said.\n")
    lean = Extractor(skip=("quotes", "relations", "events", "dates"))
    ex = lean.extract(Document(text=text, published=dt.date(2024, 5, 8)))
    assert ex.entities and not ex.quotes and not ex.events and not ex.relations and not ex.dates


def test_unknown_stage_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown stage"):
        Extractor(skip=("sentiment",))
