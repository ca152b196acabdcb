"""Reading Khabar's YAML data files with one-line errors that name the file, the place and the field."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available (3x faster), always safe


def yaml_reason(exc: yaml.YAMLError) -> str:
    """PyYAML's error on one line: "while parsing X (line 3, column 11): expected Y (line 4, column 1)"."""

    def at(mark: object) -> str:
        return f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""

    context, problem = getattr(exc, "context", None), getattr(exc, "problem", None)
    if problem is None:
        return " ".join(str(exc).split())
    head = f"{context}{at(getattr(exc, 'context_mark', None))}: " if context else ""
    return f"{head}{problem}{at(getattr(exc, 'problem_mark', None))}"


def validation_reason(err: ValidationError, top: str = "(top level)") -> str:
    """A pydantic error as "field 'a.b': message; field 'c': message"."""
    parts = []
    for e in err.errors():
        loc = ".".join(str(x) for x in e["loc"]) or top
        parts.append(f"field '{loc}': {e['msg'].removeprefix('Value error, ')}")
    return "; ".join(parts)


def read_yaml(path: Path, error: type[Exception], what: str = "file") -> object:
    """The parsed YAML of ``path``; any problem raises ``error`` with a one-line reason."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise error(f"{path}: no such {what}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read ({exc})") from exc
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML: {yaml_reason(exc)}") from exc
