"""The corpus commands. The issue's own command lines run as a user would (the installed ``khabar``
script, SQLite and PostgreSQL); the others run in-process on a store filled with hand-built extractions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers_corpus import Ent, add, build, wire_story
from khabar.cli import app
from khabar.store import Store

KHABAR = Path(sys.executable).with_name("khabar")
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KHABAR_")}
    env.update({"XDG_CONFIG_HOME": str(tmp / "config"), "XDG_DATA_HOME": str(tmp / "data"), "COLUMNS": "200",
                "TERM": "dumb"})
    return env


def _khabar(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(KHABAR), *args], capture_output=True, text=True, env=_env(tmp), cwd=tmp,
                          timeout=600, check=False)


def _one_error_line(stderr: str, *needles: str) -> None:
    assert "Traceback" not in stderr and "\x1b[" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    for n in needles:
        assert n in lines[0], (n, stderr)


def test_ingest_dir_and_actor_json_as_written(any_url: str, tmp_path: Path) -> None:
    """`khabar ingest DIR --db URL` then `khabar actor Khazaali --db URL --json`."""
    if not (DEV / "mena-khazali.txt").is_file():
        pytest.skip(f"the founding articles are not at {DEV}")
    d = tmp_path / "founding"
    d.mkdir()
    for n in ("mena-khazali", "mashareq-airport"):
        for s in (".txt", ".json"):
            shutil.copy(DEV / f"{n}{s}", d / f"{n}{s}")
    ing = _khabar(tmp_path, "ingest", str(d), "--db", any_url)
    assert ing.returncode == 0, ing.stderr
    assert "2 new, 0 duplicate, 0 failed, 2 skipped" in ing.stdout
    prof = _khabar(tmp_path, "actor", "Khazaali", "--db", any_url, "--json")
    assert prof.returncode == 0, prof.stderr
    data = json.loads(prof.stdout)
    assert data["actor"]["name"] == "Qais al-Khazali" and data["actor"]["documents"] == 2
    assert data["outlets"] == ["Al-Mashareq", "MENA Research and Study Center"]
    assert {o for a in data["aliases"] for o in a["outlets"]} == set(data["outlets"])
    again = _khabar(tmp_path, "ingest", str(d), "--db", any_url, "--json")
    assert json.loads(again.stdout)["by_status"] == {"skipped": 2, "unchanged": 2}


def test_errors_are_one_line(tmp_path: Path) -> None:
    bad_db = _khabar(tmp_path, "actors", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert bad_db.returncode == 1
    _one_error_line(bad_db.stderr, "database", "cannot reach")
    db = f"sqlite:///{tmp_path / 'c.db'}"
    missing = _khabar(tmp_path, "actor", "Nobody Anyone", "--db", db)
    assert missing.returncode == 1
    _one_error_line(missing.stderr, "no actor named 'Nobody Anyone'")
    wrong_type = _khabar(tmp_path, "actors", "--type", "DRAGON", "--db", db)
    _one_error_line(wrong_type.stderr, "unknown type 'DRAGON'")


# -- in-process -------------------------------------------------------------------------------------
T1 = ("Airport attack\n\nKataib Hezbollah fired rockets at Baghdad International Airport on Friday. "
      "Hadi al-Amiri, the leader of the Badr Organization, said: \"This must stop.\"")
T2 = ("Airport attack again\n\nRockets fired by Kataib Hezbollah hit Baghdad International Airport on Saturday. "
      "Hadi al-Ameri said the Badr Organization was not involved.")


@pytest.fixture
def filled(tmp_path: Path) -> tuple[CliRunner, str]:
    url = f"sqlite:///{tmp_path / 'filled.db'}"
    store = Store.open(url)
    ents = [Ent("e1", "Kataib Hezbollah", "ARMED_GROUP"), Ent("e2", "Baghdad International Airport", "LOCATION"),
            Ent("e4", "Badr Organization", "ARMED_GROUP")]
    add(store, T1, build(T1, [*ents, Ent("e3", "Hadi al-Amiri", "PERSON")], relations=[
        ("e3", "LEADS", "e4", "Hadi al-Amiri, the leader of the Badr Organization")],
        events=[{"type": "ASSAULT", "evidence": "Kataib Hezbollah fired rockets at Baghdad International Airport",
                 "date": "2022-01-28", "actors": ["e1"], "location": "e2"}],
        quotes=[("e3", "This must stop.", True)]), publisher="Wire One")
    add(store, T2, build(T2, [*ents, Ent("e3", "Hadi al-Ameri", "PERSON")], events=[
        {"type": "ASSAULT", "evidence": "Rockets fired by Kataib Hezbollah hit Baghdad International Airport",
         "date": "2022-01-29", "actors": ["e1"], "location": "e2"}]), publisher="Wire Two")
    store.close()
    return CliRunner(env={"COLUMNS": "200", "KHABAR_DATABASE_URL": url}), url


def _ok(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def test_queries_print_tables_and_json(filled) -> None:
    runner, _ = filled
    assert "Kataib Hezbollah" in _ok(runner, "actors")
    actors = json.loads(_ok(runner, "actors", "--type", "person", "--json"))
    assert [a["name"] for a in actors] == ["Hadi al-Amiri"]
    table = _ok(runner, "actor", "Amiri")
    assert "Hadi al-Ameri" in table and "Wire Two" in table and "LEADS" in table
    events = json.loads(_ok(runner, "events", "--actor", "Kataib Hezbollah", "--json"))
    assert len(events) == 1 and events[0]["documents"] == 2  # two reports, one event
    assert json.loads(_ok(runner, "events", "--since", "2022-02-01", "--json")) == []
    assert "2022-01-28" in _ok(runner, "event", str(events[0]["id"]))
    quotes = json.loads(_ok(runner, "quotes", "--speaker", "Hadi al-Amiri", "--json"))
    assert quotes[0]["text"] == "This must stop." and quotes[0]["source"]["outlet"] == "Wire One"
    hits = json.loads(_ok(runner, "search", "rockets", "--json"))
    assert len(hits["documents"]) == 2
    assert "Airport attack" in _ok(runner, "documents")
    assert "Kataib Hezbollah" in _ok(runner, "document", "1")
    assert json.loads(_ok(runner, "db", "check", "--json")) == {"ok": True, "problems": []}
    assert json.loads(_ok(runner, "db", "info", "--json"))["documents"] == 2
    assert "revision" in _ok(runner, "db", "upgrade")
    bad = runner.invoke(app, ["events", "--since", "yesterday"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr


def test_entities_merge_split_history(filled) -> None:
    runner, _ = filled
    ids = {a["name"]: a["id"] for a in json.loads(_ok(runner, "actors", "--json"))}
    kh, badr = str(ids["Kataib Hezbollah"]), str(ids["Badr Organization"])
    merged = json.loads(_ok(runner, "entities", "merge", kh, badr, "--reason", "test", "--json"))
    assert merged["entity"] == int(kh)
    assert "Badr Organization" not in {a["name"] for a in json.loads(_ok(runner, "actors", "--json"))}
    split = json.loads(_ok(runner, "entities", "split", kh, "--json"))
    assert split["new_entity"] == int(badr)
    hist = json.loads(_ok(runner, "entities", "history", kh, "--json"))
    assert [h["kind"] for h in hist][-2:] == ["merge", "split"] and hist[-2]["undone_by"] == hist[-1]["id"]
    assert "merge" in _ok(runner, "entities", "history", kh)
    again = runner.invoke(app, ["entities", "merge", kh, badr])
    assert again.exit_code == 1 and "split apart" in again.stderr
    none = runner.invoke(app, ["entities", "split", badr])
    assert none.exit_code == 1 and "no merge to undo" in none.stderr


def test_ingest_reports_failures_and_reprocess(tmp_path: Path, extractor) -> None:
    """In-process ingest with the shared extractor: the failure table, then `reprocess` (nothing outdated)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(wire_story(7), encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'i.db'}"
    import khabar.ingest.extracting as extracting

    runner = CliRunner(env={"COLUMNS": "200"})
    original = extracting.ExtractionPool._local
    extracting.ExtractionPool._local = lambda self: extractor  # reuse the session's loaded pipeline
    try:
        result = runner.invoke(app, ["ingest", str(src), "--db", url, "--quiet"])
        assert result.exit_code == 0, result.stderr
        assert "1 new, 0 duplicate, 1 failed, 0 skipped" in result.stdout
        assert "empty.txt" in result.stderr and "empty input" in result.stderr
        failures = json.loads(_ok(runner, "failures", "--db", url, "--json"))
        assert failures[0]["reason"].endswith("empty input (no text to read)")
        out = json.loads(_ok(runner, "reprocess", "--db", url, "--json"))
        assert out["reprocessed"] == 0
        piped = runner.invoke(app, ["ingest", "-", "--db", url, "--json"], input=wire_story(9))
        assert piped.exit_code == 0 and json.loads(piped.stdout)["new"] == 1
    finally:
        extracting.ExtractionPool._local = original
