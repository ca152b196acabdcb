"""The corpus commands: ``ingest``, ``actors``, ``actor``, ``events``, ``event``, ``quotes``, ``search``,
``documents``, ``document``, ``reprocess``, ``failures``, ``entities merge|split|history`` and
``db upgrade|check|info``. All SQL lives in :mod:`khabar.store`; these commands parse, call and print.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

err = Console(stderr=True)
out = Console()

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database: sqlite:///PATH, postgresql://USER@HOST/DB, or a file path. "
        "Default: KHABAR_DATABASE_URL, else the config's database_url, else <data_dir>/khabar.db.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
KbOption = Annotated[
    list[Path] | None,
    typer.Option("--kb", help="An extra knowledge-base YAML file; repeatable (adds to the config's kb_files)."),
]


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/bold red] {_escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _kb_files(extra: list[Path] | None) -> list[Path]:
    from khabar.config import ConfigError, load_settings

    try:
        return [*load_settings().kb_files, *(extra or [])]
    except ConfigError as exc:
        raise fail(str(exc)) from None


@contextmanager
def _store(db: str | None, *, migrate: bool = True) -> Iterator[Any]:
    from khabar.config import ConfigError
    from khabar.store import Store, StoreError

    try:
        store = Store.open(db, migrate=migrate)
    except (StoreError, ConfigError) as exc:
        raise fail(f"database: {exc}") from None
    try:
        yield store
    finally:
        store.close()


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _dump(models: Any) -> Any:
    if isinstance(models, list):
        return [m.model_dump(mode="json") for m in models]
    return models.model_dump(mode="json")


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD", param_hint=name) from None


def _short(text: str | None, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


# -- ingest ------------------------------------------------------------------------------------------
def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt .md .html .json .jsonl .rss .atom .xml), "
            "directories (recursive), URLs (pages or RSS/Atom feeds), or -."
        ),
    ],
    db: DbOption = None,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, max=64, help="Extraction processes (1 = in this process).")
    ] = 1,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, max=512, help="Documents per extraction batch.")
    ] = 8,
    near: Annotated[
        float,
        typer.Option("--near-threshold", min=0.3, max=1.0, help="Similarity above which a text is a near-duplicate."),
    ] = 0.75,
    max_chars: Annotated[int, typer.Option("--max-chars", min=1000, help="Longest article accepted.")] = 1_000_000,
    refetch: Annotated[bool, typer.Option("--refetch", help="Fetch URLs already ingested again.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Ingest articles: read, drop duplicates, extract, resolve across the corpus, store."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from khabar.extract.pipeline import ModelMissingError
    from khabar.ingest import Ingestor, Outcome
    from khabar.kb import KBError

    kb_files = _kb_files(kb)
    with _store(db) as store:
        progress = Progress(
            SpinnerColumn(finished_text="[green]✓[/green]"),
            TextColumn("[bold]ingest[/bold]"),
            BarColumn(),
            TextColumn(
                "{task.completed} read · [green]{task.fields[new]} new[/green] · "
                "[yellow]{task.fields[dup]} duplicate[/yellow] · "
                "[red]{task.fields[failed]} failed[/red] · {task.fields[skipped]} skipped"
            ),
            TimeElapsedColumn(),
            console=err,
            disable=quiet or as_json,
            transient=False,
        )
        task = progress.add_task("ingest", total=None, new=0, dup=0, failed=0, skipped=0)
        tallies = {"new": 0, "dup": 0, "failed": 0, "skipped": 0}
        bucket = {
            "new": "new",
            "duplicate": "dup",
            "near_duplicate": "dup",
            "unchanged": "dup",
            "failed": "failed",
            "skipped": "skipped",
        }

        def on_outcome(o: Outcome) -> None:
            tallies[bucket[o.status]] += 1
            progress.update(task, advance=1, **tallies)

        try:
            with progress:
                report = Ingestor(
                    store,
                    kb_files=kb_files,
                    workers=workers,
                    batch_size=batch_size,
                    near_threshold=near,
                    max_chars=max_chars,
                    refetch=refetch,
                    on_outcome=on_outcome,
                ).run(sources)
                done = progress.tasks[0].completed
                progress.update(task, total=done, completed=done)
        except (KBError, ModelMissingError) as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            raise fail(
                "interrupted: documents stored so far are kept; run the same command again to finish", 130
            ) from None
    summary = report.to_dict()
    if as_json:
        _print_json(summary)
        return
    failures = [o for o in report.problems if o.status == "failed"]
    if failures:
        table = Table(title=f"{len(failures)} input(s) could not be ingested", title_justify="left")
        table.add_column("source", overflow="fold")
        table.add_column("reason", overflow="fold")
        for o in failures:
            table.add_row(_escape(o.locator), _escape(o.reason or ""))
        err.print(table)
    skipped = [o for o in report.problems if o.status == "skipped"]
    if skipped:
        err.print(f"{len(skipped)} file(s) skipped (not articles); `khabar failures` lists them", highlight=False)
    by = summary["by_status"]
    dup_bits = ", ".join(
        f"{by[k]} {k.replace('_', '-')}" for k in ("duplicate", "near_duplicate", "unchanged") if by.get(k)
    )
    out.print(
        f"{summary['new']} new, {summary['duplicate']} duplicate"
        + (f" ({dup_bits})" if dup_bits else "")
        + f", {summary['failed']} failed, {summary['skipped']} skipped  [dim](run {report.run_id}, "
        f"{store.display_url})[/dim]",
        highlight=False,
    )


def reprocess(
    db: DbOption = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Every document, not only those extracted by another extractor version.")
    ] = False,
    doc: Annotated[list[int] | None, typer.Option("--doc", help="Only this document id; repeatable.")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=64)] = 1,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Re-extract stored articles after the extractor or the knowledge base changed."""
    from khabar.ingest.reprocess import reprocess as run

    with _store(db) as store:
        done = {"n": 0}

        def tick(_doc: int, problem: str | None) -> None:
            done["n"] += 1
            if not as_json:
                err.print(
                    f"  document {_doc}: " + (f"[red]{_escape(problem)}[/red]" if problem else "ok"), highlight=False
                )

        report = run(
            store, kb_files=_kb_files(kb), everything=everything, ids=doc or (), workers=workers, on_document=tick
        )
    if as_json:
        _print_json(report.to_dict())
        return
    out.print(
        f"reprocessed {len(report.done)} document(s) with extractor {report.version}; {len(report.failed)} failed",
        highlight=False,
    )
    if report.failed:
        raise typer.Exit(1)


