"""Tests for the ``khabar`` command line: ``extract`` and ``kb``.

In-process runs use typer's CliRunner; error handling is also checked by running the installed
``khabar`` console script in a subprocess, as a user would. Real extraction is slow to load, so the
successful ``extract`` runs happen once per module (fixtures) and are shared by the assertions.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar import __version__
from khabar.cli import app

KHABAR = Path(sys.executable).with_name("khabar")

# Written for Khabar tests: a factual summary of the 2020-01-03 US drone strike at Baghdad airport.
ARTICLE = """US drone strike at Baghdad airport kills Qassem Soleimani

Written for Khabar tests. A United States drone strike near Baghdad International Airport on 3 January 2020 \
killed Qassem Soleimani, the commander of the Quds Force of Iran's Islamic Revolutionary Guard Corps. \
Abu Mahdi al-Muhandis, the deputy chairman of Iraq's Popular Mobilization Forces and the leader of \
Kataib Hezbollah, was killed in the same strike. On 8 January, Iran fired ballistic missiles at \
Ain al-Asad air base in Iraq, which hosts US troops.
"""

#: A user knowledge-base file with one fictional actor.
EXTRA_KB = """actors:
  - id: zarkon_al_vessamir
    name: Zarkon al-Vessamir
    type: PERSON
    aliases: [Zarqun Vessamir]
    description: Fictional person, written for Khabar tests.
"""


def clean_env(tmp: Path) -> dict[str, str]:
    """The environment without user configuration (no config file, no extra KB) and with wide output."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("KHABAR_") and k not in {"FORCE_COLOR", "CLICOLOR_FORCE", "PY_COLORS"}}
    env.update({"XDG_CONFIG_HOME": str(tmp / "config"), "COLUMNS": "200", "TERM": "dumb"})
    return env


def runner(tmp: Path) -> CliRunner:
    env: dict[str, str | None] = {"KHABAR_KB": None, "KHABAR_CONFIG": None, "KHABAR_DATA_DIR": None,
                                  "XDG_CONFIG_HOME": str(tmp / "config"), "COLUMNS": "200"}
    return CliRunner(env=env)


