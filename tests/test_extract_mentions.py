"""Tests for khabar.extract.mentions (name mentions: KB names, corrected model entities, acronym
definitions, capital metonymy), through the real pipeline ``Extractor().extract(Document(...))``.

Articles are short factual summaries of well-documented public events, or use clearly fictional
names (the Northern Valley Liberation Front, Zorbat); all are written for Khabar tests.
"""

from __future__ import annotations

import pytest

from khabar.model import Document, Entity, Extraction

DOCS = {
    # Written for Khabar tests: the PMF were formed in June 2014 after al-Sistani's fatwa.
    "pmf": "The Popular Mobilisation Forces (PMF) were formed in June 2014 after a fatwa by Grand Ayatollah Ali "
    "al-Sistani. The PMF became part of Iraq's security forces in 2016.\n",
    # Written for Khabar tests: the ELN is Colombia's largest remaining guerrilla group.
    "eln": "Colombia's National Liberation Army, or ELN, is the country's largest remaining guerrilla group. "
    "The ELN has held peace talks with the government.\n",
    # Fictional group and town.
    "unknown": "Fighters of the Northern Valley Liberation Front seized two villages near the town of Zorbat on "
    "Tuesday. The front's fighters were seen in pickup trucks.\n",
    # A headline in title case; written for Khabar tests.
    "headline": "Rebel Fighters Spark Fresh Battle in the North\n\nRockets were fired at a base near Erbil on Friday. "
    "Nobody was hurt.\n",
    # Written for Khabar tests: Iran and Saudi Arabia agreed in Beijing in March 2023 to restore ties;
    # a Saudi delegation visited Tehran in April 2023.
    "capital": "Tehran welcomed the China-brokered agreement with Saudi Arabia in March 2023. A Saudi delegation "
    "travelled to Tehran in April.\n",
    # Written for Khabar tests: the US designated Kata'ib Hezbollah a terrorist organisation in 2009.
    # Curly apostrophes, non-breaking spaces and CRLF line ends must not shift any offset.
    "unicode": "Kata\u2019ib Hezbollah was designated a terrorist organisation by the United\u00a0States in 2009.\r\n"
    "Iraq\u2019s government did not comment.\r\n",
    # Written for Khabar tests: Qais al-Khazali has led Asa'ib Ahl al-Haq since 2007.
    "titles": "Sheikh Qais al-Khazali has led Asa'ib Ahl al-Haq since 2007. Khazali is also a politician in Baghdad.\n",
}
TITLED = {"headline": "Rebel Fighters Spark Fresh Battle in the North"}


@pytest.fixture(scope="module")
def results(extractor) -> dict[str, tuple[Document, Extraction]]:
    docs = [Document(text=t, doc_id=k, title=TITLED.get(k)) for k, t in DOCS.items()]
    return {d.doc_id: (d, ex) for d, ex in zip(docs, extractor.extract_many(docs), strict=True)}


def by_surface(ex: Extraction, surface: str) -> Entity:
    hits = [e for e in ex.entities if any(m.text == surface for m in e.mentions)]
    assert len(hits) == 1, f"{surface!r}: {[(e.name, [m.text for m in e.mentions]) for e in ex.entities]}"
    return hits[0]


# -- offsets ----------------------------------------------------------------------------------------


def test_every_mention_slices_the_document_text(results) -> None:
    for doc, ex in results.values():
        for e in ex.entities:
            assert e.mentions, e
            for m in e.mentions:
                assert doc.text[m.start : m.end] == m.text, (doc.doc_id, e.name, m)
                assert m.text in e.aliases


def test_offsets_survive_curly_apostrophes_nbsp_and_crlf(results) -> None:
    _, ex = results["unicode"]
    kh = by_surface(ex, "Kata\u2019ib Hezbollah")  # the original spelling, not the analysis copy's
    assert kh.kb_id == "kataib_hezbollah"
    us = by_surface(ex, "United\u00a0States")
    assert us.kb_id == "united_states"
    assert [m.sentence for m in kh.mentions] == [0]
    iraq = by_surface(ex, "Iraq")
    assert iraq.mentions[0].sentence == 1


# -- knowledge-base names ------------------------------------------------------------------------


def test_kb_names_get_kb_ids_canonical_names_and_types(results) -> None:
    _, ex = results["pmf"]
    pmf = by_surface(ex, "Popular Mobilisation Forces")
    assert (pmf.kb_id, pmf.name, pmf.type) == (
        "popular_mobilization_forces",
        "Popular Mobilization Forces",
        "ARMED_GROUP",
    )
    iraq = by_surface(ex, "Iraq")
    assert (iraq.kb_id, iraq.type) == ("iraq", "STATE")


