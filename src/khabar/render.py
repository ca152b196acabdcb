"""Readable text summaries of an extraction (Rich)."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from khabar.model import Extraction


def _names(ex: Extraction) -> dict[str, str]:
    return {e.id: e.name for e in ex.entities}


def entities_table(ex: Extraction) -> Table:
    t = Table(title=f"Actors ({len(ex.entities)})", show_lines=False, expand=True)
    t.add_column("id", style="dim", no_wrap=True)
    t.add_column("name", style="bold")
    t.add_column("type")
    t.add_column("surface forms")
    t.add_column("n", justify="right")
    t.add_column("kb", style="dim")
    for e in sorted(ex.entities, key=lambda e: (e.type, -len(e.mentions))):
        t.add_row(e.id, e.name, e.type, "; ".join(e.aliases), str(len(e.mentions)), e.kb_id or "")
    return t


def relations_table(ex: Extraction) -> Table:
    names = _names(ex)
    t = Table(title=f"Relations ({len(ex.relations)})", expand=True)
    t.add_column("subject", style="bold")
    t.add_column("predicate", style="cyan")
    t.add_column("object", style="bold")
    t.add_column("conf", justify="right")
    t.add_column("evidence", style="dim")
    for r in ex.relations:
        t.add_row(
            names.get(r.subject, r.subject),
            r.predicate,
            names.get(r.object, r.object),
            f"{r.confidence:.2f}",
            r.evidence[:140],
        )
    return t


def events_table(ex: Extraction) -> Table:
    names = _names(ex)
    t = Table(title=f"Events ({len(ex.events)})", expand=True)
    for col in ("date", "type", "mode", "actors", "targets", "where", "status", "dead"):
        t.add_column(col)
    for ev in sorted(ex.events, key=lambda e: (e.date or "9999", e.start)):
        t.add_row(
            ev.date or "?",
            ev.type,
            ev.mode or "",
            ", ".join(names.get(a, a) for a in ev.actors),
            ", ".join(names.get(a, a) for a in ev.targets),
            names.get(ev.location or "", ""),
            ev.status,
            "" if ev.fatalities is None else str(ev.fatalities),
        )
    return t


def quotes_panel(ex: Extraction) -> Panel:
    names = _names(ex)
    by_speaker: dict[str, list] = defaultdict(list)
    for q in ex.quotes:
        by_speaker[q.speaker].append(q)
    parts = []
    for sid, qs in by_speaker.items():
        roles = sorted({q.speaker_role for q in qs if q.speaker_role})
        head = Text(names.get(sid, sid), style="bold")
        if roles:
            head.append(f" ({'; '.join(roles)})", style="italic")
        parts.append(head)
        for q in qs:
            mark = "“" + q.text + "”" if q.direct else q.text
            parts.append(Text(f"  • {mark}", style="" if q.direct else "dim"))
    return Panel(Group(*parts) if parts else Text("none"), title=f"Quotes ({len(ex.quotes)})")


def print_summary(ex: Extraction, console: Console | None = None) -> None:
    console = console or Console()
    head = ex.title or ex.doc_id
    meta = " · ".join(x for x in (ex.publisher, str(ex.published) if ex.published else None) if x)
    if ex.published_inferred:
        meta += " (publication date inferred)"
    console.print(Panel(Text(head, style="bold"), subtitle=meta or None))
    console.print(entities_table(ex))
    if ex.relations:
        console.print(relations_table(ex))
    if ex.events:
        console.print(events_table(ex))
    if ex.quotes:
        console.print(quotes_panel(ex))
    for w in ex.warnings:
        console.print(f"[yellow]warning:[/yellow] {w}")
