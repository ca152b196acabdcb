"""The founding articles (read in place from ../shared/eval/dev): one actor each for Qais al-Khazali,
Asaib Ahl al-Haq and the PMF across both articles, however each spells them; on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from khabar.ingest import Ingestor
from khabar.store import Store, queries
from khabar.store.check import check
from khabar.store.schema import DocEntity, DocEntityName

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
FOUNDING = ("mena-khazali", "mashareq-airport")


@pytest.fixture(scope="module")
def founding_dir(tmp_path_factory) -> Path:
    if not all((DEV / f"{n}.txt").is_file() for n in FOUNDING):
        pytest.skip(f"the founding articles are not at {DEV} (shared/eval/dev beside the repository)")
    out = tmp_path_factory.mktemp("dev")
    for n in FOUNDING:  # copied to a temp dir: tests never write into shared/
        for suffix in (".txt", ".json"):
            shutil.copy(DEV / f"{n}{suffix}", out / f"{n}{suffix}")
    return out


def _clusters_with_key(store: Store, name: str) -> set[int]:
    from khabar.normalize import name_key

    with store.connect() as conn:
        return set(conn.execute(select(DocEntity.entity_id).join(DocEntityName)
                                .where(DocEntityName.key == name_key(name))).scalars())


def test_founding_articles_one_actor_each(any_url, founding_dir, extractor, kb) -> None:
    store = Store.open(any_url)
    report = Ingestor(store, extractor_factory=lambda: extractor, kb=kb).run([str(founding_dir)])
    assert report.count("new") == 2 and report.count("failed") == 0
    prof = queries.actor_profile(store, "Khazaali")
    assert prof.actor.type == "PERSON" and prof.actor.documents == 2
    assert prof.outlets == ["Al-Mashareq", "MENA Research and Study Center"]
    spellings = {a.name for a in prof.aliases}
    assert {"Qais al-Khazali", "Qais al-Khazaali"} <= spellings  # one from each article
    # every spelling of these names in either article lands in one cluster
    assert _clusters_with_key(store, "Qais al-Khazali") == {prof.actor.id}
    assert _clusters_with_key(store, "Khazali") == {prof.actor.id}
    aah = queries.find_entities(store, "Asaib Ahl al-Haq")
    assert aah and aah[0].documents == 2 and len(_clusters_with_key(store, "Asaib Ahl al-Haq")) == 1
    pmf = queries.actor_profile(store, "PMF")
    assert pmf.actor.kb_id == "popular_mobilization_forces" and pmf.actor.documents == 2
    # "Popular Mobilization Committee" (MENA) and "Popular Mobilisation Forces (PMF)" (Al-Mashareq)
    assert {"Popular Mobilisation Forces", "Popular Mobilization Committee"} <= {a.name for a in pmf.aliases}
    assert _clusters_with_key(store, "Popular Mobilization Committee") == {pmf.actor.id}
    assert queries.find_entities(store, "Popular Mobilization Forces")[0].id == pmf.actor.id
    assert check(store) == []
    # re-ingesting the same folder is a no-op
    again = Ingestor(store, extractor_factory=lambda: extractor, kb=kb).run([str(founding_dir)])
    assert again.count("new") == 0 and again.counts["unchanged"] == 2
    assert queries.stats(store).documents == 2
    store.close()


def test_whole_dev_folder_reads_txt_with_gold_json_beside(sqlite_url, extractor, kb) -> None:
    if not DEV.is_dir():
        pytest.skip(f"no dev set at {DEV}")
    store = Store.open(sqlite_url)
    report = Ingestor(store, extractor_factory=lambda: extractor, kb=kb).run([str(DEV)])
    n_txt = len(list(DEV.glob("*.txt")))
    assert report.count("new") == n_txt and report.count("failed") == 0
    # the gold .json files are not articles: skipped with a reason, their dates used as metadata
    assert report.count("skipped") == len(list(DEV.glob("*.json")))
    assert all("metadata for" in o.reason for o in report.problems)
    assert all(d.published is not None for d in queries.list_documents(store, limit=100))
    assert check(store) == []
    store.close()
