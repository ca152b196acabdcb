"""The shipped actor KB and gazetteer load cleanly; bad user files are rejected precisely.

Every error test writes a real YAML file under ``tmp_path`` and checks that the ``KBError``
message names the file, the entry (1-based index and id) and the offending field.
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from pathlib import Path

import pytest

from khabar.kb import DATA_DIR, KBError, KnowledgeBase
from khabar.kb import loader as kb_loader
from khabar.model import EntityType
from khabar.normalize import name_key


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def write(tmp_path: Path, text: str, name: str = "user.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_error(*paths: Path) -> str:
    with pytest.raises(KBError) as info:
        KnowledgeBase.load(paths, shipped=False)
    return str(info.value)


# -- the shipped knowledge base ---------------------------------------------------------------


def test_shipped_kb_sizes(kb: KnowledgeBase) -> None:
    states = [a for a in kb.actors.values() if a.type == EntityType.STATE]
    others = [a for a in kb.actors.values() if a.type != EntityType.STATE]
    assert len(others) >= 200, f"only {len(others)} non-state actors"
    assert len(states) >= 190, f"only {len(states)} states"
    assert len(kb.places) >= 250, f"only {len(kb.places)} places"


def test_shipped_files_are_where_the_docs_say(kb: KnowledgeBase) -> None:
    actor_files = {p.name for p in (DATA_DIR / "actors").glob("*.yaml")}
    place_files = {p.name for p in (DATA_DIR / "places").glob("*.yaml")}
    assert {"states.yaml", "iraq_armed_groups.yaml", "iraq_politics.yaml", "iraq_state.yaml"} <= actor_files
    assert {"iraq.yaml", "world_regions.yaml"} <= place_files
    for ident, source in kb.sources.items():
        expected = "actors" if ident in kb.actors else "places"
        assert source.parent.name == expected, f"{ident} defined in {source}"


def _ambiguous_keys(kb: KnowledgeBase) -> set[str]:
    return {name_key(n) for a in kb.actors.values() for n in a.ambiguous}


def test_no_name_shared_by_actors_of_different_types(kb: KnowledgeBase) -> None:
    """A loose name key must not point at, say, a party and a militia, unless marked ambiguous."""
    types_by_key: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for actor in kb.actors.values():
        for n in actor.all_names():
            if n in actor.acronyms:
                continue
            types_by_key[name_key(n)][actor.type.value].add(f"{actor.id} ({n})")
    exempt = _ambiguous_keys(kb)
    offenders = [
        f"{key!r}: " + "; ".join(f"{t}: {', '.join(sorted(ids))}" for t, ids in sorted(by_type.items()))
        for key, by_type in sorted(types_by_key.items())
        if len(by_type) > 1 and key not in exempt
    ]
    assert not offenders, "names shared across types (list them as ambiguous):\n" + "\n".join(offenders)


def test_ambiguous_names_are_never_matched_alone(kb: KnowledgeBase) -> None:
    """A name listed as ambiguous anywhere must not also be some actor's name or alias."""
    offenders = []
    for actor in kb.actors.values():
        for n in actor.ambiguous:
            hits = [i for i in kb.by_key.get(name_key(n), []) if i in kb.actors]
            if hits:
                offenders.append(f"{actor.id}: ambiguous {n!r} is also a name of {hits}")
    assert not offenders, "\n".join(offenders)


def test_acronyms_are_unique_across_types(kb: KnowledgeBase) -> None:
    offenders = []
    for acr, ids in kb.by_acronym.items():
        if len({kb.actors[i].type for i in ids}) > 1:
            offenders.append(f"{acr}: {ids}")
    assert not offenders, "\n".join(offenders)


