"""Tests for khabar.extract.relations, through the real pipeline ``Extractor().extract(Document(...))``.

Each short document states (or pointedly does not state) one relation. Sentences are factual
summaries of well-documented public facts, or use clearly fictional actors (the Northern Valley
Liberation Front, Karim al-Fictiwi, Omar Darwazi); all are written for Khabar tests.
"""

from __future__ import annotations

import re

import pytest

from khabar.model import Document, Entity, Extraction

# (doc id, text, expected (subject name, predicate, object name))
STATED = [
    # LEADS
    (
        "leader_compound",
        "Asa'ib Ahl al-Haq leader Qais al-Khazali spoke in Baghdad in 2021.",
        ("Qais al-Khazali", "LEADS", "Asa'ib Ahl al-Haq"),
    ),
    (
        "head_of",
        "Hadi al-Amiri, the head of the Badr Organization, took part in the 2018 election.",
        ("Hadi al-Amiri", "LEADS", "Badr Organization"),
    ),
    (
        "led_by",
        "Hezbollah, led by Hassan Nasrallah from 1992 until 2024, is Lebanon's strongest armed group.",
        ("Hassan Nasrallah", "LEADS", "Hezbollah"),
    ),
    (
        "led_by_unknown",
        "The Northern Valley Liberation Front, led by Karim al-Fictiwi, controls the fictional town of Zorbat.",
        ("Karim al-Fictiwi", "LEADS", "Northern Valley Liberation Front"),
    ),
    (
        # Kata'ib Hezbollah was founded by Abu Mahdi al-Muhandis
        "founded_by",
        "Kataib Hezbollah, an Iran-backed militia founded by Abu Mahdi al-Muhandis, was designated in 2009.",
        ("Abu Mahdi al-Muhandis", "LEADS", "Kata'ib Hezbollah"),
    ),
    (
        # a junta is a government of its state: Mali's junta asked French troops to leave in 2022
        "junta_led_by",
        "Mali's ruling junta, led by Assimi Goita, ordered French troops to leave in 2022.",
        ("Assimi Goita", "LEADS", "Mali's ruling junta"),
    ),
    (
        "who_leads",  # fictional
        "Karim al-Fictiwi, who heads the Fictiwa Brigade, spoke in Zorbat.",
        ("Karim al-Fictiwi", "LEADS", "Fictiwa Brigade"),
    ),
    # MEMBER_OF
    (
        "joined",  # fictional
        "The Fictiwa Brigade joined the Northern Valley Liberation Front in 2020.",
        ("Fictiwa Brigade", "MEMBER_OF", "Northern Valley Liberation Front"),
    ),
    (
        # the US strike of 3 January 2020 killed both men; the apposition describes the second
        "appos_after_and",
        "A US drone strike killed Qassem Soleimani and Abu Mahdi al-Muhandis, the deputy head of the Popular "
        "Mobilisation Forces, in January 2020.",
        ("Abu Mahdi al-Muhandis", "MEMBER_OF", "Popular Mobilization Forces"),
    ),
    (
        "spokesman",
        "Northern Valley Liberation Front spokesman Omar Darwazi said the group would not disarm.",
        ("Omar Darwazi", "MEMBER_OF", "Northern Valley Liberation Front"),
    ),
    (
        "spokesman_of",
        "Omar Darwazi, the spokesman of the Northern Valley Liberation Front, said the group would not disarm.",
        ("Omar Darwazi", "MEMBER_OF", "Northern Valley Liberation Front"),
    ),
    (
        # the ambiguous "Houthi" (also a family name) opens the sentence without the model's label;
        # "the Houthis" later confirms it. Saree has announced Houthi attacks on shipping since 2023.
        "group_military_spokesman",
        "Houthi military spokesman Yahya Saree said the Houthis had targeted ships in the Red Sea.",
        ("Yahya Saree", "MEMBER_OF", "Houthis"),
    ),
    (
        # fictional: "its" is the passive sentence's subject, not the agent named nearer
        "its_after_passive_agent",
        "The Northern Valley Liberation Front is overseen by the Zorbat Council, with Karim al-Fictiwi its chairman.",
        ("Karim al-Fictiwi", "LEADS", "Northern Valley Liberation Front"),
    ),
    (
        # fictional spokesman: the body named right before the role, not the state its demonym names
        "body_before_role",
        "Kenyan police spokesman Karim al-Fictiwi spoke to reporters in Nairobi, Kenya.",
        ("Karim al-Fictiwi", "MEMBER_OF", "Kenyan police"),
    ),
    (
        # fictional: "Its" opening a sentence is the previous sentence's subject, not the group named last
        "its_next_sentence",
        "The Northern Valley Liberation Front fought the Fictiwa Brigade near Zorbat. Its leader, Karim al-Fictiwi, "
        "lives in Nowhereton.",
        ("Karim al-Fictiwi", "LEADS", "Northern Valley Liberation Front"),
    ),
    (
        # fictional: a lowercase "brigade" before the role is the brigade named before
        "generic_group_before_role",
        "The Fictiwa Brigade took Velmarro on Monday. Brigade fighters stayed, brigade spokesman Omar Darwazi said.",
        ("Omar Darwazi", "MEMBER_OF", "Fictiwa Brigade"),
    ),
    (
        # fictional: fighters of a group act for it
        "fighters_of",
        "Fighters of the Fictiwa Brigade clashed with the Zorbat Guard near Velmarro.",
        ("Fictiwa Brigade", "RIVAL_OF", "Zorbat Guard"),
    ),
    (
        "faction",
        "Kataib Sayyid al-Shuhada is a faction of the Popular Mobilization Forces.",
        ("Kata'ib Sayyid al-Shuhada", "MEMBER_OF", "Popular Mobilization Forces"),
    ),
    (
        "wing",
        "Sadiqoun, the political wing of Asa'ib Ahl al-Haq, won seats in the 2018 election.",
        ("Sadiqoun", "MEMBER_OF", "Asa'ib Ahl al-Haq"),
    ),
    # BACKED_BY
    (
        "backed_adj",
        "Iran-backed Houthis have attacked ships in the Red Sea since November 2023.",
        ("Houthis", "BACKED_BY", "Iran"),
    ),
    (
        "backed_appos",
        "The Houthis, an Iran-backed group, have attacked ships in the Red Sea.",
        ("Houthis", "BACKED_BY", "Iran"),
    ),
    ("backed_by", "The Houthis, backed by Iran, control much of northern Yemen.", ("Houthis", "BACKED_BY", "Iran")),
    (
        # fictional: "the Iran-backed group" is the group named last, even in the sentence before
        "backed_group_anaphor",
        "Rockets hit Velmarro, where the Fictiwa Brigade operates. The Iran-backed group denied involvement.",
        ("Fictiwa Brigade", "BACKED_BY", "Iran"),
    ),
    (
        "nominal_backed",
        "Iran-backed militias have repeatedly attacked US troops since October 2023.",
        ("Iran-backed militias", "BACKED_BY", "Iran"),
    ),
    (
        "receives_from",  # fictional
        "The Fictiwa Brigade receives weapons from Iran.",
        ("Fictiwa Brigade", "BACKED_BY", "Iran"),
    ),
    (
        "has_supplied",  # fictional
        "Iran has supplied the Fictiwa Brigade with drones.",
        ("Fictiwa Brigade", "BACKED_BY", "Iran"),
    ),
    # ALLIED_WITH (symmetric: checked in either direction)
    (
        "ally",
        "Hezbollah and its ally Amal won seats in the 2022 election.",
        ("Hezbollah", "ALLIED_WITH", "Amal Movement"),
    ),
    (
        "partnership",
        "The Syrian Democratic Forces, in partnership with the United States, defeated ISIS at Baghuz in 2019.",
        ("Syrian Democratic Forces", "ALLIED_WITH", "United States"),
    ),
    (
        "alongside",
        "Hezbollah fought alongside the Syrian army during the civil war.",
        ("Hezbollah", "ALLIED_WITH", "Syrian Arab Army"),
    ),
    (
        "ties_to",  # fictional
        "The Fictiwa Brigade has close ties to Iran but is overseen by the Zorbat Guard.",
        ("Fictiwa Brigade", "ALLIED_WITH", "Iran"),
    ),
    # RIVAL_OF (symmetric)
    (
        "are_rivals",  # fictional
        "The Fictiwa Brigade and the Zorbat Guard are rivals.",
        ("Fictiwa Brigade", "RIVAL_OF", "Zorbat Guard"),
    ),
    (
        "an_enemy_of",  # fictional
        "The Fictiwa Brigade is an enemy of the Zorbat Guard.",
        ("Fictiwa Brigade", "RIVAL_OF", "Zorbat Guard"),
    ),
    (
        "claimed_attacks",  # fictional: a claimed attack on Y makes the claimer Y's enemy
        "The Northern Valley Liberation Front claimed responsibility for Monday's ambush on the Fictiwa Brigade.",
        ("Northern Valley Liberation Front", "RIVAL_OF", "Fictiwa Brigade"),
    ),
    ("rival_appos", "Fatah's rival, Hamas, has governed Gaza since 2007.", ("Fatah movement", "RIVAL_OF", "Hamas")),
    ("hyphen_conflict", "The Fatah-Hamas conflict began in 2006.", ("Fatah movement", "RIVAL_OF", "Hamas")),
    (
        "fighting_between",
        "Fighting between the Sudanese army and the Rapid Support Forces began in April 2023.",
        ("Sudanese Armed Forces", "RIVAL_OF", "Rapid Support Forces"),
    ),
    (
        "at_war_with",
        "The Rapid Support Forces have been at war with the Sudanese army since April 2023.",
        ("Rapid Support Forces", "RIVAL_OF", "Sudanese Armed Forces"),
    ),
    (
        "clashed_with",
        "The Fictiwa Brigade clashed with the Northern Valley Liberation Front near the fictional town of Zorbat.",
        ("Fictiwa Brigade", "RIVAL_OF", "Northern Valley Liberation Front"),
    ),
]

