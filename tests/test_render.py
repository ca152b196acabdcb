"""Tests for khabar.render: the Rich text summary of an extraction (recorded with Console(record=True)).

The extraction is built by hand from the real model classes (fictional actors: the Northern Valley
Liberation Front, Karim al-Fictiwi, Omar Darwazi, Zorbat), plus one real extraction of an article
written for Khabar tests.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rich.console import Console

from khabar.model import Document, Entity, Event, Extraction, Mention, Quote, Relation
from khabar.render import entities_table, events_table, print_summary, quotes_panel, relations_table


def _m(text: str, start: int) -> Mention:
    return Mention(text=text, start=start, end=start + len(text))


@pytest.fixture
def extraction() -> Extraction:
    return Extraction(
        doc_id="zorbat-1",
        title="Fighting near Zorbat",
        publisher="Fictional Herald",
        published=dt.date(2024, 3, 2),
        published_inferred=True,
        entities=[
            Entity(
                id="e1",
                name="Northern Valley Liberation Front",
                type="ARMED_GROUP",
                aliases=["Northern Valley Liberation Front", "NVLF"],
                mentions=[_m("Northern Valley Liberation Front", 0), _m("NVLF", 40), _m("NVLF", 90)],
            ),
            Entity(
                id="e2",
                name="Karim al-Fictiwi",
                type="PERSON",
                aliases=["Karim al-Fictiwi", "Fictiwi"],
                mentions=[_m("Karim al-Fictiwi", 120)],
                role="commander",
            ),
            Entity(
                id="e3",
                name="Zorbat",
                type="LOCATION",
                aliases=["Zorbat"],
                mentions=[_m("Zorbat", 150)],
                kb_id="zorbat_town",
            ),
            Entity(
                id="e4",
                name="Omar Darwazi",
                type="PERSON",
                aliases=["Omar Darwazi"],
                mentions=[_m("Omar Darwazi", 200)],
            ),
        ],
        relations=[
            Relation(
                subject="e2",
                predicate="LEADS",
                object="e1",
                confidence=0.8,
                evidence="The Northern Valley Liberation Front, led by Karim al-Fictiwi, holds Zorbat.",
            ),
        ],
        events=[
            Event(
                type="RETREAT",
                mode="withdraw",
                actors=["e1"],
                location="e3",
                date=None,
                evidence="The front later withdrew.",
                start=300,
            ),
            Event(
                type="ASSAULT",
                mode="explosion",
                actors=["e1"],
                targets=["e3"],
                location="e3",
                date="2024-03-01",
                fatalities=0,
                evidence="The front shelled Zorbat on Friday.",
                start=250,
            ),
            Event(type="AGREE", actors=["e1"], date="2024-02-20", evidence="A truce was agreed.", start=100),
        ],
        quotes=[
            Quote(speaker="e4", speaker_role="political analyst", text="the truce will not hold", direct=False),
            Quote(speaker="e2", speaker_role="commander", text="We will return", direct=True),
            Quote(speaker="e4", speaker_role="local journalist", text="Nobody trusts the other side", direct=True),
        ],
        warnings=["publication date not given; inferred 2024-03-02 from the text"],
    )


def render(obj) -> str:
    console = Console(record=True, width=240, color_system=None)
    console.print(obj)
    return console.export_text()


def summary(ex: Extraction) -> str:
    console = Console(record=True, width=240, color_system=None)
    print_summary(ex, console)
    return console.export_text()


def test_summary_shows_head_and_metadata(extraction) -> None:
    out = summary(extraction)
    assert "Fighting near Zorbat" in out
    assert "Fictional Herald" in out and "2024-03-02" in out
    assert "(publication date inferred)" in out
    assert "warning: publication date not given" in out


def test_actors_table_lists_every_entity(extraction) -> None:
    out = render(entities_table(extraction))
    assert "Actors (4)" in out
    for name in ("Northern Valley Liberation Front", "Karim al-Fictiwi", "Zorbat", "Omar Darwazi"):
        assert name in out
    assert "NVLF" in out and "zorbat_town" in out
    line = next(line for line in out.splitlines() if "Northern Valley Liberation Front" in line)
    assert "ARMED_GROUP" in line and " 3 " in line  # three mentions


def test_relations_use_entity_names(extraction) -> None:
    out = render(relations_table(extraction))
    line = next(line for line in out.splitlines() if "LEADS" in line)
    assert line.index("Karim al-Fictiwi") < line.index("LEADS") < line.index("Northern Valley Liberation Front")
    assert "0.80" in line


def test_events_are_sorted_by_date_with_undated_last(extraction) -> None:
    out = render(events_table(extraction))
    rows = [line for line in out.splitlines() if any(t in line for t in ("AGREE", "ASSAULT", "RETREAT"))]
    assert [next(t for t in ("AGREE", "ASSAULT", "RETREAT") if t in r) for r in rows] == ["AGREE", "ASSAULT", "RETREAT"]
    assert "2024-02-20" in rows[0] and "2024-03-01" in rows[1] and "?" in rows[2]
    assert "Zorbat" in rows[1] and "explosion" in rows[1]

    def cells(row: str) -> list[str]:
        return [c.strip() for c in row.strip().split("│")[1:-1]]

    assert cells(rows[1])[-2:] == ["asserted", "0"]  # status, and fatalities shown even when zero
    assert cells(rows[2])[-2:] == ["asserted", ""]  # unknown toll left blank


def test_quotes_are_grouped_by_speaker_with_roles(extraction) -> None:
    out = render(quotes_panel(extraction))
    assert "Quotes (3)" in out
    lines = out.splitlines()
    darwazi = next(i for i, line in enumerate(lines) if "Omar Darwazi" in line)
    fictiwi = next(i for i, line in enumerate(lines) if "Karim al-Fictiwi" in line)
    # one heading per speaker, all their quotes under it, roles joined
    assert sum("Omar Darwazi" in line for line in lines) == 1
    assert "(local journalist; political analyst)" in lines[darwazi]
    assert "(commander)" in lines[fictiwi]
    block = lines[darwazi + 1 : darwazi + 3]
    assert any("the truce will not hold" in line for line in block)
    assert any("“Nobody trusts the other side”" in line for line in block)  # direct quotes in marks
    assert not any("“the truce will not hold”" in line for line in lines)  # reported speech without


def test_empty_sections_are_not_printed(extraction) -> None:
    bare = extraction.model_copy(
        update={"relations": [], "events": [], "quotes": [], "warnings": [], "published_inferred": False}
    )
    out = summary(bare)
    assert "Actors (4)" in out
    assert "Relations" not in out and "Events" not in out and "Quotes" not in out
    assert "inferred" not in out and "warning" not in out
    assert "Quotes (0)" in render(quotes_panel(bare)) and "none" in render(quotes_panel(bare))


def test_summary_of_a_real_extraction(extractor) -> None:
    # Written for Khabar tests: the K1 base attack near Kirkuk, Friday 27 December 2019; a fictional analyst.
    text = (
        "Rockets Hit Kirkuk Base\n\n"
        "More than 30 rockets were fired at a military base near Kirkuk on Friday.\n"
        "Political analyst Omar Darwazi said the attack was a warning.\n"
    )
    ex = extractor.extract(
        Document(text=text, title="Rockets Hit Kirkuk Base", published=dt.date(2019, 12, 28), published_source="given")
    )
    out = summary(ex)
    assert "Rockets Hit Kirkuk Base" in out
    assert "Kirkuk" in out and "2019-12-27" in out and "ASSAULT" in out
    assert "Omar Darwazi (Political analyst)" in out
    assert "the attack was a warning" in out