def test_person_titles_are_a_role_not_part_of_the_name(results) -> None:
    _, ex = results["titles"]
    khazali = [e for e in ex.entities if e.kb_id == "qais_al_khazali"]
    assert len(khazali) == 1
    assert khazali[0].name == "Qais al-Khazali" and khazali[0].type == "PERSON"
    assert khazali[0].role == "Sheikh"
    assert "Sheikh Qais al-Khazali" in khazali[0].aliases
    assert [m.text for m in khazali[0].mentions] == ["Qais al-Khazali", "Khazali"]
    assert by_surface(ex, "Baghdad").type == "LOCATION"


# -- acronym definitions ---------------------------------------------------------------------------


def test_bracketed_acronym_definition_joins_its_name(results) -> None:
    _, ex = results["pmf"]
    pmf = by_surface(ex, "PMF")
    assert pmf is by_surface(ex, "Popular Mobilisation Forces")
    assert [m.text for m in pmf.mentions] == ["Popular Mobilisation Forces", "PMF", "PMF"]


def test_comma_or_acronym_definition_joins_its_name(results) -> None:
    _, ex = results["eln"]
    eln = by_surface(ex, "National Liberation Army")
    assert eln is by_surface(ex, "ELN")
    assert eln.type == "ARMED_GROUP"
    assert [m.text for m in eln.mentions] == ["National Liberation Army", "ELN", "ELN"]


# -- unknown actors ---------------------------------------------------------------------------------


def test_actor_unknown_to_the_kb_is_found_and_typed(results) -> None:
    _, ex = results["unknown"]
    front = by_surface(ex, "Northern Valley Liberation Front")
    assert front.kb_id is None
    assert front.type == "ARMED_GROUP"
    assert front.name == "Northern Valley Liberation Front"
    assert by_surface(ex, "Zorbat").type == "LOCATION"


def test_unknown_armed_group_keeps_its_type_when_mostly_named_by_acronym(extractor) -> None:
    text = (
        "Fighters of the Northern Valley Liberation Front (NVLF) seized two villages near the fictional town "
        "of Zorbat on Tuesday. The NVLF said the villages were now under its control.\n"
    )
    ex = extractor.extract(Document(text=text))
    front = by_surface(ex, "Northern Valley Liberation Front")
    assert front is by_surface(ex, "NVLF")
    assert front.type == "ARMED_GROUP"


def test_organisation_the_model_left_unlabelled_is_found(extractor) -> None:
    # the model tags the second group and the town, not "The Fictiwa Brigade" (fictional names)
    text = "The Fictiwa Brigade clashed with the Northern Valley Liberation Front near Zorbat.\n"
    ex = extractor.extract(Document(text=text))
    brigade = by_surface(ex, "Fictiwa Brigade")
    assert brigade.type == "ARMED_GROUP"
    assert brigade is not by_surface(ex, "Northern Valley Liberation Front")


def test_demonym_before_a_widened_kb_name_belongs_to_it(extractor) -> None:
    # the KB name "Revolutionary Guards" widens to "Islamic Revolutionary Guards", then takes "Iranian";
    # written for Khabar tests: the US designated the IRGC a terrorist organisation in April 2019
    text = "The United States designated the Iranian Islamic Revolutionary Guards a terrorist organisation in 2019.\n"
    ex = extractor.extract(Document(text=text))
    irgc = by_surface(ex, "Iranian Islamic Revolutionary Guards")
    assert irgc.kb_id == "irgc"


def test_province_after_a_place_name_belongs_to_the_mention(extractor) -> None:
    # written for Khabar tests: Sulaimani (Sulaymaniyah) is a province of the Kurdistan Region
    ex = extractor.extract(Document(text="Police patrolled Sulaimani province in 2023.\n"))
    place = by_surface(ex, "Sulaimani province")
    assert place.kb_id is not None and "Sulaimani" in place.aliases


def test_names_joined_by_a_slash_are_two(extractor) -> None:
    # fictional outlets in a credit line the model reads as one name
    text = "The Fictiwa Brigade said it had withdrawn, Zorbat Daily / Valley Post reported on Monday.\n"
    ex = extractor.extract(Document(text=text))
    names = {e.name for e in ex.entities}
    assert {"Zorbat Daily", "Valley Post"} <= names, names


