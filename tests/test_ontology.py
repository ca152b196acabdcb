"""Tests for khabar.extract.ontology: the shipped PLOVER data, its loader and the generated docs.

Everything runs on the real data files (and on broken copies of them written to tmp_path); no mocks.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from khabar.extract.ontology import (
    EVENT_CUES_FILE,
    ONTOLOGY_FILE,
    PLOVER_TYPES,
    README_END,
    README_START,
    Ontology,
    OntologyError,
    TriggerHit,
    load_event_cues,
    load_ontology,
    main,
    ontology_markdown,
    phrase_tokens,
    readme_section,
    replace_marked,
    stale_docs,
    write_docs,
)

ROOT = Path(__file__).resolve().parents[1]

EXPECTED_QUADS = {
    "AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation", "SUPPORT": "verbal_cooperation",
    "CONCEDE": "verbal_cooperation", "COOPERATE": "material_cooperation", "AID": "material_cooperation",
    "RETREAT": "material_cooperation", "REQUEST": "verbal_conflict", "ACCUSE": "verbal_conflict",
    "REJECT": "verbal_conflict", "THREATEN": "verbal_conflict", "PROTEST": "material_conflict",
    "SANCTION": "material_conflict", "MOBILIZE": "material_conflict", "COERCE": "material_conflict",
    "ASSAULT": "material_conflict",
}


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return load_ontology()


def first_type(onto: Ontology, lemma: str, pos: str, words: set[str]) -> str | None:
    """What the extractor does: the first reading whose `requires` the clause satisfies."""
    words = words | {lemma}
    return next((h.type for h in onto.types_for(lemma, pos) if h.satisfied(words)), None)


# ----------------------------------------------------------------------------------------- the data


def test_all_sixteen_types_in_plover_order(onto: Ontology) -> None:
    assert tuple(onto.types) == PLOVER_TYPES
    assert len(onto.types) == 16


def test_quads_are_plovers(onto: Ontology) -> None:
    assert {name: et.quad for name, et in onto.types.items()} == EXPECTED_QUADS


def test_weights_in_range_and_on_the_right_side(onto: Ontology) -> None:
    for name, et in onto.types.items():
        assert -10 <= et.weight <= 10, name
        if et.quad.endswith("cooperation"):
            assert et.weight > 0, name
        else:
            assert et.weight < 0, name
        for mode in et.modes:
            w = onto.weight(name, mode)
            assert -10 <= w <= 10 and (w > 0) == (et.weight > 0), (name, mode)


def test_weights_order_the_scale(onto: Ontology) -> None:
    w = onto.weight
    assert w("ASSAULT") < w("COERCE") < w("THREATEN") < w("ACCUSE") < 0 < w("CONSULT") < w("AGREE") < w("AID")
    assert w("ASSAULT") == min(et.weight for et in onto.types.values())


def test_every_type_has_at_least_ten_triggers(onto: Ontology) -> None:
    for name, et in onto.types.items():
        assert len(et.triggers) >= 10, f"{name} has {len(et.triggers)} triggers"
        assert et.triggers.verbs and et.triggers.nouns, name


def test_trigger_modes_are_modes_of_their_type(onto: Ontology) -> None:
    for name, et in onto.types.items():
        for _kind, t in et.triggers.all():
            assert t.mode is None or t.mode in et.modes, (name, t.lemma)


def test_extensions_are_marked(onto: Ontology) -> None:
    assert onto.types["ASSAULT"].modes["clashes"].khabar_extension
    assert not onto.types["ASSAULT"].modes["explosion"].khabar_extension


# ----------------------------------------------------------------------------------------- the API


def test_types_for_attack(onto: Ontology) -> None:
    assert "ASSAULT" in [h.type for h in onto.types_for("attack", "VERB")]
    assert "ASSAULT" in [h.type for h in onto.types_for("attack", "NOUN")]
    assert onto.types_for("attack", "ADJ") == []
    assert onto.types_for("zebra", "NOUN") == []


def test_types_for_normalises_case_plural_and_propn(onto: Ontology) -> None:
    assert [h.type for h in onto.types_for("Airstrikes", "PROPN")] == ["ASSAULT"]
    assert [h.type for h in onto.types_for("clashes", "NOUN")] == [h.type for h in onto.types_for("clash", "NOUN")]


def test_specific_readings_come_first(onto: Ontology) -> None:
    for (_pos, _lemma), hits in onto._index.items():
        flags = [bool(h.requires) for h in hits]
        assert flags == sorted(flags, reverse=True), (_pos, _lemma)
        assert flags.count(False) <= 1, (_pos, _lemma)


@pytest.mark.parametrize(
    ("lemma", "pos", "clause", "expected"),
    [
        ("strike", "NOUN", {"worker", "workers", "go"}, "PROTEST"),
        ("strike", "NOUN", {"drone", "kill"}, "ASSAULT"),
        ("storm", "VERB", {"protesters", "parliament"}, "PROTEST"),
        ("storm", "VERB", {"troops", "compound"}, "ASSAULT"),
        ("withdraw", "VERB", {"ambassador"}, "SANCTION"),
        ("withdraw", "VERB", {"troops", "town"}, "RETREAT"),
        ("expel", "VERB", {"diplomats"}, "SANCTION"),
        ("expel", "VERB", {"migrants"}, "COERCE"),
        ("raid", "NOUN", {"police", "arrest"}, "COERCE"),
        ("raid", "NOUN", {"gunmen", "village"}, "ASSAULT"),
        ("protest", "VERB", {"ambassador", "summon"}, "ACCUSE"),
        ("protest", "VERB", {"thousands", "square"}, "PROTEST"),
        ("call", "VERB", {"for", "ceasefire"}, "REQUEST"),
        ("call", "VERB", {"reporters"}, None),
        ("warn", "VERB", {"retaliation"}, "THREATEN"),
        ("warn", "VERB", {"weather"}, None),
        ("back", "VERB", {"iran", "militia"}, None),
        ("back", "VERB", {"proposal"}, "SUPPORT"),
        ("suspend", "VERB", {"aid"}, "SANCTION"),
        ("suspend", "VERB", {"protests"}, "CONCEDE"),
        ("lift", "VERB", {"sanctions"}, "CONCEDE"),
        ("fire", "VERB", {"minister"}, None),
        ("fire", "VERB", {"rockets", "at"}, "ASSAULT"),
        ("sign", "VERB", {"agreement"}, "AGREE"),
        ("ratify", "VERB", {"results"}, "SUPPORT"),
    ],
)
def test_ambiguous_lemmas_resolve_by_clause(onto: Ontology, lemma: str, pos: str, clause: set[str],
                                            expected: str | None) -> None:
    assert first_type(onto, lemma, pos, clause) == expected


def test_trigger_hit_satisfied() -> None:
    assert TriggerHit("ASSAULT").satisfied(set())
    hit = TriggerHit("SANCTION", requires=("ambassador", "air defence"))
    assert hit.satisfied({"Ambassadors"})
    assert hit.satisfied({"air", "defence", "system"})
    assert not hit.satisfied({"air"})


def test_mode_for(onto: Ontology) -> None:
    assert onto.mode_for("ASSAULT", {"rocket"}) == "explosion"
    assert onto.mode_for("ASSAULT", {"rockets"}) == "explosion"
    assert onto.mode_for("ASSAULT", {"drone"}) == "aerial"
    assert onto.mode_for("ASSAULT", {"gunmen"}) == "firearms"
    assert onto.mode_for("ASSAULT", {"drone", "bomb"}) == "aerial"  # instruments in file order
    assert onto.mode_for("ASSAULT", {"air", "strike"}) == "aerial"  # multi-word cue
    assert onto.mode_for("ASSAULT", {"strike"}) is None
    assert onto.mode_for("ASSAULT", {"clash", "militants"}) == "clashes"
    assert onto.mode_for("PROTEST", {"protesters", "stormed", "storm"}) == "riot"
    assert onto.mode_for("PROTEST", {"sit", "-", "in"}) == "demonstrate"  # hyphenated cue split by spaCy
    assert onto.mode_for("AGREE", {"rocket"}) is None
    with pytest.raises(KeyError):
        onto.mode_for("ASSAULTS", {"rocket"})


def test_trigger_mode_wins_over_cues(onto: Ontology) -> None:
    clause = {"unidentified", "gunmen", "kidnap", "kidnapped", "journalist"}
    hit = next(h for h in onto.types_for("kidnap", "VERB") if h.satisfied(clause))
    assert onto.mode_for("ASSAULT", clause) == "firearms"
    assert onto.resolve_mode(hit, clause) == "abduct"


def test_weight(onto: Ontology) -> None:
    assert onto.weight("ASSAULT") == -9.3
    assert onto.weight("ASSAULT", "explosion") == -10.0
    assert onto.weight("CONSULT", "multilateral") == onto.weight("CONSULT")  # no override
    with pytest.raises(KeyError):
        onto.weight("ASSAULT", "picnic")
    with pytest.raises(KeyError):
        onto.weight("PICNIC")


def test_phrases_longest_first_and_tokenised(onto: Ontology) -> None:
    phrases = onto.phrases()
    lengths = [len(tokens) for tokens, _ in phrases]
    assert lengths == sorted(lengths, reverse=True)
    as_dict = {}
    for tokens, hit in phrases:
        as_dict.setdefault(tokens, hit)
    assert as_dict[("open", "fire")].type == "ASSAULT"
    assert as_dict[("hold", "talk")].type == "CONSULT"
    assert as_dict[("sit", "-", "in")].type == "PROTEST"  # hyphenated noun offered as spaCy tokens
    assert all(len(tokens) >= 2 for tokens in as_dict)


def test_phrase_tokens() -> None:
    assert phrase_tokens("stage sit-in") == ("stage", "sit", "-", "in")
    assert phrase_tokens("test-fire") == ("test", "-", "fire")
    assert phrase_tokens("hold talk") == ("hold", "talk")


def _tokens(*triples: str) -> list[tuple[str, str, str]]:
    """Tokens written as "text/lemma/POS" (what spaCy gives for the sentence)."""
    return [tuple(t.split("/")) for t in triples]  # type: ignore[misc]


def test_match_phrases_skips_determiners_and_adjectives(onto: Ontology) -> None:
    toks = _tokens("Militants/militant/NOUN", "carried/carry/VERB", "out/out/ADP", "a/a/DET", "deadly/deadly/ADJ",
                   "attack/attack/NOUN", "on/on/ADP", "the/the/DET", "base/base/NOUN")
    matches = onto.match_phrases(toks)
    assert [(m.start, m.end, m.words, m.hit.type) for m in matches] == [(1, 6, ("carry", "out", "attack"), "ASSAULT")]


def test_match_phrases_text_or_lemma_and_longest_first(onto: Ontology) -> None:
    toks = _tokens("rebels/rebel/NOUN", "laid/lay/VERB", "down/down/ADP", "their/their/PRON", "arms/arm/NOUN")
    assert [(m.words, m.hit.mode) for m in onto.match_phrases(toks)] == [(("lay", "down", "arm"), "disarm")]
    toks = _tokens("troops/troop/NOUN", "were/be/AUX", "put/put/VERB", "on/on/ADP", "high/high/ADJ", "alert/alert/NOUN")
    assert [m.words for m in onto.match_phrases(toks)] == [("put", "on", "high", "alert")]


def test_match_phrases_returns_every_reading_specific_first(onto: Ontology) -> None:
    toks = _tokens("forces/force/NOUN", "pulled/pull/VERB", "out/out/ADP", "of/of/ADP", "the/the/DET", "deal/deal/NOUN")
    readings = [m.hit for m in onto.match_phrases(toks) if m.words == ("pull", "out")]
    assert [h.type for h in readings] == ["SANCTION", "RETREAT"]
    clause = {"forces", "pull", "out", "deal"}
    assert next(h for h in readings if h.satisfied(clause)).type == "SANCTION"
    assert next(h for h in readings if h.satisfied(clause - {"deal"})).type == "RETREAT"


def test_match_phrases_does_not_skip_nouns_or_verbs(onto: Ontology) -> None:
    toks = _tokens("They/they/PRON", "said/say/VERB", "no/no/DET", "one/one/PRON", "was/be/AUX", "hurt/hurt/VERB")
    assert onto.match_phrases(toks) == []
    toks = _tokens("carried/carry/VERB", "out/out/ADP", "the/the/DET", "second/second/ADJ", "wave/wave/NOUN",
                   "of/of/ADP", "attacks/attack/NOUN")
    assert onto.match_phrases(toks) == []


def test_loader_is_cached() -> None:
    assert load_ontology() is load_ontology()
    assert load_event_cues() is load_event_cues()
    assert load_ontology(ONTOLOGY_FILE) == load_ontology()


# ----------------------------------------------------------------------------------------- event cues


def test_event_cues() -> None:
    cues = load_event_cues()
    assert "killed" in cues.casualty.killed.words
    assert "wounded" in cues.casualty.injured.words
    assert "casualties" in cues.casualty.ambiguous.words
    assert "no casualties" in cues.no_casualties.phrases
    assert "no immediate reports of casualties" in cues.unknown_casualties.phrases
    assert "claim responsibility" in cues.claim.phrases
    assert "unidentified" in cues.unknown_perpetrator.words
    assert cues.hypothetical.has_word(["Might"])
    assert cues.negation.has_word(["not"])
    tuples = cues.no_casualties.phrase_tuples()
    assert tuples[0] == max(tuples, key=len)
    assert not set(cues.no_casualties.phrases) & set(cues.unknown_casualties.phrases)


def test_cue_lists_iterate_and_find() -> None:
    cues = load_event_cues()
    assert "might" in cues.hypothetical and "might" in set(cues.hypothetical)
    assert "no casualties" in list(cues.no_casualties)
    assert len(cues.negation) == len(cues.negation.words) + len(cues.negation.phrases)
    assert "killed" in set(cues.casualty.get("killed", []))
    assert cues.casualty.get("missing", []) == []
    toks = _tokens("there/there/PRON", "were/be/AUX", "no/no/DET", "immediate/immediate/ADJ", "reports/report/NOUN",
                   "of/of/ADP", "casualties/casualty/NOUN")
    assert cues.unknown_casualties.find(toks) == [(2, 7, "no immediate reports of casualties")]
    assert cues.no_casualties.find(toks) == []
    toks = _tokens("Hamas/Hamas/PROPN", "claimed/claim/VERB", "responsibility/responsibility/NOUN")
    assert cues.claim.find(toks) == [(1, 3, "claim responsibility")]  # the lemma form matches "claimed"
    toks = _tokens("He/he/PRON", "was/be/AUX", "killed/kill/VERB")
    assert cues.casualty.killed.find(toks) == [(2, 3, "kill")]


def test_event_cue_file_errors_name_file_and_field(tmp_path: Path) -> None:
    data = yaml.safe_load(EVENT_CUES_FILE.read_text(encoding="utf-8"))
    data["negation"]["words"].append("did not")
    path = tmp_path / "cues.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(OntologyError) as exc:
        load_event_cues(path)
    assert str(path) in str(exc.value) and "negation.words" in str(exc.value)
    del data["negation"]
    data["negations"] = {"words": ["not"]}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    load_event_cues.cache_clear()
    with pytest.raises(OntologyError, match="negations"):
        load_event_cues(path)
    load_event_cues.cache_clear()


# ----------------------------------------------------------------------------------------- broken files


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@cache
def _parsed() -> dict[str, Any]:
    return yaml.safe_load(ONTOLOGY_FILE.read_text(encoding="utf-8"))


def _raw() -> dict[str, Any]:
    return copy.deepcopy(_parsed())


def _dump(data: dict[str, Any], path: Path) -> None:
    path.write_text(yaml.dump(data, Dumper=_DUMPER, sort_keys=False), encoding="utf-8")


def _rename_assault(d: dict[str, Any]) -> None:
    d["types"]["ASSALT"] = d["types"].pop("ASSAULT")


def _drop_type(d: dict[str, Any]) -> None:
    del d["types"]["AID"]


def _weight_out_of_range(d: dict[str, Any]) -> None:
    d["types"]["ASSAULT"]["weight"] = -12.0


def _weight_wrong_side(d: dict[str, Any]) -> None:
    d["types"]["AGREE"]["weight"] = -3.0


def _unknown_field(d: dict[str, Any]) -> None:
    d["types"]["AGREE"]["colour"] = "green"


def _cue_not_string(d: dict[str, Any]) -> None:
    d["types"]["ASSAULT"]["modes"]["explosion"]["cues"].append(5)


def _unknown_trigger_mode(d: dict[str, Any]) -> None:
    d["types"]["ASSAULT"]["triggers"]["verbs"].append({"lemma": "machinegun", "mode": "guns"})


def _two_defaults(d: dict[str, Any]) -> None:
    d["types"]["PROTEST"]["triggers"]["verbs"].append("attack")


def _phrase_single_word(d: dict[str, Any]) -> None:
    d["types"]["ASSAULT"]["triggers"]["phrases"].append("ambush")


def _cue_in_two_modes(d: dict[str, Any]) -> None:
    d["types"]["ASSAULT"]["modes"]["aerial"]["cues"].append("rocket")


def _mode_weight_wrong_side(d: dict[str, Any]) -> None:
    d["types"]["ASSAULT"]["modes"]["beat"]["weight"] = 2.0


def _bad_mode_name(d: dict[str, Any]) -> None:
    d["types"]["ASSAULT"]["modes"]["Heavy-Weapons"] = {"description": "artillery", "cues": ["howitzers"]}


def _unknown_trigger_field(d: dict[str, Any]) -> None:
    d["types"]["ASSAULT"]["triggers"]["verbs"].append({"lemma": "maul", "priority": 3})


@pytest.mark.parametrize(
    ("mutate", "fragments"),
    [
        (_rename_assault, ["types", "ASSALT"]),
        (_drop_type, ["types", "missing", "AID"]),
        (_weight_out_of_range, ["types.ASSAULT.weight", "-10"]),
        (_weight_wrong_side, ["types.AGREE", "weight -3", "verbal_cooperation"]),
        (_unknown_field, ["types.AGREE.colour", "Extra inputs"]),
        (_cue_not_string, ["types.ASSAULT.modes.explosion.cues", "string"]),
        (_unknown_trigger_mode, ["types.ASSAULT", "guns"]),
        (_two_defaults, ["PROTEST", "attack", "ASSAULT"]),
        (_phrase_single_word, ["types.ASSAULT.triggers.phrases", "ambush"]),
        (_cue_in_two_modes, ["types.ASSAULT.modes", "rocket"]),
        (_mode_weight_wrong_side, ["types.ASSAULT", "modes.beat.weight"]),
        (_bad_mode_name, ["types.ASSAULT.modes", "Heavy-Weapons"]),
        (_unknown_trigger_field, ["types.ASSAULT.triggers.verbs", "priority"]),
    ],
)
def test_malformed_ontology_names_file_and_field(tmp_path: Path, mutate: Any, fragments: list[str]) -> None:
    data = _raw()
    mutate(data)
    path = tmp_path / "plover.yaml"
    _dump(data, path)
    with pytest.raises(OntologyError) as exc:
        load_ontology(path)
    message = str(exc.value)
    assert message.startswith(str(path))
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_unreadable_ontology_files(tmp_path: Path) -> None:
    with pytest.raises(OntologyError, match="no such file"):
        load_ontology(tmp_path / "absent.yaml")
    path = tmp_path / "list.yaml"
    path.write_text("- AGREE\n- ASSAULT\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="mapping"):
        load_ontology(path)
    path = tmp_path / "broken.yaml"
    path.write_text("types: {AGREE: [\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="not valid YAML"):
        load_ontology(path)


def test_yaml_booleans_are_caught(tmp_path: Path) -> None:
    """YAML 1.1 reads a bare `on` as True: the loader must refuse it, not index the word "True"."""
    data = _raw()
    data["types"]["ASSAULT"]["triggers"]["verbs"].append({"lemma": "open", "requires": [True]})
    path = tmp_path / "plover.yaml"
    _dump(data, path)
    with pytest.raises(OntologyError, match="requires"):
        load_ontology(path)


# ----------------------------------------------------------------------------------------- docs


def test_committed_docs_are_up_to_date(onto: Ontology) -> None:
    committed = (ROOT / "docs" / "plover.md").read_text(encoding="utf-8")
    assert committed == ontology_markdown(onto), (
        "docs/plover.md is out of date: run `python -m khabar.extract.ontology --write-docs`"
    )
    assert stale_docs(ROOT, onto) == []  # also the README section, once README has the markers


def test_markdown_lists_every_type_and_mode(onto: Ontology) -> None:
    md = ontology_markdown(onto)
    for name, et in onto.types.items():
        assert f"| {name} | {et.quad.replace('_', ' ')} | {et.weight:+.1f} |" in md
        assert f"### {name}" in md
        for mode in et.modes:
            assert f"| {name} | {mode} |" in md
    assert "| ASSAULT | clashes | -9.5 | *Khabar* |" in md


def test_replace_marked() -> None:
    text = f"intro\n{README_START}\nold table\n{README_END}\nrest\n"
    assert replace_marked(text, "new") == f"intro\n{README_START}\nnew\n{README_END}\nrest\n"
    assert replace_marked("no markers here", "new") is None
    assert replace_marked(f"{README_END} before {README_START}", "new") is None


def test_write_docs_and_readme_markers(tmp_path: Path, onto: Ontology) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Khabar\n\n{README_START}\nstale\n{README_END}\n\nMore.\n", encoding="utf-8")
    changed = write_docs(tmp_path, onto)
    assert set(changed) == {tmp_path / "docs" / "plover.md", readme}
    text = readme.read_text(encoding="utf-8")
    assert "stale" not in text and readme_section(onto) in text and text.endswith("\n\nMore.\n")
    assert (tmp_path / "docs" / "plover.md").read_text(encoding="utf-8") == ontology_markdown(onto)
    assert write_docs(tmp_path, onto) == []  # idempotent
    assert stale_docs(tmp_path, onto) == []


def test_readme_without_markers_is_left_alone(tmp_path: Path, onto: Ontology) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Khabar\n\nNo generated section.\n", encoding="utf-8")
    assert write_docs(tmp_path, onto) == [tmp_path / "docs" / "plover.md"]
    assert readme.read_text(encoding="utf-8") == "# Khabar\n\nNo generated section.\n"


def test_cli_check_and_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", "--root", str(tmp_path)]) == 1
    assert main(["--write-docs", "--root", str(tmp_path)]) == 0
    assert main(["--check", "--root", str(tmp_path)]) == 0
    assert main([]) == 0
    assert capsys.readouterr().out.count("# PLOVER event ontology") == 1


def test_cli_reports_broken_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plover.yaml"
    path.write_text("types: {}\n", encoding="utf-8")
    assert main(["--data", str(path), "--check", "--root", str(tmp_path)]) == 2
    assert str(path) in capsys.readouterr().err
