"""Cross-article entity resolution on hand-built extractions (exact, extractor-independent cases)."""

from __future__ import annotations

from sqlalchemy import select

from helpers_corpus import Ent, add, build, cluster_of
from khabar.resolve.entities import EntityResolver
from khabar.resolve.features import compare_names, type_factor
from khabar.store.schema import Decision
from khabar.store.writer import name_rows


def _rows(*names: str, type_: str = "PERSON"):
    from khabar.resolve.features import NameRow

    return [NameRow(r["name"], r["key"], r["n_words"], r["derived"]) for r in name_rows(names, type_)]


def test_name_comparison_levels() -> None:
    assert compare_names(_rows("Qais al-Khazali"), _rows("Qays Khazaali"), "PERSON")[:2] == (1.0, "same name")
    score, kind, _, conflict = compare_names(_rows("Khazali"), _rows("Qais al-Khazali"), "PERSON")
    assert (score, kind, conflict) == (0.55, "part of name", False)
    # two different full names with one surname: a conflict, whatever else matches
    score, _, _, conflict = compare_names(_rows("Faleh al-Zubaidawi", "al-Zubaidawi"),
                                          _rows("Karim al-Zubaidawi", "al-Zubaidawi"), "PERSON")
    assert conflict and score < 0.85
    # organisations: an acronym meets its expansion
    assert compare_names(_rows("PMF", type_="ARMED_GROUP"), _rows("Popular Mobilisation Forces", type_="ARMED_GROUP"),
                         "ARMED_GROUP")[1] == "acronym"
    assert type_factor("PERSON", "ARMED_GROUP") == 0.0
    assert type_factor("ARMED_GROUP", "POLITICAL_PARTY") == 0.8


def test_transliteration_variants_join_across_articles(sqlite_store) -> None:
    t1 = "Militia chief speaks\n\nQais al-Khazali, who leads Asaib Ahl al-Haq, spoke in Baghdad on Monday."
    t2 = "Interview\n\nQays al-Khazaali told reporters that Asa'ib Ahl al-Haq would not disarm."
    d1 = add(sqlite_store, t1, build(t1, [Ent("e1", "Qais al-Khazali", "PERSON"),
                                          Ent("e2", "Asaib Ahl al-Haq", "ARMED_GROUP")]))
    d2 = add(sqlite_store, t2, build(t2, [Ent("e1", "Qays al-Khazaali", "PERSON"),
                                          Ent("e2", "Asa'ib Ahl al-Haq", "ARMED_GROUP")]))
    assert cluster_of(sqlite_store, d1, "e1") == cluster_of(sqlite_store, d2, "e1")
    assert cluster_of(sqlite_store, d1, "e2") == cluster_of(sqlite_store, d2, "e2")
    assert cluster_of(sqlite_store, d1, "e1") != cluster_of(sqlite_store, d1, "e2")
    with sqlite_store.connect() as conn:
        links = conn.execute(select(Decision.reason, Decision.score, Decision.features)
                             .where(Decision.kind == "link", Decision.document_id == d2)).all()
    assert links and all(r.score is not None and r.reason and r.features.get("name_match") for r in links)


def test_same_surname_different_first_names_stay_apart(sqlite_store) -> None:
    t1 = "Tribal talks\n\nSheikh Faleh al-Zubaidawi, a tribal elder in Anbar, met the governor of Anbar."
    t2 = "Brigade commander\n\nColonel Karim al-Zubaidawi, a brigade commander of the Kataib Sayyid al-Shuhada, spoke."
    d1 = add(sqlite_store, t1, build(t1, [Ent("e1", "Faleh al-Zubaidawi", "PERSON", role="tribal elder")]))
    d2 = add(sqlite_store, t2, build(t2, [Ent("e1", "Karim al-Zubaidawi", "PERSON", role="brigade commander"),
                                          Ent("e2", "Kataib Sayyid al-Shuhada", "ARMED_GROUP")]))
    assert cluster_of(sqlite_store, d1, "e1") != cluster_of(sqlite_store, d2, "e1")


def test_bare_surname_follows_context(sqlite_store) -> None:
    """"al-Zubaidawi" alone joins the man whose co-mentioned actors it shares, not his namesake."""
    t1 = ("Tribal talks\n\nSheikh Faleh al-Zubaidawi, a tribal elder, met the Anbar Tribal Council and the "
          "Sons of Iraq movement in Ramadi.")
    t2 = ("Brigade commander\n\nColonel Karim al-Zubaidawi, a brigade commander of the Kataib Sayyid al-Shuhada, "
          "spoke alongside the Badr Organization.")
    t3 = ("Follow-up\n\nZubaidawi, speaking for the Anbar Tribal Council and the Sons of Iraq movement, "
          "rejected the plan.")
    groups1 = [Ent("e1", "Faleh al-Zubaidawi", "PERSON"), Ent("e2", "Anbar Tribal Council", "OTHER_ORG"),
               Ent("e3", "Sons of Iraq", "ARMED_GROUP")]
    groups2 = [Ent("e1", "Karim al-Zubaidawi", "PERSON"), Ent("e2", "Kataib Sayyid al-Shuhada", "ARMED_GROUP"),
               Ent("e3", "Badr Organization", "ARMED_GROUP")]
    groups3 = [Ent("e1", "Zubaidawi", "PERSON"), Ent("e2", "Anbar Tribal Council", "OTHER_ORG"),
               Ent("e3", "Sons of Iraq", "ARMED_GROUP")]
    d1 = add(sqlite_store, t1, build(t1, groups1))
    d2 = add(sqlite_store, t2, build(t2, groups2))
    d3 = add(sqlite_store, t3, build(t3, groups3))
    assert cluster_of(sqlite_store, d3, "e1") == cluster_of(sqlite_store, d1, "e1")
    assert cluster_of(sqlite_store, d3, "e1") != cluster_of(sqlite_store, d2, "e1")


