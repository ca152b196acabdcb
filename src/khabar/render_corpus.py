"""Rich rendering of corpus views (actor profiles, events) for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from khabar.store.views import ActorProfile, EventView, Provenance


def _src(p: Provenance) -> str:
    when = f" {p.published}" if p.published else ""
    return f"{p.outlet}{when}, doc {p.document_id} s{p.sentence}"


def _short(text: str, n: int = 150) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def print_profile(p: ActorProfile, console: Console, *, per_section: int = 25) -> None:
    a = p.actor
    head = f"[bold]{escape(a.name)}[/bold]  {a.type}  id {a.id}" + (f"  kb {a.kb_id}" if a.kb_id else "")
    console.print(head, highlight=False)
    if p.description:
        console.print(escape(p.description), style="dim", highlight=False)
    console.print(
        f"{a.documents} article(s), {a.mentions} mention(s), {a.statements} statement(s) from "
        f"{len(p.outlets)} outlet(s): {escape(', '.join(p.outlets))}",
        highlight=False,
    )
    if p.also_matching:
        console.print(
            "also matching: " + escape(", ".join(f"{e.name} ({e.id})" for e in p.also_matching)),
            style="dim",
            highlight=False,
        )

    t = Table(title="Names", title_justify="left")
    for col in ("name", "mentions", "outlets"):
        t.add_column(col, overflow="fold")
    for al in p.aliases[:per_section]:
        t.add_row(escape(al.name), str(al.count), escape(", ".join(al.outlets)))
    console.print(t)

    if p.relations:
        t = Table(title="Relations", title_justify="left")
        for col in ("relation", "evidence", "sources"):
            t.add_column(col, overflow="fold")
        for r in p.relations[:per_section]:
            rel = (
                f"{a.name} {r.predicate} {r.other.name}"
                if r.direction == "out"
                else f"{r.other.name} {r.predicate} {a.name}"
            )
            t.add_row(
                escape(rel), escape(_short(r.sources[0].evidence)), escape("; ".join(_src(s) for s in r.sources[:4]))
            )
        console.print(t)
    if p.events:
        t = Table(title="Events", title_justify="left")
        for col in ("id", "date", "type", "role", "place", "sources"):
            t.add_column(col, overflow="fold")
        for e in p.events[:per_section]:
            t.add_row(
                str(e.id),
                e.date or "?",
                e.type,
                ", ".join(e.roles),
                escape(e.place.name if e.place else ""),
                f"{e.documents}: " + escape(", ".join(e.outlets)),
            )
        console.print(t)
    for title, qs in (("Quotes by", p.quotes_by), ("Quotes about", p.quotes_about)):
        if not qs:
            continue
        t = Table(title=title, title_justify="left")
        for col in ("speaker", "quote", "source"):
            t.add_column(col, overflow="fold")
        for q in qs[:per_section]:
            text = f"“{q.text}”" if q.direct else q.text
            t.add_row(escape(q.speaker.name if q.speaker else "?"), escape(_short(text, 200)), escape(_src(q.source)))
        console.print(t)


def print_event(e: EventView, console: Console) -> None:
    console.print(
        f"[bold]event {e.id}[/bold]  {e.type}  {e.date or 'undated'}"
        + (f"  at {escape(e.place.name)}" if e.place else ""),
        highlight=False,
    )
    if e.actors:
        console.print("actors: " + escape(", ".join(x.name for x in e.actors)), highlight=False)
    if e.targets:
        console.print("targets: " + escape(", ".join(x.name for x in e.targets)), highlight=False)
    if e.fatalities is not None:
        console.print(f"fatalities (highest reported): {e.fatalities}", highlight=False)
    t = Table(title=f"{len(e.sources)} report(s) from {e.documents} article(s)", title_justify="left")
    for col in ("statement", "source", "evidence"):
        t.add_column(col, overflow="fold")
    for s in e.sources:
        t.add_row(str(s.statement_id), escape(_src(s)), escape(_short(s.evidence, 200)))
    console.print(t)
