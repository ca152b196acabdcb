"""Tests for khabar.extract.nominals (descriptive actor mentions and their owners and backers),
through the real pipeline ``Extractor().extract(Document(...))``.

The articles are short factual summaries of well-documented public events, written for Khabar tests.
"""

from __future__ import annotations

import pytest

from khabar.model import Document, Entity, Extraction

DOCS = {
    # Iran denies arming Yemen's Houthis.
    "regime": "The Iranian regime has denied arming the Houthis in Yemen. Iran says the group acts independently.\n",
    # Attacks on US troops in Iraq and Syria by Iran-backed militias since October 2023; US air strikes in
    # response (February 2024).
    "collective": "Iran-backed militias have repeatedly attacked US troops since October 2023. Militias backed by "
    "Iran have claimed most of the attacks. US forces responded with air strikes in Iraq and Syria. Iraqi "
    "militias have threatened further attacks.\n",
    # Two backers in one article: Turkish-backed and Iran-backed armed groups in Syria.
    "two_backers": "In northern Syria, Turkish-backed militias fought Kurdish-led forces, while Iran-backed "
    "militias operated near Deir ez-Zor. The Iran-backed militias were hit by air strikes.\n",
    # Tishreen protests, Baghdad, October 2019.
    "security": "Security forces fired tear gas at protesters in Baghdad in October 2019. Iraqi security forces "
    "were accused of using live ammunition.\n",
    # The Tigray war, 2020-2022.
    "owned_army": "Ethiopia's army and Eritrean troops fought the Tigray People's Liberation Front from 2020 to "
    "2022. The Ethiopian military said in 2022 that the war was over.\n",
    # Rebels took Aleppo in late November 2024; Assad's government fell on 8 December 2024.
    "leader_owner": "The Syrian government lost Aleppo to rebels in November 2024. Bashar al-Assad's government "
    "fell on 8 December 2024.\n",
    # Mali's junta ordered French troops out in 2022; the army has ruled Mali since the 2020 coup.
    "governed_verb": "Mali turned to Russia after ordering French troops to leave in 2022. The army has ruled "
    "Mali since the 2020 coup.\n",
}


@pytest.fixture(scope="module")
def results(extractor) -> dict[str, tuple[Document, Extraction]]:
    docs = [Document(text=t, doc_id=k) for k, t in DOCS.items()]
    return {d.doc_id: (d, ex) for d, ex in zip(docs, extractor.extract_many(docs), strict=True)}


def by_surface(ex: Extraction, surface: str) -> Entity:
    hits = [e for e in ex.entities if any(m.text == surface for m in e.mentions)]
    assert len(hits) == 1, f"{surface!r}: {[(e.name, [m.text for m in e.mentions]) for e in ex.entities]}"
    return hits[0]


def test_nominal_mentions_slice_the_text(results) -> None:
    for doc, ex in results.values():
        for e in ex.entities:
            for m in e.mentions:
                assert doc.text[m.start : m.end] == m.text


def test_demonym_regime_is_the_state(results) -> None:
    _, ex = results["regime"]
    iran = by_surface(ex, "Iranian regime")
    assert (iran.kb_id, iran.type, iran.name) == ("iran", "STATE", "Iran")
    assert iran is by_surface(ex, "Iran")
    assert not any(e.name.lower().endswith("regime") for e in ex.entities)


def test_backed_militias_in_every_phrasing_are_one_collective(results) -> None:
    _, ex = results["collective"]
    militias = by_surface(ex, "Iran-backed militias")
    assert militias is by_surface(ex, "Militias backed by Iran")
    assert militias is by_surface(ex, "Iraqi militias")
    assert militias.type == "ARMED_GROUP"
    assert militias.kb_id is None
    assert len([e for e in ex.entities if e.type == "ARMED_GROUP"]) == 1
    # the backer is an entity of its own, not a mention of the collective
    iran = by_surface(ex, "Iran")
    assert iran is not militias and iran.kb_id == "iran"


def test_us_troops_and_us_forces_are_one_entity_and_name_the_us(results) -> None:
    _, ex = results["collective"]
    troops = by_surface(ex, "US troops")
    assert troops is by_surface(ex, "US forces")
    assert troops.type == "GOV_BODY"
    assert troops.kb_id == "us_armed_forces"
    # "US forces" also names the United States
    us = [e for e in ex.entities if e.kb_id == "united_states"]
    assert len(us) == 1 and us[0].type == "STATE" and us[0] is not troops