def test_states_are_complete(kb: KnowledgeBase) -> None:
    states = [a for a in kb.actors.values() if a.type == EntityType.STATE]
    codes = [s.country for s in states]
    assert all(codes), [s.id for s in states if not s.country]
    assert len(codes) == len(set(codes)), "two states share an ISO code"
    assert all(s.capital for s in states), [s.id for s in states if not s.capital]
    demonyms = [d.lower() for s in states for d in s.demonyms]
    assert len(demonyms) == len(set(demonyms)), "a demonym names two states"
    assert "kurdish" not in demonyms
    assert kb.state_for_demonym("Iraqi").id == "iraq"
    assert kb.state_for_demonym("Emirati").id == "united_arab_emirates"
    assert kb.state_for_capital("Tehran").id == "iran"
    for acr, ident in {"US": "united_states", "UK": "united_kingdom", "UAE": "united_arab_emirates",
                       "KSA": "saudi_arabia", "DRC": "dr_congo"}.items():
        assert [e.id for e in kb.lookup(acr)] == [ident], acr
    for name in ("United States", "U.S.", "USA", "America", "Britain"):
        assert kb.lookup(name)[0].type == EntityType.STATE, name


def test_affiliation_years_are_ordered(kb: KnowledgeBase) -> None:
    bad = [
        f"{a.id} -> {f.object}"
        for a in kb.actors.values()
        for f in a.affiliations
        if f.since is not None and f.until is not None and f.since > f.until
    ]
    assert not bad, bad


@pytest.mark.parametrize(
    ("name", "ident"),
    [
        ("Hizbullah", "hezbollah"),
        ("Kataeb Hezbollah", "kataib_hezbollah"),
        ("Hashd al-Shaabi", "popular_mobilization_forces"),
        ("Popular Mobilisation Forces", "popular_mobilization_forces"),
        ("Conquest Alliance", "fatah_alliance"),
        ("Sadrist Current", "sadrist_movement"),
        ("Faleh al-Fayyadh", "falih_al_fayyadh"),
        ("Jamal Jaafar Ibrahim", "abu_mahdi_al_muhandis"),
        ("Abdul Aziz al-Muhammadawi", "abu_fadak_al_muhammadawi"),
        ("Qassim Suleimani", "qassem_soleimani"),
        ("Abu Mohammad al-Julani", "ahmed_al_sharaa"),
        ("Ansar Allah", "houthis"),
        ("Daesh", "isis"),
        ("ISIS", "isis"),
        ("IS-KP", "isis_k"),
        ("Pentagon", "us_department_of_defense"),
        ("US Treasury", "us_treasury"),
        ("Agence France-Presse", "afp"),
        ("Jurf al-Nasr", "jurf_al_sakhr"),
        ("Baghdad airport", "baghdad_international_airport"),
        ("Erbil airport", "erbil_international_airport"),
        ("Waziriyah", "al_waziriyah"),
    ],
)
def test_known_names_resolve(kb: KnowledgeBase, name: str, ident: str) -> None:
    assert ident in [e.id for e in kb.lookup(name)]


@pytest.mark.parametrize("name", ["Badr", "Amal", "Fatah", "Dawa", "Nasr", "Hikma"])
def test_short_ambiguous_names_need_context(kb: KnowledgeBase, name: str) -> None:
    assert [e.id for e in kb.lookup(name) if e.id in kb.actors] == []
    assert any(name in a.ambiguous for a in kb.actors.values())


def test_fatah_ids_are_distinct(kb: KnowledgeBase) -> None:
    assert kb.actors["fatah_palestine"].country == "PS"
    assert kb.actors["fatah_alliance"].country == "IQ"


# -- malformed user files ---------------------------------------------------------------------

ACTOR_OK = """\
actors:
  - id: first_actor
    name: First Actor
    type: ARMED_GROUP
"""


def assert_names(message: str, path: Path, index: int, ident: str, field: str) -> None:
    assert str(path) in message, message
    assert f"entry {index}" in message, message
    assert f"({ident})" in message, message
    assert f"field '{field}'" in message, message


def test_unknown_type_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, ACTOR_OK + "  - {id: second_actor, name: Second, type: MILITIA}\n")
    assert_names(load_error(path), path, 2, "second_actor", "type")


def test_missing_name_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "actors:\n  - {id: nameless, type: PERSON}\n")
    message = load_error(path)
    assert_names(message, path, 1, "nameless", "name")
    assert "required" in message.lower()


def test_unknown_field_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "actors:\n  - {id: typo_actor, name: Typo, type: PERSON, alias: [Typo Man]}\n")
    assert_names(load_error(path), path, 1, "typo_actor", "alias")