# Both Kataib Hezbollah and Asa'ib Ahl al-Haq are stated to be Iran's affiliates: a list distributes.
AFFILIATES = "Iran denies controlling the militias. Kataib Hezbollah and Asa'ib Ahl al-Haq remain Iranian affiliates.\n"

UNSTATED = {
    # two actors in one sentence, no tie stated
    "statements": "Asa'ib Ahl al-Haq and Kataib Hezbollah both issued statements on Monday.",
    "speech": "Hassan Nasrallah spoke about the Houthis in a speech.",
    # the KB knows Khazali leads AAH, but no sentence says so
    "kb_only": "Qais al-Khazali spoke in Baghdad on Monday. Asa'ib Ahl al-Haq issued a statement on Tuesday.",
    # negated backing
    "negated": "The Northern Valley Liberation Front is not backed by Iran.",
    # fictional: a hyphenated modifier ("X-backed") is not what "its" refers to
    "hyphen_modifier": "The fictional country of Zorbatia has been in turmoil since the Northern Valley Liberation "
    "Front-backed removal of its ruler Karim al-Fictiwi.",
    "joined_in_doing": "The Fictiwa Brigade joined the Northern Valley Liberation Front in condemning the raid.",
    "not_enemy": "The Fictiwa Brigade is not an enemy of the Zorbat Guard.",
    "not_supplied": "Iran has not supplied the Fictiwa Brigade with drones.",
    "cut_ties": "The Fictiwa Brigade cut ties with Iran in 2020.",  # fictional
    "not_at_war": "The Fictiwa Brigade is not at war with the Northern Valley Liberation Front.",
}