def test_different_backers_make_different_collectives(results) -> None:
    _, ex = results["two_backers"]
    turkish = by_surface(ex, "Turkish-backed militias")
    iranian = by_surface(ex, "Iran-backed militias")
    assert turkish is not iranian
    assert turkish.type == iranian.type == "ARMED_GROUP"
    # the second "Iran-backed militias" joins the first
    assert [m.text for m in iranian.mentions] == ["Iran-backed militias", "Iran-backed militias"]


def test_bare_category_mention_joins_the_owned_one(results) -> None:
    _, ex = results["security"]
    forces = by_surface(ex, "Iraqi security forces")
    assert forces is by_surface(ex, "Security forces")
    assert forces.type == "GOV_BODY"


def test_possessive_and_demonym_owner_join_the_kb_army(results) -> None:
    _, ex = results["owned_army"]
    army = by_surface(ex, "Ethiopia's army")
    assert army is by_surface(ex, "Ethiopian military")
    assert army.kb_id == "endf" and army.type == "GOV_BODY"
    eritrea = by_surface(ex, "Eritrean troops")
    assert eritrea is not army and eritrea.kb_id == "eritrean_defence_forces"
    # the owner state is an entity of its own
    assert by_surface(ex, "Ethiopia").kb_id == "ethiopia"


def test_latent_nominals_appear_only_when_used(extractor) -> None:
    # Written for Khabar tests (generic wording): "diplomats" is only an object here, "Witnesses" speak.
    quiet = extractor.extract(Document(text="The decision in Baghdad surprised diplomats.\n"))
    assert not any(e.name.lower() == "diplomats" for e in quiet.entities)
    speaking = extractor.extract(Document(text="Witnesses said the streets of Baghdad were empty.\n"))
    witnesses = by_surface(speaking, "Witnesses")
    assert witnesses.type == "PERSON"
    assert any(q.speaker == witnesses.id for q in speaking.quotes)


def test_appositive_nominal_describes_the_named_group(extractor) -> None:
    # Written for Khabar tests: the US designated Kata'ib Hezbollah a terrorist organisation in 2009.
    text = (
        "Kataib Hezbollah, an Iran-backed militia, has been designated a terrorist organisation by the United "
        "States since 2009.\n"
    )
    ex = extractor.extract(Document(text=text))
    assert not any(e.name.lower() == "iran-backed militia" for e in ex.entities)
    names = {e.id: e.name for e in ex.entities}
    assert ("Kata'ib Hezbollah", "BACKED_BY", "Iran") in {
        (names[r.subject], r.predicate, names[r.object]) for r in ex.relations
    }


def test_a_verb_governing_the_phrase_is_not_part_of_it(results) -> None:
    _, ex = results["governed_verb"]
    troops = [e for e in ex.entities if any("troops" in m.text for m in e.mentions)]
    assert len(troops) == 1 and [m.text for m in troops[0].mentions] == ["French troops"], [
        (e.name, [m.text for m in e.mentions]) for e in ex.entities
    ]


def test_bare_army_does_not_join_another_states_troops(results) -> None:
    _, ex = results["governed_verb"]
    troops = next(e for e in ex.entities if any(m.text == "French troops" for m in e.mentions))
    assert not [m for m in troops.mentions if m.text.lower() == "army"]


def test_government_of_a_states_leader_is_that_states_government(results) -> None:
    _, ex = results["leader_owner"]
    gov = next(e for e in ex.entities if any(m.text == "Syrian government" for m in e.mentions))
    assert any(m.text.endswith("Assad's government") for m in gov.mentions), [
        (e.name, [m.text for m in e.mentions]) for e in ex.entities
    ]


def test_a_noun_before_a_descriptive_phrase_is_not_its_modifier(extractor) -> None:
    # "attacks" heads its own phrase; the relative clause's subject is "Iraqi authorities" (fictional group)
    text = "The depot has been hit in attacks Iraqi authorities blame on the Fictiwa Brigade.\n"
    ex = extractor.extract(Document(text=text))
    forms = [m.text for e in ex.entities for m in e.mentions]
    assert not [f for f in forms if f.startswith("attacks")], forms