def test_bad_id_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, ACTOR_OK + "  - {id: Bad-Id, name: Bad, type: PERSON}\n")
    assert_names(load_error(path), path, 2, "Bad-Id", "id")


def test_bad_affiliation_object_id_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        actors:
          - id: joiner
            name: Joiner
            type: PERSON
            affiliations:
              - {predicate: MEMBER_OF, object: Not An Id}
        """)
    assert_names(load_error(path), path, 1, "joiner", "affiliations.0.object")


def test_affiliation_to_unknown_actor_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        actors:
          - id: joiner
            name: Joiner
            type: PERSON
            affiliations:
              - {predicate: MEMBER_OF, object: no_such_group}
        """)
    message = load_error(path)
    assert str(path) in message
    assert "joiner" in message
    assert "field 'affiliations'" in message
    assert "no_such_group" in message


def test_affiliation_error_names_entry_index(tmp_path: Path) -> None:
    path = write(tmp_path, ACTOR_OK + "  - {id: joiner, name: Joiner, type: PERSON, "
                 "affiliations: [{predicate: LEADS, object: no_such_group}]}\n")
    assert_names(load_error(path), path, 2, "joiner", "affiliations")


def test_unknown_predicate_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, ACTOR_OK + "  - {id: joiner, name: Joiner, type: PERSON, "
                 "affiliations: [{predicate: FRIEND_OF, object: first_actor}]}\n")
    assert_names(load_error(path), path, 2, "joiner", "affiliations.0.predicate")


def test_bad_latitude_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        places:
          - {id: good_place, name: Good Place, kind: town, lat: 33.0, lon: 44.0}
          - {id: far_north, name: Far North, kind: town, lat: 123.4, lon: 44.0}
        """)
    assert_names(load_error(path), path, 2, "far_north", "lat")


def test_bad_place_kind_and_parent_are_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "places:\n  - {id: odd_place, name: Odd, kind: planet, lat: 1, lon: 1}\n")
    assert_names(load_error(path), path, 1, "odd_place", "kind")
    path = write(tmp_path, "places:\n  - {id: orphan, name: Orphan, kind: town, lat: 1, lon: 1, parent: nowhere}\n",
                 name="orphan.yaml")
    message = load_error(path)
    assert str(path) in message and "orphan" in message and "field 'parent'" in message


def test_entry_that_is_not_a_mapping_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, ACTOR_OK + "  - just a string\n")
    message = load_error(path)
    assert str(path) in message
    assert "entry 2" in message
    assert "mapping" in message


def test_file_that_is_not_a_mapping_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "- id: listed\n  name: Listed\n  type: PERSON\n")
    message = load_error(path)
    assert str(path) in message
    assert "mapping" in message


def test_unknown_top_level_key_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "people:\n  - {id: someone, name: Someone, type: PERSON}\n")
    message = load_error(path)
    assert str(path) in message
    assert "'actors'" in message


def test_invalid_yaml_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "actors:\n  - {id: broken, name: [unclosed, type: PERSON\n")
    message = load_error(path)
    assert str(path) in message
    assert "not valid YAML" in message


def test_missing_user_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    message = load_error(path)
    assert str(path) in message


# -- shipped-style loading: duplicates are errors -------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real data directory laid out like the shipped one, used in place of the package data."""
    root = tmp_path / "data"
    (root / "actors").mkdir(parents=True)
    (root / "places").mkdir()
    monkeypatch.setattr(kb_loader, "DATA_DIR", root)
    return root


def test_duplicate_id_across_shipped_files_is_rejected(data_dir: Path) -> None:
    first = write(data_dir / "actors", ACTOR_OK, name="a.yaml")
    second = write(data_dir / "actors", ACTOR_OK.replace("First Actor", "Copy"), name="b.yaml")
    with pytest.raises(KBError) as info:
        KnowledgeBase.load()
    message = str(info.value)
    assert_names(message, second, 1, "first_actor", "id")
    assert "duplicate" in message
    assert str(first) in message


