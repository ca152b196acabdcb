"""Tests for khabar.extract.lexicon: every shipped rule file loads and validates, the models behave
as documented, and a malformed copy of a file raises LexiconError naming the file and the field.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from khabar.extract import lexicon
from khabar.extract.lexicon import (
    DATA,
    LexiconError,
    Nominals,
    OrgCues,
    PersonTitles,
    Reporting,
    SyntaxCues,
    TextPatterns,
    load_yaml_model,
)
from khabar.extract.relations import RelationCues, relation_cues
from khabar.model import EntityType

# file -> the model that validates it (event_cues.yaml and plover.yaml belong to the ontology and are
# tested in test_ontology.py)
FILES: dict[str, type[BaseModel]] = {
    "org_cues.yaml": OrgCues,
    "person_titles.yaml": PersonTitles,
    "nominals.yaml": Nominals,
    "text_boilerplate.yaml": TextPatterns,
    "reporting.yaml": Reporting,
    "relations.yaml": RelationCues,
    "syntax_cues.yaml": SyntaxCues,
}


def test_every_lexicon_file_in_the_data_folder_is_covered() -> None:
    shipped = {p.name for p in DATA.glob("*.yaml")} - {"event_cues.yaml", "plover.yaml"}
    assert shipped == set(FILES)


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_shipped_file_loads(name: str) -> None:
    model = load_yaml_model(DATA / name, FILES[name])
    assert isinstance(model, FILES[name])


def test_cached_loaders_return_validated_models() -> None:
    assert isinstance(lexicon.org_cues(), OrgCues)
    assert isinstance(lexicon.person_titles(), PersonTitles)
    assert isinstance(lexicon.nominals(), Nominals)
    assert isinstance(lexicon.text_patterns(), TextPatterns)
    assert isinstance(lexicon.reporting(), Reporting)
    assert isinstance(relation_cues(), RelationCues)
    assert isinstance(lexicon.syntax_cues(), SyntaxCues)
    assert lexicon.reporting() is lexicon.reporting()


# -- what the shipped data says ----------------------------------------------------------------


def test_org_cues_type_unknown_names() -> None:
    cues = lexicon.org_cues()
    assert cues.type_of("Northern Valley Liberation Front") == EntityType.ARMED_GROUP
    assert cues.type_of("Fictional Daily Herald") == EntityType.MEDIA
    assert cues.type_of("Ministry of Fictional Affairs") == EntityType.GOV_BODY
    assert cues.type_of("Zorblat Quenx") is None


def test_org_cue_rule_conditions() -> None:
    rule = lexicon.OrgCue(type=EntityType.MEDIA, all=["news", "agency"])
    assert rule.matches(["state", "news", "agency"])
    assert not rule.matches(["news", "outlet"])
    last = lexicon.OrgCue(type=EntityType.OTHER_ORG, last=["Company"])  # folded on load
    assert last.last == ["company"]
    assert last.matches(["oil", "company"]) and not last.matches(["company", "town"])
    assert not lexicon.OrgCue(type=EntityType.OTHER_ORG).matches(["anything"])  # an empty rule never matches


def test_person_titles_are_folded() -> None:
    titles = lexicon.person_titles()
    assert {"sheikh", "ayatollah", "spokesman"} <= set(titles.titles)
    assert all(t == t.lower() for t in titles.titles)
    assert "abu" in titles.keep_when_followed_by_name


def test_nominal_categories() -> None:
    cats = lexicon.nominals().categories
    assert cats["regime"].join == "owner_state"
    assert cats["collective_armed"].join == "article"
    assert "troops" in cats["military"].heads
    assert cats["military"].bare_ok("army") and not cats["military"].bare_ok("troops")
    assert cats["security"].bare_ok("security forces")


def test_text_patterns_compile_case_insensitively() -> None:
    pats = lexicon.text_patterns().compiled("boilerplate")
    assert any(p.search("SHARE THIS ARTICLE") for p in pats)


def test_reporting_verb_kinds_and_strength() -> None:
    rep = lexicon.reporting()
    assert rep.kind("say") == "clause"
    assert rep.kind("Condemn") == "object"
    assert rep.kind("believe") == "clause_only"
    assert rep.kind("eat") is None
    assert rep.strength("say") > rep.strength("condemn") > rep.strength("believe") == 0
    assert "according" in rep.according_to


# -- malformed copies ------------------------------------------------------------------------------


def _copy(tmp_path: Path, name: str) -> tuple[Path, dict]:
    path = tmp_path / name
    shutil.copy(DATA / name, path)
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _error(path: Path, model: type[BaseModel]) -> str:
    with pytest.raises(LexiconError) as info:
        load_yaml_model(path, model)
    return str(info.value)


@pytest.mark.parametrize("name", sorted(FILES))
def test_an_unchanged_copy_loads(tmp_path: Path, name: str) -> None:
    path, _ = _copy(tmp_path, name)
    assert load_yaml_model(path, FILES[name]) == load_yaml_model(DATA / name, FILES[name])


def test_bad_entity_type_names_file_and_field(tmp_path: Path) -> None:
    path, data = _copy(tmp_path, "org_cues.yaml")
    data["rules"][1]["type"] = "MILITIA"
    _write(path, data)
    msg = _error(path, OrgCues)
    assert str(path) in msg
    assert "field 'rules.1.type'" in msg


def test_unknown_field_names_file_and_field(tmp_path: Path) -> None:
    path, data = _copy(tmp_path, "nominals.yaml")
    data["categories"]["military"]["colour"] = "green"
    _write(path, data)
    msg = _error(path, Nominals)
    assert str(path) in msg and "field 'categories.military.colour'" in msg


def test_missing_field_names_file_and_field(tmp_path: Path) -> None:
    path, data = _copy(tmp_path, "reporting.yaml")
    del data["verbs"]["clause"]
    _write(path, data)
    msg = _error(path, Reporting)
    assert str(path) in msg and "field 'verbs.clause'" in msg


def test_bad_regular_expression_names_file_field_and_pattern(tmp_path: Path) -> None:
    path, data = _copy(tmp_path, "text_boilerplate.yaml")
    data["caption"].append("([unclosed")
    _write(path, data)
    msg = _error(path, TextPatterns)
    assert str(path) in msg and "field 'caption'" in msg and "([unclosed" in msg


def test_bad_join_value_in_nominals(tmp_path: Path) -> None:
    path, data = _copy(tmp_path, "nominals.yaml")
    data["categories"]["regime"]["join"] = "sometimes"
    _write(path, data)
    msg = _error(path, Nominals)
    assert "field 'categories.regime.join'" in msg


def test_relations_file_wrong_shape(tmp_path: Path) -> None:
    path, data = _copy(tmp_path, "relations.yaml")
    data["roles"]["leads"] = "leader"  # a string, not a list
    _write(path, data)
    msg = _error(path, RelationCues)
    assert str(path) in msg and "field 'roles.leads'" in msg


def test_invalid_yaml_and_missing_file(tmp_path: Path) -> None:
    broken = tmp_path / "person_titles.yaml"
    broken.write_text("titles: [mr, dr\n  keep: {", encoding="utf-8")
    msg = _error(broken, PersonTitles)
    assert str(broken) in msg and "not valid YAML" in msg and "line 2" in msg and "\n" not in msg
    missing = tmp_path / "nope.yaml"
    assert str(missing) in _error(missing, PersonTitles)


def test_empty_file_is_an_error_not_an_empty_model(tmp_path: Path) -> None:
    empty = tmp_path / "org_cues.yaml"
    empty.write_text("", encoding="utf-8")
    assert str(empty) in _error(empty, OrgCues)


def test_syntax_cues_reject_a_misspelt_section(tmp_path) -> None:
    bad = tmp_path / "syntax_cues.yaml"
    bad.write_text(
        (DATA / "syntax_cues.yaml").read_text(encoding="utf-8").replace("happen_verbs:", "hapen_verbs:"),
        encoding="utf-8",
    )
    with pytest.raises(lexicon.LexiconError, match=r"syntax_cues.yaml: .*happen_verbs"):
        load_yaml_model(bad, SyntaxCues)