# -- queries -----------------------------------------------------------------------------------------
def actors(
    db: DbOption = None,
    type_: Annotated[str | None, typer.Option("--type", "-t", help="PERSON, ARMED_GROUP, STATE, ...")] = None,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many.")] = 30,
    as_json: JsonOption = False,
) -> None:
    """Actors ranked by the number of articles that mention them."""
    from khabar.model import EntityType
    from khabar.store import queries

    if type_ and type_.upper() not in {t.value for t in EntityType}:
        raise fail(f"unknown type {type_!r}; one of {', '.join(t.value for t in EntityType)}")
    with _store(db) as store:
        rows = queries.list_actors(store, type=type_, top=top)
    if as_json:
        _print_json(_dump(rows))
        return
    table = Table(title=f"Actors ({len(rows)})", title_justify="left")
    for col, just in (
        ("id", "right"),
        ("name", "left"),
        ("type", "left"),
        ("kb id", "left"),
        ("articles", "right"),
        ("mentions", "right"),
        ("statements", "right"),
    ):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for a in rows:
        table.add_row(
            str(a.id), _escape(a.name), a.type, a.kb_id or "", str(a.documents), str(a.mentions), str(a.statements)
        )
    out.print(table)


def actor(
    name: Annotated[str, typer.Argument(help="A name in any spelling, a surname, an acronym, or an entity id.")],
    db: DbOption = None,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """An actor's profile: names and the outlets using them, relations, events and quotes, each with sources."""
    from khabar.store import queries

    kb_obj = None
    try:
        from khabar.kb import KnowledgeBase

        kb_obj = KnowledgeBase.load(_kb_files(kb))
    except Exception:  # the profile works without KB descriptions
        kb_obj = None
    with _store(db) as store:
        try:
            prof = queries.actor_profile(store, name, kb=kb_obj)
        except queries.NotFound as exc:
            raise fail(str(exc)) from None
    if as_json:
        _print_json(_dump(prof))
        return
    from khabar.render_corpus import print_profile

    print_profile(prof, out)


def events(
    db: DbOption = None,
    actor_name: Annotated[str | None, typer.Option("--actor", help="Taking part (actor, target or claimant).")] = None,
    type_: Annotated[str | None, typer.Option("--type", "-t", help="PLOVER type, e.g. ASSAULT.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="On or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="On or before YYYY-MM-DD.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Where it happened.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 50,
    as_json: JsonOption = False,
) -> None:
    """Events, each merged across the sources that report it."""
    from khabar.store import queries

    s, u = _date(since, "--since"), _date(until, "--until")
    with _store(db) as store:
        rows = queries.list_events(store, actor=actor_name, type=type_, since=s, until=u, place=place, limit=limit)
    if as_json:
        _print_json(_dump(rows))
        return
    table = Table(title=f"Events ({len(rows)})", title_justify="left")
    for col in ("id", "date", "type", "actors", "targets", "place", "sources"):
        table.add_column(col, overflow="fold")
    for e in rows:
        table.add_row(
            str(e.id),
            e.date or "?",
            e.type,
            _escape(", ".join(a.name for a in e.actors)),
            _escape(", ".join(t.name for t in e.targets)),
            _escape(e.place.name if e.place else ""),
            f"{e.documents}: " + _escape(", ".join(e.outlets)),
        )
    out.print(table)


def event(
    event_id: Annotated[int, typer.Argument(help="Event id (from `khabar events`).")],
    db: DbOption = None,
    split: Annotated[
        int | None,
        typer.Option("--split", help="Take this statement (report) out of the event into an event of its own."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """One event with every report of it (or --split a report that was merged wrongly)."""
    from khabar.resolve.events import unmerge_statement
    from khabar.store import queries

    with _store(db) as store:
        try:
            if split is not None:
                ev = queries.event_detail(store, event_id)
                if split not in {p.statement_id for p in ev.sources}:
                    raise fail(f"statement {split} is not a report of event {event_id}")
                with store.begin() as conn:
                    event_id = unmerge_statement(conn, split)
                if not as_json:
                    err.print(f"statement {split} is now event {event_id}", highlight=False)
            ev = queries.event_detail(store, event_id)
        except queries.NotFound as exc:
            raise fail(str(exc)) from None
    if as_json:
        _print_json(_dump(ev))
        return
    from khabar.render_corpus import print_event

    print_event(ev, out)


def quotes(
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Said by this actor.")] = None,
    about: Annotated[str | None, typer.Option("--about", help="Naming this actor.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 50,
    as_json: JsonOption = False,
) -> None:
    """Attributed quotes with their sources."""
    from khabar.store import queries

    with _store(db) as store:
        rows = queries.list_quotes(store, speaker=speaker, about=about, limit=limit)
    if as_json:
        _print_json(_dump(rows))
        return
    table = Table(title=f"Quotes ({len(rows)})", title_justify="left")
    for col in ("speaker", "quote", "about", "source"):
        table.add_column(col, overflow="fold")
    for q in rows:
        text = f"“{q.text}”" if q.direct else q.text
        table.add_row(
            _escape(q.speaker.name if q.speaker else "?"),
            _escape(_short(text, 160)),
            _escape(", ".join(a.name for a in q.about)),
            _escape(f"{q.source.outlet} {q.source.published or ''} (doc {q.source.document_id})"),
        )
    out.print(table)


def search(
    query: Annotated[str, typer.Argument(help='Words to find in the articles ("quoted phrases" allowed).')],
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over the articles, and actors by name."""
    from khabar.store import queries

    if not query.strip():
        raise fail("empty search")
    with _store(db) as store:
        res = queries.search(store, query, limit=limit)
    if as_json:
        _print_json(_dump(res))
        return
    if res.actors:
        out.print(
            "[bold]Actors:[/bold] "
            + _escape(", ".join(f"{a.name} ({a.id}, {a.documents} articles)" for a in res.actors)),
            highlight=False,
        )
    table = Table(title=f"Articles matching {query!r} ({len(res.documents)})", title_justify="left")
    for col in ("doc", "title", "outlet", "published", "snippet"):
        table.add_column(col, overflow="fold")
    for h in res.documents:
        d = h.document
        table.add_row(
            str(d.id), _escape(_short(d.title, 60)), _escape(d.outlet), str(d.published or ""), _escape(h.snippet)
        )
    out.print(table)


def documents(
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 50,
    as_json: JsonOption = False,
) -> None:
    """Stored articles, newest first (near-duplicates point at their original)."""
    from khabar.store import queries

    with _store(db) as store:
        rows = queries.list_documents(store, limit=limit)
    if as_json:
        _print_json(_dump(rows))
        return
    table = Table(title=f"Documents ({len(rows)})", title_justify="left")
    for col in ("id", "title", "outlet", "published", "status", "sources"):
        table.add_column(col, overflow="fold")
    for d in rows:
        status = d.status if d.duplicate_of is None else f"copy of {d.duplicate_of} ({d.similarity:.2f})"
        table.add_row(
            str(d.id),
            _escape(_short(d.title, 60)),
            _escape(d.outlet),
            str(d.published or ""),
            status,
            str(len(d.sources)),
        )
    out.print(table)


def document(
    document_id: Annotated[int, typer.Argument(help="Document id.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One stored article with its entities and statements."""
    from khabar.store import queries

    with _store(db) as store:
        try:
            det = queries.document_detail(store, document_id)
        except queries.NotFound as exc:
            raise fail(str(exc)) from None
    if as_json:
        _print_json(_dump(det))
        return
    d = det.document
    out.print(
        f"[bold]{_escape(d.title or '(untitled)')}[/bold]  {_escape(d.outlet)} {d.published or ''}", highlight=False
    )
    out.print(f"sources: {_escape(', '.join(d.sources))}", highlight=False)
    for e in det.entities:
        ent = e["entity"]
        target = f"  → {ent['id']} {_escape(ent['name'])}" if ent else ""
        out.print(f"  {e['type']:<16} {_escape(e['name'])}{target}", highlight=False)
    for s in det.statements:
        out.print(f"  [{s['kind']} {s['label']}] {_escape(_short(s['evidence'], 140))}", highlight=False)


def failures_cmd(
    db: DbOption = None,
    run: Annotated[int | None, typer.Option("--run", help="Ingest run id (default: the latest).")] = None,
    as_json: JsonOption = False,
) -> None:
    """What the latest ingest run could not read (or skipped), with reasons."""
    from khabar.store import queries

    with _store(db) as store:
        rows = queries.failures(store, run=run)
    if as_json:
        _print_json(rows)
        return
    table = Table(title=f"Failures and skipped inputs ({len(rows)})", title_justify="left")
    for col in ("outcome", "source", "reason"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["outcome"], _escape(r["source"]), _escape(r["reason"]))
    out.print(table)


# -- entities ----------------------------------------------------------------------------------------
entities_app = typer.Typer(help="Review cross-article resolution: merge, split, history.", no_args_is_help=True)


def _entity_id(conn: Any, ref: str) -> int:
    from khabar.store import queries

    found = queries.find_entities(conn, ref, limit=3)
    if not found:
        raise fail(f"no entity {ref!r}")
    if not ref.isdigit() and len(found) > 1 and found[0].documents == found[1].documents:
        options = "; ".join(f"{a.id} {a.name} ({a.type})" for a in found)
        raise fail(f"{ref!r} is ambiguous: {options}; give an id")
    return found[0].id


@entities_app.command("merge")
def entities_merge(
    keep: Annotated[str, typer.Argument(help="The entity to keep (id or name).")],
    other: Annotated[str, typer.Argument(help="The entity merged into it (id or name).")],
    db: DbOption = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (kept in the history).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Merge even different KB entries or a split pair.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Merge two clusters into one (undo with `khabar entities split KEEP`)."""
    from khabar.resolve.review import ReviewError, merge

    with _store(db) as store:
        try:
            with store.begin() as conn:
                a, b = _entity_id(conn, keep), _entity_id(conn, other)
                decision = merge(conn, a, b, reason=reason, force=force)
        except ReviewError as exc:
            raise fail(str(exc)) from None
    if as_json:
        _print_json({"decision": decision, "entity": a, "merged": b})
    else:
        out.print(f"merged {b} into {a} (decision {decision}); undo with `khabar entities split {a}`", highlight=False)


@entities_app.command("split")
def entities_split(
    entity: Annotated[str, typer.Argument(help="The cluster to split (id or name).")],
    db: DbOption = None,
    decision: Annotated[int | None, typer.Option("--decision", help="Undo this merge or link decision.")] = None,
    name: Annotated[
        list[str] | None, typer.Option("--name", help="Move out the mentions under this name; repeatable.")
    ] = None,
    document_id: Annotated[
        list[int] | None, typer.Option("--document", help="Move out this document's mentions; repeatable.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Split a cluster: undo its latest merge, a given decision, or move some names/documents out."""
    from khabar.resolve.review import ReviewError, split

    with _store(db) as store:
        try:
            with store.begin() as conn:
                eid = _entity_id(conn, entity)
                done = split(conn, eid, decision=decision, names=name, documents=document_id)
        except ReviewError as exc:
            raise fail(str(exc)) from None
    if as_json:
        _print_json(done)
    else:
        out.print(
            f"split {done['moved']} mention group(s) from {done['entity']} into {done['new_entity']} "
            f"(decision {done['decision']})",
            highlight=False,
        )


@entities_app.command("history")
def entities_history(
    entity: Annotated[str, typer.Argument(help="Entity id or name.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every resolution decision about a cluster: links, merges, splits, with scores and reasons."""
    from khabar.resolve.review import history

    with _store(db) as store, store.connect() as conn:
        eid = _entity_id(conn, entity)
        rows = history(conn, eid)
    if as_json:
        _print_json(rows)
        return
    table = Table(title=f"History of entity {eid} ({len(rows)} decisions)", title_justify="left")
    for col in ("id", "kind", "by", "score", "document", "reason", "undone by"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["kind"],
            r["actor"],
            "" if r["score"] is None else f"{r['score']:.2f}",
            str(r["document"] or ""),
            _escape(r["reason"]),
            str(r["undone_by"] or ""),
        )
    out.print(table)


# -- db ----------------------------------------------------------------------------------------------
db_app = typer.Typer(help="The corpus database: migrate, check, describe.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the database or bring its schema to the latest version."""
    from khabar.store.engine import current_revision

    with _store(db) as store:
        out.print(f"{store.display_url}: schema at revision {current_revision(store.engine)}", highlight=False)


@db_app.command("check")
def db_check(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Check the store's integrity (exit 1 when something is wrong)."""
    from khabar.store.check import check

    with _store(db) as store:
        problems = check(store)
    if as_json:
        _print_json({"ok": not problems, "problems": problems})
    elif problems:
        for p in problems:
            err.print(f"[red]problem:[/red] {_escape(p)}", highlight=False)
    else:
        out.print("ok: the store is consistent", highlight=False)
    if problems:
        raise typer.Exit(1)


@db_app.command("info")
def db_info(db: DbOption = None, as_json: JsonOption = False) -> None:
    """What the corpus holds."""
    from khabar.store import queries

    with _store(db) as store:
        st = queries.stats(store)
    if as_json:
        _print_json(_dump(st))
        return
    for k, v in st.model_dump().items():
        out.print(f"{k:<16} {v}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the corpus commands to the ``khabar`` app."""
    app.command("ingest")(ingest)
    app.command("reprocess")(reprocess)
    app.command("actors")(actors)
    app.command("actor")(actor)
    app.command("events")(events)
    app.command("event")(event)
    app.command("quotes")(quotes)
    app.command("search")(search)
    app.command("documents")(documents)
    app.command("document")(document)
    app.command("failures")(failures_cmd)
    app.add_typer(entities_app, name="entities")
    app.add_typer(db_app, name="db")
