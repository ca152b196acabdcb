"""``khabar serve``: the web app (JSON API and pages) over a store, with uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True)


def serve(
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on. Beyond loopback (127.0.0.1, ::1, "
            "localhost), writes need a token or --read-only.",
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database: sqlite:///PATH, postgresql://USER@HOST/DB, or a "
            "file path. Default: KHABAR_DATABASE_URL, else the config's database_url, "
            "else <data_dir>/khabar.db.",
        ),
    ] = None,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Refuse every write (merge, split, undo, ingest): 403 with a message.")
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="KHABAR_TOKEN",
            show_envvar=True,
            help="Token that write actions must present (X-Khabar-Token header, "
            "or the token field of the review forms).",
        ),
    ] = None,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
) -> None:
    """Serve the analyst's workbench: actors, profiles, network, timeline, map, documents, review; JSON API at /api
    (OpenAPI docs at /docs)."""
    import uvicorn

    from khabar.config import ConfigError, load_settings
    from khabar.store import StoreError
    from khabar.web import create_app
    from khabar.web.security import LOOPBACK_NAMES, is_loopback

    loopback = is_loopback(host)
    if not loopback and not token and not read_only:
        err.print(
            f"[bold red]error:[/bold red] listening on {host} reaches beyond this machine: writes need a token. "
            "Set KHABAR_TOKEN or pass --token, or serve --read-only.",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(2)
    try:
        kb_files = load_settings().kb_files
        app = create_app(
            db, read_only=read_only, token=token, kb_files=kb_files, allowed_hosts=LOOPBACK_NAMES if loopback else None
        )
    except (StoreError, ConfigError) as exc:
        err.print(f"[bold red]error:[/bold red] database: {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    shown = f"[{host}]" if ":" in host else host
    mode = "read-only" if read_only else ("writes need the token" if token else "writes open (loopback only)")
    err.print(
        f"Khabar on http://{shown}:{port}/  ({app.state.khabar.store.display_url}; {mode}; API docs at /docs)",
        highlight=False,
        soft_wrap=True,
    )
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
