"""The ``khabar`` command line."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from khabar import __version__
from khabar.config import load_settings

app = typer.Typer(
    name="khabar",
    help="Khabar turns conflict news into a sourced knowledge graph: actors under every spelling, "
    "who leads, backs or fights whom, PLOVER-coded events and attributed quotes, each tied to its sentence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
kb_app = typer.Typer(help="Inspect and check the actor knowledge base and gazetteer.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")

err = Console(stderr=True)


class OutputFormat(StrEnum):
    json = "json"
    text = "text"


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/bold red] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


KbOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--kb",
        help="An extra knowledge-base YAML file (actors and/or places); repeatable. "
        "Adds to the files named in the config setting `kb_files`.",
    ),
]


def _kb_files(extra: list[Path] | None) -> list[Path]:
    return [*load_settings().kb_files, *(extra or [])]


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"khabar {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Khabar command line."""


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="An article: .txt/.md (first line is the title), .html, or - for stdin.")],
    published: Annotated[
        str | None,
        typer.Option(
            "--published", help="Publication date, YYYY-MM-DD; resolves relative dates. Inferred when omitted."
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="json (OUTPUT_FORMAT) or text.")
    ] = OutputFormat.json,
    kb: KbOption = None,
    doc_id: Annotated[str | None, typer.Option("--doc-id", help="Id for the output (default: file name).")] = None,
) -> None:
    """Extract actors, relations, events and quotes from one article."""
    from khabar.documents import InputError, read_document
    from khabar.kb import KBError

    pub = _parse_date(published)
    try:
        document = read_document(file, published=pub)
    except InputError as exc:
        raise fail(str(exc)) from None
    if doc_id:
        document = document.model_copy(update={"doc_id": doc_id})
    try:
        from khabar.extract.pipeline import Extractor, ModelMissingError

        extractor = Extractor(kb_files=_kb_files(kb))
    except KBError as exc:
        raise fail(f"knowledge base: {exc}") from None
    except ModelMissingError as exc:
        raise fail(str(exc)) from None
    result = extractor.extract(document)
    if fmt == OutputFormat.json:
        sys.stdout.write(json.dumps(result.to_output(), ensure_ascii=False, indent=2) + "\n")
    else:
        from khabar.render import print_summary

        print_summary(result, Console())


@kb_app.command("stats")
def kb_stats(kb: KbOption = None) -> None:
    """Count the actors (by type) and places the knowledge base holds."""
    from khabar.kb import KBError, KnowledgeBase

    try:
        stats = KnowledgeBase.load(_kb_files(kb)).stats()
    except KBError as exc:
        raise fail(str(exc)) from None
    for k, v in stats.items():
        typer.echo(f"{k:<16} {v}")


@kb_app.command("check")
def kb_check(files: Annotated[list[Path], typer.Argument(help="KB YAML files to validate.")]) -> None:
    """Validate knowledge-base files (with the shipped KB, so references resolve)."""
    from khabar.kb import KBError, KnowledgeBase

    try:
        kb = KnowledgeBase.load(files)
    except KBError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"ok: {len(files)} file(s); knowledge base now holds {len(kb.actors)} actors, {len(kb.places)} places")


@kb_app.command("lookup")
def kb_lookup(name: Annotated[str, typer.Argument(help="A name under any spelling.")], kb: KbOption = None) -> None:
    """Find knowledge-base entries for a name (spelling variants fold together)."""
    from khabar.kb import KBError, KnowledgeBase

    try:
        base = KnowledgeBase.load(_kb_files(kb))
    except KBError as exc:
        raise fail(str(exc)) from None
    hits = base.lookup(name)
    if not hits:
        raise fail(f"no entry for {name!r}")
    for e in hits:
        typer.echo(json.dumps(e.model_dump(exclude_defaults=True), ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    app()


@app.command("eval")
def eval_cmd(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold *.json with their *.txt (e.g. ../shared/eval/dev).")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write the extractions (default: a temp dir).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full score as JSON.")] = False,
    kb: KbOption = None,
) -> None:
    """Run the extractor on a gold-annotated folder and score it with the kit's score.py."""
    import tempfile

    from khabar.evaluate import SECTIONS, EvalError, extract_folder, score_folder
    from khabar.extract.pipeline import Extractor

    if not gold_dir.is_dir():
        raise fail(f"{gold_dir}: not a directory")
    out_dir = out or Path(tempfile.mkdtemp(prefix="khabar-eval-"))
    try:
        extract_folder(gold_dir, out_dir, Extractor(kb_files=_kb_files(kb)))
        result = score_folder(gold_dir, out_dir)
    except EvalError as exc:
        raise fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"Khabar on {gold_dir}")
    table.add_column("doc")
    for s in SECTIONS:
        table.add_column(s, justify="right")
    for doc, r in result["documents"].items():
        table.add_row(doc, *(f"{r[s]['f1']:.3f}" for s in SECTIONS))
    total = result["total"]
    table.add_row("[bold]micro F1", *(f"[bold]{total[s]['f1']:.3f}" for s in SECTIONS))
    table.add_row("micro P", *(f"{total[s]['p']:.3f}" for s in SECTIONS))
    table.add_row("micro R", *(f"{total[s]['r']:.3f}" for s in SECTIONS))
    Console().print(table)
    typer.echo(
        f"overall_f1 {total['overall_f1']:.3f}   event date accuracy {total['event_date_accuracy']}   "
        f"quote speaker accuracy {total['quote_speaker_accuracy']}   outputs in {out_dir}"
    )


from khabar.cli_corpus import register as _register_corpus  # noqa: E402

_register_corpus(app)

from khabar.cli_web import register as _register_web  # noqa: E402

_register_web(app)