@pytest.fixture(scope="module")
def results(extractor) -> dict[str, tuple[Document, Extraction]]:
    docs = [Document(text=t + "\n", doc_id=k) for k, t, _ in STATED]
    docs += [Document(text=AFFILIATES, doc_id="affiliates")]
    docs += [Document(text=t + "\n", doc_id=k) for k, t in UNSTATED.items()]
    return {d.doc_id: (d, ex) for d, ex in zip(docs, extractor.extract_many(docs), strict=True)}


def triples(ex: Extraction) -> set[tuple[str, str, str]]:
    name = {e.id: e.name for e in ex.entities}
    return {(name[r.subject], r.predicate, name[r.object]) for r in ex.relations}


@pytest.mark.parametrize(("doc_id", "expected"), [(k, exp) for k, _, exp in STATED], ids=[k for k, _, _ in STATED])
def test_stated_relation_is_found(results, doc_id: str, expected: tuple[str, str, str]) -> None:
    _, ex = results[doc_id]
    found = triples(ex)
    subject, predicate, obj = expected
    if predicate in ("ALLIED_WITH", "RIVAL_OF"):
        assert expected in found or (obj, predicate, subject) in found, found
    else:
        assert expected in found, found


def test_relation_list_distributes(results) -> None:
    _, ex = results["affiliates"]
    assert {("Kata'ib Hezbollah", "BACKED_BY", "Iran"), ("Asa'ib Ahl al-Haq", "BACKED_BY", "Iran")} <= triples(ex)


