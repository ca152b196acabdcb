"""Score the extractor against a gold-annotated folder (``shared/eval`` layout).

The scorer is the evaluation kit's own ``score.py`` (next to the gold folder), loaded from there so
that Khabar is always measured exactly as the kit measures it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from khabar.documents import read_document
from khabar.extract.pipeline import Extractor

SECTIONS = ("entities", "clusters", "relations", "events", "quotes")


class EvalError(ValueError):
    """The gold folder or its scorer cannot be used."""


def load_scorer(gold_dir: Path) -> ModuleType:
    for candidate in (gold_dir / "score.py", gold_dir.parent / "score.py"):
        if candidate.is_file():
            spec = importlib.util.spec_from_file_location("khabar_eval_score", candidate)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    raise EvalError(f"no score.py in {gold_dir} or {gold_dir.parent}")


def extract_folder(gold_dir: Path, out_dir: Path, extractor: Extractor | None = None) -> list[str]:
    """Run the extractor on every ``*.txt`` with a gold ``*.json`` beside it; write ``out_dir/DOC.json``."""
    import datetime as dt

    extractor = extractor or Extractor()
    out_dir.mkdir(parents=True, exist_ok=True)
    done = []
    docs = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        txt = gold_path.with_suffix(".txt")
        if not txt.is_file():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pub = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        docs.append(read_document(txt, published=pub))
    for doc, result in zip(docs, extractor.extract_many(docs), strict=True):
        (out_dir / f"{doc.doc_id}.json").write_text(
            json.dumps(result.to_output(), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        done.append(doc.doc_id)
    return done


def score_folder(gold_dir: Path, out_dir: Path) -> dict:
    """The scorer's result: ``{"total": {...}, "documents": {doc: {...}}}``."""
    scorer = load_scorer(gold_dir)
    per_doc = {}
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        sys_path = out_dir / gold_path.name
        system = json.loads(sys_path.read_text(encoding="utf-8")) if sys_path.exists() else {}
        per_doc[gold_path.stem] = scorer.score_doc(gold, system)
    if not per_doc:
        raise EvalError(f"no gold files in {gold_dir}")
    total = scorer.aggregate(per_doc)
    total.update(accuracy_totals(gold_dir, out_dir))
    return {"total": total, "documents": per_doc}


def accuracy_totals(gold_dir: Path, out_dir: Path) -> dict[str, float | None]:
    """Micro-averaged event date accuracy and quote speaker accuracy over the whole folder.

    The kit's scorer reports both per document only; this pools the pairs, using the scorer's own
    matching functions so the figures agree with its per-document ones.
    """
    s = load_scorer(gold_dir)
    dated_ok = dated_n = spk_ok = spk_n = 0
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        sys_path = out_dir / gold_path.name
        system = json.loads(sys_path.read_text(encoding="utf-8")) if sys_path.exists() else {}
        mapping = s.map_entities(gold.get("entities", []), system.get("entities", []) or [])

        def m(sid: str, mapping: dict = mapping) -> str:
            return mapping.get(sid, f"__unmapped__{sid}")

        def participants(e: dict, f) -> set:
            ids = list(e.get("actors") or []) + list(e.get("targets") or [])
            if e.get("location"):
                ids.append(e["location"])
            return {f(i) for i in ids}

        def ev_ok(g: dict, x: dict, m=m) -> bool:
            if g.get("type") != x.get("type"):
                return False
            if participants(g, lambda i: i) & participants(x, m):
                return True
            return s.overlap(g.get("evidence", ""), x.get("evidence", "")) >= 0.5

        g_ev, s_ev = gold.get("events", []), system.get("events", []) or []
        for gi, si in s.greedy_match(g_ev, s_ev, ev_ok):
            if g_ev[gi].get("date"):
                dated_n += 1
                dated_ok += s_ev[si].get("date") == g_ev[gi]["date"]
        g_q, s_q = gold.get("quotes", []), system.get("quotes", []) or []
        for gi, si in s.greedy_match(g_q, s_q, lambda g, x: s.overlap(g["text"], x.get("text", "")) >= 0.5):
            spk_n += 1
            spk_ok += m(s_q[si].get("speaker", "")) == g_q[gi].get("speaker")
    return {
        "event_date_accuracy": round(dated_ok / dated_n, 3) if dated_n else None,
        "quote_speaker_accuracy": round(spk_ok / spk_n, 3) if spk_n else None,
    }
