"""Tests for khabar.config: defaults, then a TOML file (``$KHABAR_CONFIG`` or the XDG location), then
environment variables. Every test runs with a clean environment pointing into ``tmp_path``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from khabar.config import ConfigError, Settings, load_settings

ENV = ("KHABAR_CONFIG", "KHABAR_DATA_DIR", "KHABAR_DATABASE_URL", "KHABAR_KB", "XDG_CONFIG_HOME", "XDG_DATA_HOME")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for var in ENV:
        monkeypatch.delenv(var, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- defaults ---------------------------------------------------------------------------------------


def test_defaults_without_any_configuration(home: Path) -> None:
    s = load_settings()
    assert isinstance(s, Settings)
    assert s.data_dir == home / ".local" / "share" / "khabar"
    assert s.database_url == f"sqlite:///{home / '.local' / 'share' / 'khabar' / 'khabar.db'}"
    assert s.kb_files == []
    assert s.config_path is None


def test_xdg_data_home_moves_the_default_data_dir(home: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    s = load_settings()
    assert s.data_dir == tmp_path / "xdg-data" / "khabar"
    assert s.database_url.endswith(str(tmp_path / "xdg-data" / "khabar" / "khabar.db"))


# -- the config file ------------------------------------------------------------------------------------


def test_config_file_from_khabar_config(home: Path, tmp_path: Path, monkeypatch) -> None:
    cfg = write(
        tmp_path / "conf" / "khabar.toml",
        'data_dir = "~/khabar-data"\n'
        'database_url = "postgresql+psycopg://user@localhost/khabar"\n'
        'kb_files = ["~/my-actors.yaml", "/srv/shared/places.yaml"]\n',
    )
    monkeypatch.setenv("KHABAR_CONFIG", str(cfg))
    s = load_settings()
    assert s.config_path == cfg
    assert s.data_dir == home / "khabar-data"  # "~" expanded
    assert s.database_url == "postgresql+psycopg://user@localhost/khabar"
    assert s.kb_files == [home / "my-actors.yaml", Path("/srv/shared/places.yaml")]


def test_config_file_in_the_xdg_config_home(home: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    cfg = write(tmp_path / "xdg" / "khabar" / "config.toml", f'data_dir = "{tmp_path / "d"}"\n')
    s = load_settings()
    assert s.config_path == cfg
    assert s.data_dir == tmp_path / "d"
    # the database follows the configured data dir when not set itself
    assert s.database_url == f"sqlite:///{tmp_path / 'd' / 'khabar.db'}"


def test_config_file_in_home_dot_config(home: Path) -> None:
    cfg = write(home / ".config" / "khabar" / "config.toml", 'database_url = "sqlite:///x.db"\n')
    s = load_settings()
    assert s.config_path == cfg and s.database_url == "sqlite:///x.db"


def test_khabar_config_pointing_nowhere_means_defaults(home: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KHABAR_CONFIG", str(tmp_path / "missing.toml"))
    s = load_settings()
    assert s.config_path is None and s.kb_files == []


# -- environment overrides -----------------------------------------------------------------------------


def test_environment_overrides_the_file(home: Path, tmp_path: Path, monkeypatch) -> None:
    cfg = write(
        tmp_path / "c.toml",
        'data_dir = "/from/file"\ndatabase_url = "sqlite:///file.db"\nkb_files = ["/file/kb.yaml"]\n',
    )
    monkeypatch.setenv("KHABAR_CONFIG", str(cfg))
    monkeypatch.setenv("KHABAR_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setenv("KHABAR_DATABASE_URL", "sqlite:///env.db")
    monkeypatch.setenv("KHABAR_KB", os.pathsep.join([str(tmp_path / "a.yaml"), "", "~/b.yaml"]))
    s = load_settings()
    assert s.data_dir == tmp_path / "env-data"
    assert s.database_url == "sqlite:///env.db"
    assert s.kb_files == [tmp_path / "a.yaml", home / "b.yaml"]  # empty entries dropped, "~" expanded
    assert s.config_path == cfg


def test_env_data_dir_moves_the_default_database(home: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KHABAR_DATA_DIR", str(tmp_path / "env-data"))
    s = load_settings()
    assert s.database_url == f"sqlite:///{tmp_path / 'env-data' / 'khabar.db'}"


# -- errors ---------------------------------------------------------------------------------------------


def test_unknown_setting_is_an_error_naming_file_and_setting(home: Path, tmp_path: Path, monkeypatch) -> None:
    cfg = write(tmp_path / "c.toml", 'data_dir = "/x"\ndatabse_url = "sqlite:///typo.db"\ncolour = "red"\n')
    monkeypatch.setenv("KHABAR_CONFIG", str(cfg))
    with pytest.raises(ConfigError) as info:
        load_settings()
    msg = str(info.value)
    assert str(cfg) in msg and "colour" in msg and "databse_url" in msg


def test_invalid_toml_is_an_error_naming_the_file(home: Path, tmp_path: Path, monkeypatch) -> None:
    cfg = write(tmp_path / "c.toml", 'data_dir = "/x\n')
    monkeypatch.setenv("KHABAR_CONFIG", str(cfg))
    with pytest.raises(ConfigError, match="cannot read config") as info:
        load_settings()
    assert str(cfg) in str(info.value)


def test_undecodable_file_is_an_error(home: Path, tmp_path: Path, monkeypatch) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_bytes(b'data_dir = "\xff\xfe"\n')
    monkeypatch.setenv("KHABAR_CONFIG", str(cfg))
    with pytest.raises(ConfigError):
        load_settings()


def test_wrongly_typed_setting_is_an_error(home: Path, tmp_path: Path, monkeypatch) -> None:
    cfg = write(tmp_path / "c.toml", 'kb_files = "mine.yaml"\n')
    monkeypatch.setenv("KHABAR_CONFIG", str(cfg))
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert str(cfg) in str(info.value) and "kb_files" in str(info.value)
