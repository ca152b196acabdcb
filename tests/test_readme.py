"""The README's two commands are the project's contract: CI runs the second one verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)]


def test_readme_has_two_commands() -> None:
    commands = _readme_commands()
    assert len(commands) == 2
    install_and_run, install_and_test = commands
    assert "pip install -e ." in install_and_run and "examples/" in install_and_run
    assert "pip install -e '.[test]'" in install_and_test and "pytest" in install_and_test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    match = re.search(r'^README_TEST_COMMAND="(.*)"$', ci, flags=re.M)
    assert match, ".ci/run must define README_TEST_COMMAND"
    assert match.group(1) == _readme_commands()[1]


def test_sample_articles_named_in_the_first_command_exist() -> None:
    first = _readme_commands()[0]
    for path in re.findall(r"examples/[\w./-]+", first):
        assert (ROOT / path).exists(), path
