"""Ingest speed and memory: articles/s into SQLite and PostgreSQL and peak RSS over N generated
articles, printed beside the raw extraction speed measured in the same run.

    python benchmarks/ingest_speed.py --n 10000                 # the full measurement (long)
    python benchmarks/ingest_speed.py --n 500 --workers 2       # a quick one
    python benchmarks/ingest_speed.py --n 2000 --pg none        # SQLite only

Each phase runs in a child process of its own, so each peak RSS is that phase's alone (worker
processes included, as the maximum RSS of any one of them). The generated articles (written for
Khabar's benchmark, not real news) mix knowledge-base actors, invented people and places so that
resolution and event merging have work to do; no two are near-duplicates.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

ACTORS = ["Asaib Ahl al-Haq", "Kataib Hezbollah", "the Badr Organization", "the Popular Mobilization Forces",
          "Saraya al-Salam", "Kataib Sayyid al-Shuhada", "Harakat Hezbollah al-Nujaba", "the Iraqi army",
          "the Counter-Terrorism Service", "the Peshmerga", "the Islamic State group", "Hezbollah", "the Houthis",
          "the Islamic Revolutionary Guard Corps", "the Sadrist movement", "the Kurdistan Democratic Party",
          "the Patriotic Union of Kurdistan", "the Coordination Framework"]
LEADERS = ["Qais al-Khazali", "Hadi al-Amiri", "Muqtada al-Sadr", "Falih al-Fayyadh", "Mohammed Shia al-Sudani",
           "Masoud Barzani", "Bafel Talabani", "Nouri al-Maliki", "Akram al-Kaabi", "Abu Fadak al-Mohammadawi"]
FIRST = ["Ahmed", "Karim", "Hussein", "Ali", "Mustafa", "Haider", "Salah", "Faleh", "Jabbar", "Sattar", "Nasser",
         "Majid", "Qasim", "Raad", "Saad", "Walid", "Yasser", "Zaid", "Abbas", "Hamid"]
LAST = ["al-Obeidi", "al-Jubouri", "al-Dulaimi", "al-Zubaidi", "al-Shammari", "al-Tamimi", "al-Rubaie", "al-Saadi",
        "al-Lami", "al-Hashimi", "al-Khafaji", "al-Assadi", "al-Mayahi", "al-Bahadli", "al-Garawi", "al-Kinani"]
PLACES = ["Baghdad", "Basra", "Mosul", "Kirkuk", "Najaf", "Karbala", "Ramadi", "Tikrit", "Samarra", "Fallujah",
          "Erbil", "Nasiriyah", "Amarah", "Kut", "Hilla", "Baqubah", "Sinjar", "Jurf al-Sakhr", "Qaim", "Balad"]
TEMPLATES = [
    "{actor} said on {day} that its fighters had repelled an attack near {place}.",
    "A roadside bomb struck a convoy of {actor} on the road between {place} and {place2}, killing {k} people.",
    "{leader} met {person}, a commander from {place}, to discuss the security plan for {place2}.",
    "Security sources said {actor} had moved {k} armoured vehicles towards {place}.",
    "{person}, a spokesman for {actor}, told reporters that \"the situation in {place} is under control\".",
    "Drones attacked a base used by {actor} near {place} on {day}, officials said.",
    "{leader} accused {actor} of trying to undermine the government in {place2}.",
    "The governor of {place} said {k} families had fled the fighting since {day}.",
    "{person} was arrested in {place} on charges of smuggling weapons, a court official said.",
    "Police in {place2} said rockets landed near the airport late on {day}, causing no casualties.",
    "Analysts in {place} said the rivalry between {actor} and {actor2} was likely to grow.",
    "{actor2} denied any role in the killing of {person} in {place}.",
    "Tribal leaders in {place} called on {actor} to leave the area within {k} days.",
    "{leader} said in a televised speech that {actor2} would be held accountable.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def generate(n: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        slots = {"actor": rnd.choice(ACTORS), "actor2": rnd.choice(ACTORS), "leader": rnd.choice(LEADERS),
                 "person": f"{rnd.choice(FIRST)} {rnd.choice(LAST)}", "place": rnd.choice(PLACES),
                 "place2": rnd.choice(PLACES), "day": rnd.choice(DAYS), "k": rnd.randint(2, 60)}
        body = " ".join(t.format(**{**slots, "person": f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
                                    "k": rnd.randint(2, 90)})
                        for t in rnd.sample(TEMPLATES, rnd.randint(6, 9)))
        title = f"Report {i}: tension in {slots['place']}"
        pub = f"2023-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        out.append({"text": f"{title}\n\n{body}\n", "title": title, "published": pub,
                    "publisher": f"Benchmark Wire {i % 5}", "id": f"bench-{i}"})
    return out


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024  # Linux reports KiB


def phase_extract(path: Path, sample: int) -> dict:
    from khabar.extract.pipeline import Extractor
    from khabar.ingest.sources import article_from_obj

    t0 = time.perf_counter()
    ex = Extractor()
    load = time.perf_counter() - t0
    docs = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n >= sample:
                break
            docs.append(article_from_obj(json.loads(line), f"bench:{n}"))
    t0 = time.perf_counter()
    n_entities = sum(len(x.entities) for x in ex.extract_many(docs, batch_size=16))
    secs = time.perf_counter() - t0
    return {"phase": "extract", "articles": len(docs), "seconds": round(secs, 2), "per_s": round(len(docs) / secs, 1),
            "load_s": round(load, 2), "entities": n_entities, "peak_rss_mb": round(_peak_rss_mb())}


def phase_ingest(path: Path, url: str, workers: int, batch: int) -> dict:
    from khabar.ingest import Ingestor
    from khabar.store import Store, queries

    store = Store.open(url)
    t0 = time.perf_counter()
    report = Ingestor(store, workers=workers, batch_size=batch).run([str(path)])
    secs = time.perf_counter() - t0
    st = queries.stats(store)
    store.close()
    new = report.count("new")
    return {"phase": "ingest", "database": url.split("://")[0], "articles": new + report.count("duplicate"),
            "new": new, "duplicates": report.count("duplicate"), "failed": report.count("failed"),
            "seconds": round(secs, 1), "per_s": round(new / secs, 1) if secs else 0.0,
            "entities": st.entities, "statements": sum(st.statements.values()), "events": st.events,
            "peak_rss_mb": round(_peak_rss_mb())}


def _child(args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"phase {args[:2]} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _pg_schema_url(base: str) -> tuple[str, str]:
    import sqlalchemy as sa

    schema = f"khabar_bench_{os.getpid()}"
    eng = sa.create_engine(base)
    with eng.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    eng.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", schema


def _drop_schema(base: str, schema: str) -> None:
    import sqlalchemy as sa

    eng = sa.create_engine(base)
    with eng.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    eng.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000, help="generated articles to ingest (default 10000)")
    ap.add_argument("--workers", type=int, default=1, help="extraction processes for ingest (default 1)")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--extract-sample", type=int, default=500, help="articles for the raw extraction speed")
    ap.add_argument("--pg", default=os.environ.get("KHABAR_TEST_POSTGRES_URL", DEFAULT_PG),
                    help="PostgreSQL URL (a schema of its own is created and dropped), or 'none'")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.phase == "extract":
        print(json.dumps(phase_extract(Path(args.data), args.extract_sample)))
        return
    if args.phase == "ingest":
        print(json.dumps(phase_ingest(Path(args.data), args.url, args.workers, args.batch_size)))
        return

    with tempfile.TemporaryDirectory(prefix="khabar-bench-") as tmp:
        data = Path(tmp) / "articles.jsonl"
        t0 = time.perf_counter()
        with data.open("w", encoding="utf-8") as f:
            for art in generate(args.n):
                f.write(json.dumps(art) + "\n")
        print(f"generated {args.n} articles in {time.perf_counter() - t0:.1f} s "
              f"({data.stat().st_size / 1e6:.1f} MB); workers={args.workers}, batch={args.batch_size}", flush=True)
        results = [_child(["--phase", "extract", "--data", str(data), "--extract-sample",
                           str(min(args.extract_sample, args.n))])]
        print(f"raw extraction: {results[0]['per_s']} articles/s", flush=True)
        common = ["--data", str(data), "--workers", str(args.workers), "--batch-size", str(args.batch_size)]
        results.append(_child(["--phase", "ingest", "--url", f"sqlite:///{Path(tmp) / 'bench.db'}", *common]))
        print(f"sqlite ingest: {results[-1]['per_s']} articles/s", flush=True)
        if args.pg.lower() != "none":
            url, schema = _pg_schema_url(args.pg)
            try:
                results.append(_child(["--phase", "ingest", "--url", url, *common]))
            finally:
                _drop_schema(args.pg, schema)
    print()
    print(f"{'measurement':<28}{'articles':>9}{'seconds':>10}{'articles/s':>12}{'peak RSS MB':>13}")
    for r in results:
        name = "raw extraction (in memory)" if r["phase"] == "extract" else f"ingest into {r['database']}"
        print(f"{name:<28}{r['articles']:>9}{r['seconds']:>10}{r['per_s']:>12}{r['peak_rss_mb']:>13}")
    for r in results[1:]:
        print(f"  {r['database']}: {r['new']} new, {r['duplicates']} duplicates, {r['failed']} failed; "
              f"{r['entities']} clusters, {r['statements']} statements, {r['events']} events")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
