"""Tests for khabar.extract.cluster (in-article resolution: one entity per real-world thing), through
the real pipeline ``Extractor().extract(Document(...))``.

Articles are short factual summaries of well-documented public events, or use clearly fictional
people, groups and places (the al-Fictiwi brothers, the Northern Valley Liberation Front, Zorbat) for
the traps; all are written for Khabar tests.
"""

from __future__ import annotations

import pytest

from khabar.model import Document, Entity, Extraction

DOCS = {
    # Qais al-Khazali has led Asa'ib Ahl al-Haq since 2007; the US sanctioned him in December 2019.
    "surname": "Qais al-Khazali has led Asa'ib Ahl al-Haq since 2007. In 2019 the United States sanctioned "
    "Khazali. Sheikh Qais al-Khazaali is also a politician.\n",
    # Kata'ib Hezbollah, founded by Abu Mahdi al-Muhandis; blamed by Washington for the K1 attack (Dec 2019).
    "aliases": "Kataib Hezbollah was founded by Abu Mahdi al-Muhandis. Washington blamed Iraqi Hezbollah for the "
    "December 2019 rocket attack on the K1 base near Kirkuk.\n",
    # Fictional brothers sharing a surname.
    "trap": "Karim al-Fictiwi and Samir al-Fictiwi are brothers from the fictional town of Zorbat. Karim "
    "al-Fictiwi commands the Northern Valley Liberation Front, while Samir al-Fictiwi runs a bakery. Karim "
    "al-Fictiwi rarely visits.\n",
    # Fictional group named in full, then by an undefined acronym; a fictional person in three spellings.
    "variants": "The Northern Valley Liberation Front took Zorbat on Monday. Two days later the NVLF withdrew. "
    "Karim al-Fictiwi, the group's commander, said the withdrawal was tactical. Kareem al-Fictiwi later said "
    "the fighters would return.\n",
    # The Sudanese army has fought the Rapid Support Forces since April 2023 (general knowledge).
    "army": "The Sudanese army has fought the Rapid Support Forces since April 2023. Army officers say the "
    "army will not negotiate.\n",
}


@pytest.fixture(scope="module")
def results(extractor) -> dict[str, tuple[Document, Extraction]]:
    docs = [Document(text=t, doc_id=k) for k, t in DOCS.items()]
    return {d.doc_id: (d, ex) for d, ex in zip(docs, extractor.extract_many(docs), strict=True)}


def by_surface(ex: Extraction, surface: str) -> Entity:
    hits = [e for e in ex.entities if any(m.text == surface for m in e.mentions)]
    assert len(hits) == 1, f"{surface!r}: {[(e.name, [m.text for m in e.mentions]) for e in ex.entities]}"
    return hits[0]


def test_entity_ids_are_unique_and_numbered_in_order(results) -> None:
    for _, ex in results.values():
        assert [e.id for e in ex.entities] == [f"e{i}" for i in range(1, len(ex.entities) + 1)]


def test_no_mention_belongs_to_two_entities(results) -> None:
    for _, ex in results.values():
        spans = [(m.start, m.end) for e in ex.entities for m in e.mentions]
        assert len(spans) == len(set(spans))


def test_bare_surname_and_spelling_variant_join_the_full_name(results) -> None:
    _, ex = results["surname"]
    khazali = by_surface(ex, "Qais al-Khazali")
    assert khazali is by_surface(ex, "Khazali")
    assert khazali is by_surface(ex, "Qais al-Khazaali")
    assert khazali.kb_id == "qais_al_khazali" and khazali.name == "Qais al-Khazali"
    assert len([e for e in ex.entities if e.type == "PERSON"]) == 1
    assert {"Qais al-Khazali", "Khazali", "Qais al-Khazaali", "Sheikh Qais al-Khazaali"} <= set(khazali.aliases)


def test_kb_aliases_join_one_entity(results) -> None:
    _, ex = results["aliases"]
    kh = by_surface(ex, "Kataib Hezbollah")
    assert kh is by_surface(ex, "Iraqi Hezbollah")
    assert kh.kb_id == "kataib_hezbollah" and kh.name == "Kata'ib Hezbollah"
    assert [m.text for m in kh.mentions] == ["Kataib Hezbollah", "Iraqi Hezbollah"]
    # "Washington" acts here: it is the United States, a separate entity
    assert by_surface(ex, "Washington").kb_id == "united_states"


def test_same_surname_different_people_stay_two(results) -> None:
    _, ex = results["trap"]
    karim = by_surface(ex, "Karim al-Fictiwi")
    samir = by_surface(ex, "Samir al-Fictiwi")
    assert karim is not samir
    assert karim.type == samir.type == "PERSON"
    assert karim.kb_id is None and samir.kb_id is None
    assert len(karim.mentions) == 3 and len(samir.mentions) == 2


def test_unknown_org_acronym_and_person_spellings_join(results) -> None:
    _, ex = results["variants"]
    front = by_surface(ex, "Northern Valley Liberation Front")
    assert front is by_surface(ex, "NVLF")
    assert front.type == "ARMED_GROUP"
    karim = by_surface(ex, "Karim al-Fictiwi")
    assert karim is by_surface(ex, "Kareem al-Fictiwi")
    assert karim.type == "PERSON"


def test_entity_names_come_from_trusted_mentions(extractor) -> None:
    # Written for Khabar tests: a fictional title-case headline naming a fictional group.
    text = "Valley Front Fighters Seize Zorbat\n\nThe Northern Valley Liberation Front took Zorbat on Monday.\n"
    ex = extractor.extract(Document(text=text, title="Valley Front Fighters Seize Zorbat"))
    front = by_surface(ex, "Northern Valley Liberation Front")
    assert front.name == "Northern Valley Liberation Front"
    assert not any("Seize" in e.name for e in ex.entities)


def test_bare_surname_does_not_become_a_place(extractor) -> None:
    # Written for Khabar tests: Qassem Soleimani was killed by a US drone strike near Baghdad airport in
    # January 2020; he had led the Quds Force since 1998.
    text = (
        "Qassem Soleimani, the commander of the Quds Force, was killed in a US drone strike near Baghdad "
        "airport in January 2020. Soleimani had led the force since 1998.\n"
    )
    ex = extractor.extract(Document(text=text))
    soleimani = by_surface(ex, "Qassem Soleimani")
    assert soleimani is by_surface(ex, "Soleimani")
    assert not any(e.kb_id == "sulaymaniyah" for e in ex.entities)


def test_bare_army_joins_the_one_named_army(results) -> None:
    _, ex = results["army"]
    army = by_surface(ex, "Sudanese army")
    forms = {m.text.lower() for m in army.mentions}
    assert "army" in forms, [(e.name, [m.text for m in e.mentions]) for e in ex.entities]
    assert not [e for e in ex.entities if e is not army and e.name.lower() == "army"]