def run_khabar(tmp: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    assert KHABAR.exists(), f"console script not installed at {KHABAR}"
    proc = subprocess.run([str(KHABAR), *args], input=stdin, capture_output=True, env=clean_env(tmp),
                          cwd=tmp, timeout=300, check=False)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def assert_one_error_line(stderr: str, *needles: str) -> str:
    """stderr is exactly one line, ``error: ...`` naming every needle, without a traceback or colours."""
    assert "Traceback" not in stderr
    assert "\x1b[" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    for n in needles:
        assert n in lines[0], (n, stderr)
    return lines[0]


@pytest.fixture
def cli(tmp_path: Path) -> CliRunner:
    return runner(tmp_path)


# --------------------------------------------------------------------------------------------------
# help and version
# --------------------------------------------------------------------------------------------------


def test_version(cli: CliRunner) -> None:
    result = cli.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"khabar {__version__}"


def test_help_lists_commands(cli: CliRunner) -> None:
    result = cli.invoke(app, ["--help"])
    assert result.exit_code == 0
    for word in ("extract", "kb", "--version", "knowledge graph"):
        assert word in result.stdout


def test_no_arguments_shows_help(cli: CliRunner) -> None:
    result = cli.invoke(app, [])
    assert "extract" in result.stdout + result.stderr
    assert "Usage" in result.stdout + result.stderr


def test_extract_help_explains_options(cli: CliRunner) -> None:
    result = cli.invoke(app, ["extract", "--help"])
    assert result.exit_code == 0
    out = result.stdout
    for word in ("--published", "YYYY-MM-DD", "--format", "json", "text", "--kb", "--doc-id", "stdin", ".html"):
        assert word in out, word


def test_kb_help_lists_subcommands(cli: CliRunner) -> None:
    result = cli.invoke(app, ["kb", "--help"])
    assert result.exit_code == 0
    for word in ("stats", "check", "lookup"):
        assert word in result.stdout


def test_help_and_version_of_installed_script(tmp_path: Path) -> None:
    version = run_khabar(tmp_path, "--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"khabar {__version__}"
    help_ = run_khabar(tmp_path, "extract", "--help")
    assert help_.returncode == 0
    assert "--published" in help_.stdout and "--format" in help_.stdout
    assert help_.stderr == ""


# --------------------------------------------------------------------------------------------------
# extract: bad input (fails before the extractor is loaded)
# --------------------------------------------------------------------------------------------------

BAD_INPUTS = [
    pytest.param("empty.txt", b"", "empty input", id="empty"),
    pytest.param("blank.txt", b"  \n\t\n", "empty input", id="whitespace"),
    pytest.param("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data", id="binary"),
    pytest.param("latin1.txt", "Caf\u00e9 in Baghdad\n".encode("latin-1"), "not valid UTF-8", id="invalid-utf8"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_INPUTS)
def test_extract_bad_input_in_process(cli: CliRunner, tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = cli.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert_one_error_line(result.stderr, str(path), reason)


@pytest.mark.parametrize(("name", "data", "reason"), BAD_INPUTS)
def test_extract_bad_input_subprocess(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(data)
    proc = run_khabar(tmp_path, "extract", name)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert_one_error_line(proc.stderr, f"error: {name}: {reason}")


def test_extract_missing_path_subprocess(tmp_path: Path) -> None:
    proc = run_khabar(tmp_path, "extract", str(tmp_path / "no-such-article.txt"))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert_one_error_line(proc.stderr, f"error: {tmp_path / 'no-such-article.txt'}: no such file")


def test_extract_directory_subprocess(tmp_path: Path) -> None:
    proc = run_khabar(tmp_path, "extract", str(tmp_path))
    assert proc.returncode == 1
    assert_one_error_line(proc.stderr, str(tmp_path), "is a directory")


def test_extract_empty_stdin_subprocess(tmp_path: Path) -> None:
    proc = run_khabar(tmp_path, "extract", "-", stdin=b"")
    assert proc.returncode == 1
    assert_one_error_line(proc.stderr, "error: -: empty input")


@pytest.mark.parametrize("name", ["[red]draft.txt", "notes[bold]x.txt"])
def test_extract_error_with_brackets_in_path(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    proc = run_khabar(tmp_path, "extract", name)
    assert proc.returncode == 1
    assert_one_error_line(proc.stderr, f"error: {name}: empty input")


def test_extract_bad_published_date_is_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = run_khabar(tmp_path, "extract", "--published", "not-a-date", "a.txt")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert "Usage:" in proc.stderr
    assert "'not-a-date' is not a date in the form YYYY-MM-DD" in proc.stderr


@pytest.mark.parametrize("value", ["not-a-date", "2020-13-01", "03/01/2020", ""])
def test_extract_bad_published_date_in_process(cli: CliRunner, tmp_path: Path, value: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = cli.invoke(app, ["extract", "--published", value, str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert "is not a date in the form YYYY-MM-DD" in result.stderr


def test_extract_bad_format_is_usage_error(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = cli.invoke(app, ["extract", "--format", "xml", str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert "xml" in result.stderr


def test_extract_without_file_is_usage_error(cli: CliRunner) -> None:
    result = cli.invoke(app, ["extract"])
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


def test_extract_with_broken_extra_kb(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    kb = tmp_path / "broken.yaml"
    kb.write_text("actors:\n  - id: Bad Id\n    name: X\n    type: PERSON\n", encoding="utf-8")
    result = cli.invoke(app, ["extract", "--kb", str(kb), str(tmp_path / "a.txt")])
    assert result.exit_code == 1
    assert_one_error_line(result.stderr, "knowledge base", str(kb), "entry 1", "field 'id'")


# --------------------------------------------------------------------------------------------------
# extract: real runs (module-scoped: the extractor takes seconds to load)
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def article_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cli-extract")
    (d / "soleimani.txt").write_text(ARTICLE, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def json_run(article_dir: Path) -> dict:
    result = runner(article_dir).invoke(
        app, ["extract", str(article_dir / "soleimani.txt"), "--format", "json", "--published", "2020-01-09",
              "--doc-id", "strike-2020"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def text_run(article_dir: Path) -> str:
    result = runner(article_dir).invoke(app, ["extract", str(article_dir / "soleimani.txt"), "-f", "text"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _entity(out: dict, word: str) -> dict:
    found = [e for e in out["entities"] if word in e["name"]]
    assert found, f"no entity named like {word!r}: {[e['name'] for e in out['entities']]}"
    return found[0]


def test_extract_json_shape(json_run: dict) -> None:
    assert {"doc_id", "entities", "relations", "events", "quotes"} <= set(json_run)
    assert json_run["doc_id"] == "strike-2020"
    assert json_run["title"] == "US drone strike at Baghdad airport kills Qassem Soleimani"
    assert json_run["published"] == "2020-01-09"
    for key in ("entities", "relations", "events", "quotes"):
        assert isinstance(json_run[key], list)
    ids = [e["id"] for e in json_run["entities"]]
    assert len(ids) == len(set(ids))


def test_extract_json_mentions_slice_the_text(json_run: dict) -> None:
    mentions = [m for e in json_run["entities"] for m in e["mentions"]]
    assert mentions
    for m in mentions:
        assert 0 <= m["start"] < m["end"] <= len(ARTICLE)
        assert ARTICLE[m["start"] : m["end"]] == m["text"], m


def test_extract_json_finds_the_actors(json_run: dict) -> None:
    soleimani = _entity(json_run, "Soleimani")
    assert soleimani["type"] == "PERSON"
    assert any(m["text"] == "Qassem Soleimani" for m in soleimani["mentions"])
    assert soleimani["kb_id"], "Soleimani is in the shipped knowledge base"
    muhandis = _entity(json_run, "Muhandis")
    assert muhandis["type"] == "PERSON"
    assert _entity(json_run, "Iran")["type"] == "STATE"


def test_extract_json_references_known_entities(json_run: dict) -> None:
    ids = {e["id"] for e in json_run["entities"]}
    for r in json_run["relations"]:
        assert r["subject"] in ids and r["object"] in ids, r
    for ev in json_run["events"]:
        assert set(ev["actors"]) <= ids and set(ev["targets"]) <= ids, ev
    for q in json_run["quotes"]:
        assert q["speaker"] in ids, q


def test_extract_json_events_have_evidence_in_text(json_run: dict) -> None:
    for ev in json_run["events"]:
        assert ev["evidence"].strip()
        assert " ".join(ev["evidence"].split()) in " ".join(ARTICLE.split()), ev["evidence"]


def test_extract_text_prints_actor_names(text_run: str) -> None:
    assert "Actors (" in text_run
    for name in ("Soleimani", "Muhandis", "Iran"):
        assert name in text_run
    assert text_run.lstrip()[:1] != "{"  # not JSON
    assert "US drone strike at Baghdad airport" in text_run  # the title heads the summary
    assert "(publication date inferred)" in text_run  # no --published given


def test_extract_stdin_subprocess(article_dir: Path) -> None:
    proc = run_khabar(article_dir, "extract", "-", "--published", "2020-01-09", stdin=ARTICLE.encode("utf-16"))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    out = json.loads(proc.stdout)
    assert out["doc_id"] == "stdin"
    for m in (m for e in out["entities"] for m in e["mentions"]):
        assert ARTICLE[m["start"] : m["end"]] == m["text"], m
    assert any("Soleimani" in e["name"] for e in out["entities"])


# --------------------------------------------------------------------------------------------------
# kb stats / lookup / check
# --------------------------------------------------------------------------------------------------


def _stats(stdout: str) -> dict[str, int]:
    rows = [line.split() for line in stdout.splitlines() if line.strip()]
    assert all(len(r) == 2 for r in rows), stdout
    return {k: int(v) for k, v in rows}


def test_kb_stats(cli: CliRunner) -> None:
    result = cli.invoke(app, ["kb", "stats"])
    assert result.exit_code == 0, result.stderr
    stats = _stats(result.stdout)
    assert stats["actors"] > 100
    assert "places" in stats
    assert stats["PERSON"] > 0 and stats["ARMED_GROUP"] > 0 and stats["STATE"] > 0
    by_type = sum(v for k, v in stats.items() if k.isupper())
    assert by_type == stats["actors"]


def test_kb_stats_counts_extra_kb(cli: CliRunner, tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA_KB, encoding="utf-8")
    base = _stats(cli.invoke(app, ["kb", "stats"]).stdout)
    more = _stats(cli.invoke(app, ["kb", "stats", "--kb", str(extra)]).stdout)
    assert more["actors"] == base["actors"] + 1
    assert more["PERSON"] == base["PERSON"] + 1


def test_kb_stats_subprocess(tmp_path: Path) -> None:
    proc = run_khabar(tmp_path, "kb", "stats")
    assert proc.returncode == 0, proc.stderr
    assert _stats(proc.stdout)["actors"] > 100


@pytest.mark.parametrize("name", ["Qais al-Khazaali", "Qays Khazali", "QAIS AL‑KHAZAALI", "Qais al-Khaz’ali"])
def test_kb_lookup_khazali(cli: CliRunner, name: str) -> None:
    result = cli.invoke(app, ["kb", "lookup", name])
    assert result.exit_code == 0, result.stderr
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    person = [e for e in entries if e["type"] == "PERSON"]
    assert len(person) == 1, entries
    assert "Khaz" in person[0]["name"]
    assert person[0]["country"] == "IQ"


def test_kb_lookup_subprocess(tmp_path: Path) -> None:
    proc = run_khabar(tmp_path, "kb", "lookup", "Qais al-Khazaali")
    assert proc.returncode == 0, proc.stderr
    entries = [json.loads(line) for line in proc.stdout.splitlines()]
    assert any(e["type"] == "PERSON" and "Khaz" in e["name"] for e in entries)


def test_kb_lookup_unknown_name(cli: CliRunner) -> None:
    result = cli.invoke(app, ["kb", "lookup", "Zarkon al-Vessamir"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert_one_error_line(result.stderr, "no entry for 'Zarkon al-Vessamir'")


def test_kb_lookup_in_extra_kb(cli: CliRunner, tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA_KB, encoding="utf-8")
    result = cli.invoke(app, ["kb", "lookup", "Zarqun el-Wessamir", "--kb", str(extra)])
    assert result.exit_code == 1  # the first letters differ (z/w): not a spelling of Vessamir
    result = cli.invoke(app, ["kb", "lookup", "Zarkun al Vesamir", "--kb", str(extra)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "zarkon_al_vessamir"


def test_kb_lookup_via_environment(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA_KB, encoding="utf-8")
    result = CliRunner(env={"KHABAR_KB": str(extra), "XDG_CONFIG_HOME": str(tmp_path)}).invoke(
        app, ["kb", "lookup", "Zarqun Vessamir"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Zarkon al-Vessamir"


def test_kb_check_valid_file(cli: CliRunner, tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA_KB, encoding="utf-8")
    result = cli.invoke(app, ["kb", "check", str(extra)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 1 file(s)")


MALFORMED_KB = [
    pytest.param(
        "actors:\n  - id: zarkon_vessamir\n    name: Zarkon Vessamir\n    type: WARLORD\n",
        ["entry 1 (zarkon_vessamir)", "field 'type'"], id="bad-type"),
    pytest.param(
        EXTRA_KB + "  - id: Bad Id\n    name: Second Fictional\n    type: PERSON\n",
        ["entry 2 (Bad Id)", "field 'id'", "snake_case"], id="bad-id"),
    pytest.param(
        "actors:\n  - id: zarkon_vessamir\n    type: PERSON\n",
        ["entry 1 (zarkon_vessamir)", "field 'name'", "Field required"], id="missing-name"),
    pytest.param(
        "actors:\n  - id: zarkon_vessamir\n    name: Zarkon Vessamir\n    type: PERSON\n    nickname: Z\n",
        ["entry 1 (zarkon_vessamir)", "field 'nickname'"], id="unknown-field"),
    pytest.param(
        "actors:\n  - id: zarkon_vessamir\n    name: Zarkon Vessamir\n    type: PERSON\n    affiliations:\n"
        "      - {predicate: LEADS, object: no_such_group_xyz}\n",
        ["zarkon_vessamir", "field 'affiliations'", "no_such_group_xyz"], id="unknown-reference"),
    pytest.param("- just\n- a list\n", ["expected a mapping"], id="not-a-mapping"),
    pytest.param("actors:\n  - just a string\n", ["entry 1", "must be a mapping"], id="entry-not-mapping"),
]


@pytest.mark.parametrize(("content", "needles"), MALFORMED_KB)
def test_kb_check_malformed_file(cli: CliRunner, tmp_path: Path, content: str, needles: list[str]) -> None:
    bad = tmp_path / "my-actors.yaml"
    bad.write_text(content, encoding="utf-8")
    result = cli.invoke(app, ["kb", "check", str(bad)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert_one_error_line(result.stderr, f"error: {bad}: ", *needles)


BAD_YAML = "actors:\n  - id: zarkon_vessamir\n    name: [unclosed\n"


def test_kb_check_yaml_syntax_error(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "my-actors.yaml"
    bad.write_text(BAD_YAML, encoding="utf-8")
    result = cli.invoke(app, ["kb", "check", str(bad)])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {bad}: not valid YAML")
    assert "line 3" in result.stderr


def test_kb_check_yaml_syntax_error_is_one_line(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "my-actors.yaml"
    bad.write_text(BAD_YAML, encoding="utf-8")
    result = cli.invoke(app, ["kb", "check", str(bad)])
    assert_one_error_line(result.stderr, str(bad), "not valid YAML", "line 3")


def test_kb_check_malformed_file_subprocess(tmp_path: Path) -> None:
    (tmp_path / "my-actors.yaml").write_text(
        "actors:\n  - id: zarkon_vessamir\n    name: Zarkon Vessamir\n    type: WARLORD\n", encoding="utf-8")
    proc = run_khabar(tmp_path, "kb", "check", "my-actors.yaml")
    assert proc.returncode == 1
    assert_one_error_line(proc.stderr, "error: my-actors.yaml: entry 1 (zarkon_vessamir): field 'type'")


def test_kb_check_missing_file(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["kb", "check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert_one_error_line(result.stderr, str(tmp_path / "nope.yaml"), "no such knowledge-base file")
