"""Settings: defaults, then a TOML config file, then environment variables.

Config file: ``$KHABAR_CONFIG`` or ``$XDG_CONFIG_HOME/khabar/config.toml`` (``~/.config/...``)::

    data_dir = "~/.local/share/khabar"
    database_url = "sqlite:///~/.local/share/khabar/khabar.db"
    kb_files = ["~/my-actors.yaml"]

Environment: ``KHABAR_DATA_DIR``, ``KHABAR_DATABASE_URL``, ``KHABAR_KB`` (paths joined by ``:``).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(ValueError):
    """A config file that cannot be used."""


@dataclass
class Settings:
    data_dir: Path
    database_url: str
    kb_files: list[Path] = field(default_factory=list)
    config_path: Path | None = None


def _config_path() -> Path:
    if os.environ.get("KHABAR_CONFIG"):
        return Path(os.environ["KHABAR_CONFIG"]).expanduser()
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "khabar" / "config.toml"


def load_settings() -> Settings:
    path = _config_path()
    data: dict = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read config ({exc})") from exc
        unknown = set(data) - {"data_dir", "database_url", "kb_files"}
        if unknown:
            raise ConfigError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}")
        for key in ("data_dir", "database_url"):
            if key in data and not isinstance(data[key], str):
                raise ConfigError(f"{path}: setting '{key}' must be a string")
        if "kb_files" in data and not (
            isinstance(data["kb_files"], list) and all(isinstance(p, str) for p in data["kb_files"])
        ):
            raise ConfigError(f"{path}: setting 'kb_files' must be a list of paths, e.g. kb_files = [\"mine.yaml\"]")
    default_data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "khabar"
    data_dir = Path(os.environ.get("KHABAR_DATA_DIR") or data.get("data_dir") or default_data).expanduser()
    db = os.environ.get("KHABAR_DATABASE_URL") or data.get("database_url") or f"sqlite:///{data_dir / 'khabar.db'}"
    kb_env = os.environ.get("KHABAR_KB")
    kb_files = [
        Path(p).expanduser()
        for p in (kb_env.split(os.pathsep) if kb_env else data.get("kb_files", []))
        if str(p).strip()
    ]
    return Settings(
        data_dir=data_dir, database_url=str(db), kb_files=kb_files, config_path=path if path.is_file() else None
    )
