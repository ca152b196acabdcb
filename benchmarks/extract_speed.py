"""Extraction speed: words per second of ``khabar extract`` against raw ``nlp.pipe`` with the same spaCy
model on the same texts, measured in one run (machines here are noisy: compare the ratio, not the figures).

    python benchmarks/extract_speed.py [--texts DIR] [--repeat N]

Texts: every ``*.txt`` under ``--texts`` (default: the evaluation kit's dev set next to the repository,
else the sample articles in ``examples/``).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from pathlib import Path

import spacy

from khabar.documents import read_document
from khabar.extract.pipeline import MODEL, Extractor
from khabar.extract.text import analysis_text

ROOT = Path(__file__).resolve().parents[1]


def _texts(folder: Path | None) -> list[Path]:
    for cand in (folder, ROOT.parent / "shared" / "eval" / "dev", ROOT / "examples"):
        if cand is not None and cand.is_dir():
            files = sorted(cand.rglob("*.txt"))
            if files:
                return files
    raise SystemExit("no texts found")


def _time(fn) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=5, help="timed rounds (alternating raw and khabar)")
    ap.add_argument("--copies", type=int, default=4, help="copies of the text set per round")
    ap.add_argument(
        "--entities-only",
        action="store_true",
        help="leave out the dates, quotes, relations and events stages (the entity pipeline alone)",
    )
    args = ap.parse_args()

    files = _texts(args.texts)
    docs = [read_document(f) for f in files] * args.copies
    words = sum(len(d.text.split()) for d in docs)
    raw = spacy.load(MODEL)
    extractor = Extractor(skip=("dates", "quotes", "relations", "events") if args.entities_only else ())
    texts = [analysis_text(d.text) for d in docs]
    # warm up both (lazy indexes, caches)
    list(raw.pipe(texts[:4]))
    list(extractor.extract_many(docs[:4]))

    raw_t, kh_t = [], []
    for _ in range(args.repeat):
        raw_t.append(_time(lambda: list(raw.pipe(texts, batch_size=16))))
        kh_t.append(_time(lambda: list(extractor.extract_many(docs, batch_size=16))))
    raw_wps = words / statistics.median(raw_t)
    kh_wps = words / statistics.median(kh_t)
    print(f"texts: {len(files)} files x {args.copies} = {len(docs)} documents, {words} words; {args.repeat} rounds")
    print(f"raw spaCy nlp.pipe ({MODEL}): {raw_wps:10.0f} words/s  (median {statistics.median(raw_t):.2f}s)")
    label = "khabar (entities only)" if args.entities_only else "khabar extract_many"
    print(f"{label:<29}: {kh_wps:10.0f} words/s  (median {statistics.median(kh_t):.2f}s)")
    print(f"ratio khabar / raw spaCy     : {kh_wps / raw_wps:.2f}")
    print("time per component (one pass, seconds):")
    for name, secs in _per_component(extractor, docs).items():
        print(f"  {name:<18} {secs:7.3f}")


def _per_component(extractor: Extractor, docs) -> dict[str, float]:
    prepared = [extractor._prepare(d) for d in docs]
    out: dict[str, float] = {}
    for name, proc in extractor.nlp.pipeline:  # enabled components only
        t0 = time.perf_counter()
        prepared = list(proc.pipe(prepared, batch_size=16)) if hasattr(proc, "pipe") else [proc(d) for d in prepared]
        out[name] = time.perf_counter() - t0
    return out


if __name__ == "__main__":
    main()