def test_bare_surname_without_context_is_not_guessed(sqlite_store) -> None:
    t1 = "One\n\nFaleh al-Zubaidawi met Karim al-Zubaidawi's rivals in Ramadi."
    d1 = add(sqlite_store, t1, build(t1, [Ent("e1", "Faleh al-Zubaidawi", "PERSON"),
                                          Ent("e2", "Karim al-Zubaidawi", "PERSON")]))
    t2 = "Two\n\nZubaidawi said nothing more."
    d2 = add(sqlite_store, t2, build(t2, [Ent("e1", "Zubaidawi", "PERSON")]))
    assert cluster_of(sqlite_store, d2, "e1") not in {cluster_of(sqlite_store, d1, "e1"),
                                                      cluster_of(sqlite_store, d1, "e2")}


def test_same_full_name_with_disagreeing_contexts_stays_two(sqlite_store) -> None:
    t1 = ("Anbar\n\nAhmed al-Zubaidawi, a tribal sheikh, met the Anbar Tribal Council and the Sons of Iraq "
          "in Ramadi.")
    t2 = ("Basra\n\nAhmed al-Zubaidawi, a port customs director, met the Basra Chamber of Commerce and the "
          "Iraqi Ports Company.")
    d1 = add(sqlite_store, t1, build(t1, [Ent("e1", "Ahmed al-Zubaidawi", "PERSON", role="tribal sheikh"),
                                          Ent("e2", "Anbar Tribal Council", "OTHER_ORG"),
                                          Ent("e3", "Sons of Iraq", "ARMED_GROUP")]))
    d2 = add(sqlite_store, t2, build(t2, [Ent("e1", "Ahmed al-Zubaidawi", "PERSON", role="port customs director"),
                                          Ent("e2", "Basra Chamber of Commerce", "OTHER_ORG"),
                                          Ent("e3", "Iraqi Ports Company", "OTHER_ORG")]))
    assert cluster_of(sqlite_store, d1, "e1") != cluster_of(sqlite_store, d2, "e1")
    with sqlite_store.connect() as conn:
        reasons = conn.execute(select(Decision.reason).where(Decision.kind == "new", Decision.document_id == d2)
                               ).scalars().all()
    assert any("contexts disagree" in r for r in reasons)


def test_kb_ids_link_and_name_the_cluster(sqlite_store, kb) -> None:
    resolver = EntityResolver(kb)
    hez = next(a for a in kb.actors.values() if "Hezbollah" in a.name and a.type == "ARMED_GROUP")
    t1 = "One\n\nHizbullah fighters were seen near the border."
    t2 = "Two\n\nHezbollah denied the report."
    d1 = add(sqlite_store, t1, build(t1, [Ent("e1", "Hizbullah", "ARMED_GROUP", kb_id=hez.id)]), resolver=resolver)
    d2 = add(sqlite_store, t2, build(t2, [Ent("e1", "Hezbollah", "ARMED_GROUP", kb_id=hez.id)]), resolver=resolver)
    c = cluster_of(sqlite_store, d1, "e1")
    assert c == cluster_of(sqlite_store, d2, "e1")
    from khabar.store import queries

    prof = queries.actor_profile(sqlite_store, c)
    assert prof.actor.name == hez.name and prof.actor.kb_id == hez.id


def test_unlinked_cluster_adopts_a_kb_entry_later(sqlite_store, kb) -> None:
    resolver = EntityResolver(kb)
    t1 = "One\n\nKataib Hezbollah fired rockets."
    t2 = "Two\n\nKataib Hezbollah said it would retaliate."
    kh = next(a for a in kb.actors.values() if a.name.lower().startswith("kata") and "hezbollah" in a.name.lower())
    d1 = add(sqlite_store, t1, build(t1, [Ent("e1", "Kataib Hezbollah", "ARMED_GROUP")]), resolver=resolver)
    d2 = add(sqlite_store, t2, build(t2, [Ent("e1", "Kataib Hezbollah", "ARMED_GROUP", kb_id=kh.id)]),
             resolver=resolver)
    assert cluster_of(sqlite_store, d1, "e1") == cluster_of(sqlite_store, d2, "e1")


def test_types_must_be_compatible(sqlite_store) -> None:
    t1 = "One\n\nBadr fighters held the road."
    t2 = "Two\n\nBadr, a farmer, said the road was closed."
    d1 = add(sqlite_store, t1, build(t1, [Ent("e1", "Badr", "ARMED_GROUP")]))
    d2 = add(sqlite_store, t2, build(t2, [Ent("e1", "Badr", "PERSON")]))
    assert cluster_of(sqlite_store, d1, "e1") != cluster_of(sqlite_store, d2, "e1")