def _named_in(entity: Entity, r, kb) -> bool:
    """A mention of the entity lies in the relation's evidence (its sentence, plus the sentence before when
    a pronoun there names a party: "The front ... . Its leader, X"), or its state's demonym does ("Iranian")."""
    sentences = (r.sentence, r.sentence + 1)
    if any(r.start <= m.start and m.end <= r.end and m.sentence in sentences for m in entity.mentions):
        return True
    actor = kb.actors.get(entity.kb_id or "")
    words = set(re.findall(r"[\w'-]+", r.evidence))
    return actor is not None and bool(set(actor.demonyms) & words)


def test_every_relation_refers_to_entities_and_its_evidence_sentence_holds_both(results, kb) -> None:
    n = 0
    for doc, ex in results.values():
        ids = {e.id: e for e in ex.entities}
        for r in ex.relations:
            n += 1
            assert r.subject in ids and r.object in ids and r.subject != r.object
            assert doc.text[r.start : r.end].strip() == r.evidence
            assert "\n" not in r.evidence
            for end in (ids[r.subject], ids[r.object]):
                assert _named_in(end, r, kb), (doc.doc_id, r, end.name)
    assert n >= len(STATED)


def test_symmetric_relations_are_emitted_once(results) -> None:
    for _, ex in results.values():
        sym = [(r.subject, r.object) for r in ex.relations if r.predicate in ("ALLIED_WITH", "RIVAL_OF")]
        assert len({frozenset(p) for p in sym}) == len(sym)


def test_kb_support_is_marked(results) -> None:
    _, ex = results["leader_compound"]
    (rel,) = [r for r in ex.relations if r.predicate == "LEADS"]
    assert rel.kb_supported  # the KB knows Khazali leads AAH
    _, ex = results["led_by_unknown"]
    (rel,) = [r for r in ex.relations if r.predicate == "LEADS"]
    assert not rel.kb_supported  # a fictional group


@pytest.mark.parametrize("doc_id", sorted(UNSTATED))
def test_nothing_emitted_from_sentences_that_do_not_state_it(results, doc_id: str) -> None:
    _, ex = results[doc_id]
    assert ex.relations == [], triples(ex)


def test_headline_states_no_relation(extractor) -> None:
    text = "Asa'ib Ahl al-Haq Leader Qais al-Khazali Speaks\n\nHe spoke in Baghdad on Monday.\n"
    ex = extractor.extract(Document(text=text, title="Asa'ib Ahl al-Haq Leader Qais al-Khazali Speaks"))
    assert ex.relations == []


def test_hyphenated_modifier_is_not_an_x_y_conflict(extractor) -> None:
    ex = extractor.extract(Document(text="In northern Syria, Turkish-backed militias fought Kurdish-led forces.\n"))
    assert not any("Syria" in (s, o) for s, _, o in triples(ex)), triples(ex)


def test_apposition_after_a_coordination_describes_the_last_name(results) -> None:
    _, ex = results["appos_after_and"]
    assert ("Qassem Soleimani", "MEMBER_OF", "Popular Mobilization Forces") not in triples(ex)