def test_a_state_named_inside_an_outlets_name_is_not_an_actor(extractor) -> None:
    # "Pakistan Point News" is an outlet (written for Khabar tests); Pakistan is not mentioned as an actor
    ex = extractor.extract(Document(text="The report was carried by Pakistan Point News on Monday.\n"))
    assert "Pakistan" not in {e.name for e in ex.entities}


@pytest.mark.parametrize(
    "text",
    [
        # the model reads "Fighters of the Fictiwa Brigade" as an organisation here (fictional names) ...
        "Rebels seize town\nFighters of the Fictiwa Brigade seized the town of Velmarro on Monday after two days "
        'of clashes with the Zorbat Guard, residents said.\n"We have taken full control," brigade spokesman Omar '
        "Darwazi told reporters.\n",
        # ... and as a work of art here
        "Rebels seize town\n\nFighters of the Fictiwa Brigade seized the town on Monday, residents said.\n",
    ],
)
def test_members_of_a_group_are_not_part_of_its_name(extractor, text: str) -> None:
    ex = extractor.extract(Document(text=text))
    assert "Fictiwa Brigade" in {e.name for e in ex.entities}, [e.name for e in ex.entities]


def test_name_after_town_of_is_a_place(extractor) -> None:
    # the model takes the fictional "Velmarro" for a person here
    ex = extractor.extract(Document(text="Rebels said they had captured the town of Velmarro on Friday.\n"))
    assert by_surface(ex, "Velmarro").type == "LOCATION"


# -- headlines -------------------------------------------------------------------------------------


def test_headline_junk_is_dropped(results) -> None:
    doc, ex = results["headline"]
    body_start = doc.text.index("Rockets")
    for e in ex.entities:
        assert not any(w in e.name for w in ("Spark", "Battle", "Fighters Spark")), e.name
        # unknown to the KB and only in the headline: not an entity
        if e.kb_id is None:
            assert any(m.start >= body_start for m in e.mentions), e
    assert by_surface(ex, "Erbil").kb_id == "erbil"


HEADLINE_KB = "Kataib Hezbollah Rejects Talks\n\nThe group said it would not negotiate.\n"


def test_kb_names_in_a_headline_count(extractor) -> None:
    # Written for Khabar tests: Kata'ib Hezbollah is an Iraqi armed group.
    ex = extractor.extract(Document(text=HEADLINE_KB, title="Kataib Hezbollah Rejects Talks"))
    kh = [e for e in ex.entities if e.kb_id == "kataib_hezbollah"]
    assert len(kh) == 1 and kh[0].type == "ARMED_GROUP"
    assert kh[0].mentions[0].start == 0
    assert not any(e.kb_id is None and "Talks" in e.name for e in ex.entities)


def test_kb_name_in_a_headline_does_not_swallow_headline_words(extractor) -> None:
    ex = extractor.extract(Document(text=HEADLINE_KB, title="Kataib Hezbollah Rejects Talks"))
    kh = next(e for e in ex.entities if e.kb_id == "kataib_hezbollah")
    assert [m.text for m in kh.mentions] == ["Kataib Hezbollah"]
    assert "Kataib Hezbollah Rejects Talks" not in kh.aliases


# -- capital metonymy ----------------------------------------------------------------------------------


def test_acting_capital_is_its_state_and_a_place_capital_stays_a_place(results) -> None:
    doc, ex = results["capital"]
    first = doc.text.index("Tehran")
    second = doc.text.index("Tehran", first + 1)
    acting = next(e for e in ex.entities if any(m.start == first for m in e.mentions))
    place = next(e for e in ex.entities if any(m.start == second for m in e.mentions))
    assert (acting.kb_id, acting.type) == ("iran", "STATE")
    assert (place.kb_id, place.type) == ("tehran", "LOCATION")
    assert acting is not place


def test_person_opening_the_lede_after_a_heading_is_found(extractor) -> None:
    # Written for Khabar tests: Qais al-Khazali leads Asa'ib Ahl al-Haq.
    text = "Iraqi militias and the state\n\nQais al-Khazali leads Asa'ib Ahl al-Haq.\n"
    ex = extractor.extract(Document(text=text))
    assert by_surface(ex, "Qais al-Khazali").kb_id == "qais_al_khazali"


def test_captured_capital_stays_a_place(extractor) -> None:
    # Written for Khabar tests: the Houthis seized Sanaa in September 2014.
    ex = extractor.extract(Document(text="The Houthis seized Sanaa in September 2014.\n"))
    sanaa = by_surface(ex, "Sanaa")
    assert (sanaa.kb_id, sanaa.type) == ("sanaa", "LOCATION")