def test_duplicate_id_within_a_shipped_file_is_rejected(data_dir: Path) -> None:
    path = write(data_dir / "places", """\
        places:
          - {id: twin, name: Twin One, kind: town, lat: 1, lon: 1}
          - {id: twin, name: Twin Two, kind: town, lat: 2, lon: 2}
        """, name="twins.yaml")
    with pytest.raises(KBError) as info:
        KnowledgeBase.load()
    assert_names(str(info.value), path, 2, "twin", "id")


def test_actor_and_place_may_not_share_an_id(data_dir: Path) -> None:
    write(data_dir / "actors", ACTOR_OK, name="a.yaml")
    path = write(data_dir / "places", "places:\n  - {id: first_actor, name: X, kind: town, lat: 1, lon: 1}\n",
                 name="p.yaml")
    with pytest.raises(KBError) as info:
        KnowledgeBase.load()
    assert_names(str(info.value), path, 1, "first_actor", "id")


def test_temporary_data_dir_loads(data_dir: Path) -> None:
    write(data_dir / "actors", ACTOR_OK, name="a.yaml")
    kb = KnowledgeBase.load()
    assert list(kb.actors) == ["first_actor"]
    assert kb.places == {}


# -- user files add and override ------------------------------------------------------------


def test_user_file_adds_and_overrides(tmp_path: Path, kb: KnowledgeBase) -> None:
    assert "Kataib Hezbollah" in kb.actors["kataib_hezbollah"].aliases
    path = write(tmp_path, """\
        actors:
          - id: new_brigade
            name: Liwa al-Tajriba
            type: ARMED_GROUP
            country: IQ
            aliases: [Tajriba Brigade]
            affiliations:
              - {predicate: MEMBER_OF, object: popular_mobilization_forces, since: 2024}
          - id: kataib_hezbollah
            name: Kata'ib Hezbollah
            type: ARMED_GROUP
            country: IQ
            aliases: [KH Test Alias]
        places:
          - {id: test_village, name: Qaryat al-Ikhtibar, kind: village, lat: 33.1, lon: 44.2, parent: baghdad}
          - {id: green_zone, name: Green Zone, kind: zone, country: IQ, lat: 33.30, lon: 44.39, aliases: [Test Zone]}
        """)
    user = KnowledgeBase.load([path])
    # added
    assert [e.id for e in user.lookup("Tajriba Brigade")] == ["new_brigade"]
    assert user.affiliations_between("new_brigade", "popular_mobilization_forces")[0].since == 2024
    assert user.get("test_village").parent == "baghdad"
    # overridden: the user's entry replaces the shipped one entirely
    assert [e.id for e in user.lookup("KH Test Alias")] == ["kataib_hezbollah"]
    assert "kataib_hezbollah" not in [e.id for e in user.lookup("Hezbollah Brigades")]
    assert user.sources["kataib_hezbollah"] == path
    assert [e.id for e in user.lookup("Test Zone")] == ["green_zone"]
    # everything else is still there
    assert len(user.actors) == len(kb.actors) + 1
    assert len(user.places) == len(kb.places) + 1
    # and the shipped KB is untouched by loading a user file
    assert "KH Test Alias" not in KnowledgeBase.load().actors["kataib_hezbollah"].aliases


def test_user_file_may_hold_only_places(tmp_path: Path) -> None:
    path = write(tmp_path, "places:\n  - {id: only_place, name: Only Place, kind: town, lat: 0, lon: 0}\n")
    kb = KnowledgeBase.load([path], shipped=False)
    assert list(kb.places) == ["only_place"]
    assert kb.actors == {}


def test_empty_user_file_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "# nothing yet\n")
    assert KnowledgeBase.load([path], shipped=False).actors == {}


def test_error_messages_use_one_based_entry_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "actors:\n  - {id: x_actor, name: X, type: NOPE}\n")
    assert re.search(r"entry 1 \(x_actor\)", load_error(path))


def test_led_by_lists_what_a_person_leads_by_type(kb: KnowledgeBase) -> None:
    assert kb.led_by("bashar_al_assad", "STATE") == ["syria"]
    assert "assad_government" in kb.led_by("bashar_al_assad", "GOV_BODY")
    assert kb.led_by("syria", "STATE") == []  # not a person
    assert kb.led_by("no_such_actor", "STATE") == []
