"""Tests for khabar.evaluate: extraction of a gold folder and scoring with the evaluation kit's own
``score.py``.

Every gold folder here is written to ``tmp_path`` by the test itself (nothing is read from the kit's
dev set); the kit's scorer is copied next to it only when ``../shared/eval/score.py`` exists, otherwise
the scoring tests are skipped with a visible reason. The articles are written for Khabar tests: a short
factual summary (the K1 base rocket attack near Kirkuk, Friday 27 December 2019) with a fictional analyst
(Omar Darwazi) and his invented words.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from khabar.evaluate import SECTIONS, EvalError, accuracy_totals, extract_folder, load_scorer, score_folder

KIT_SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"

ARTICLE = (
    "Rockets hit a base near Kirkuk\n\n"
    "More than 30 rockets were fired at a military base near Kirkuk on Friday. No group claimed responsibility.\n"
    "Omar Darwazi, a fictional analyst at the Zorbat Institute, said the attack was a warning.\n"
)
GOLD = {
    "doc_id": "k1",
    "title": "Rockets hit a base near Kirkuk",
    "published": "2019-12-28",
    "text_file": "k1.txt",
    "entities": [
        {"id": "kirkuk", "name": "Kirkuk", "type": "LOCATION", "aliases": ["Kirkuk"]},
        {
            "id": "omar_darwazi",
            "name": "Omar Darwazi",
            "type": "PERSON",
            "aliases": ["Omar Darwazi"],
            "role": "analyst",
        },
        {"id": "zorbat_institute", "name": "Zorbat Institute", "type": "MEDIA", "aliases": ["Zorbat Institute"]},
    ],
    "relations": [],
    "events": [
        {
            "type": "ASSAULT",
            "mode": "explosion",
            "date": "2019-12-27",
            "date_text": "Friday",
            "location": "kirkuk",
            "actors": [],
            "targets": [],
            "fatalities": None,
            "evidence": "More than 30 rockets were fired at a military base near Kirkuk on Friday.",
        },
    ],
    "quotes": [
        {"speaker": "omar_darwazi", "speaker_role": "analyst", "direct": False, "text": "the attack was a warning"},
    ],
}


@pytest.fixture
def scorer_copy(tmp_path: Path) -> Path:
    if not KIT_SCORER.is_file():
        pytest.skip(f"the evaluation kit's scorer is not at {KIT_SCORER} (a user's clone): scoring not tested")
    dest = tmp_path / "score.py"
    shutil.copy(KIT_SCORER, dest)
    return dest


def write_gold(folder: Path, name: str, gold: dict, text: str | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
    if text is not None:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


# -- loading the scorer ---------------------------------------------------------------------------


def test_scorer_is_found_next_to_or_above_the_gold_folder(tmp_path: Path, scorer_copy: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    above = load_scorer(gold)  # tmp_path/score.py, the gold folder's parent
    assert above.__file__ == str(scorer_copy)
    assert callable(above.score_doc) and callable(above.aggregate)
    inside = gold / "score.py"
    shutil.copy(scorer_copy, inside)
    assert load_scorer(gold).__file__ == str(inside)  # the gold folder's own copy wins


def test_missing_scorer_is_an_eval_error(tmp_path: Path) -> None:
    gold = tmp_path / "a" / "gold"
    gold.mkdir(parents=True)
    with pytest.raises(EvalError, match=r"no score\.py"):
        load_scorer(gold)


def test_empty_gold_folder_is_an_eval_error(tmp_path: Path, scorer_copy: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    with pytest.raises(EvalError, match="no gold files"):
        score_folder(gold, tmp_path / "out")


# -- extract + score, end to end ----------------------------------------------------------------------


def test_extract_folder_writes_one_output_per_gold_article(tmp_path: Path, extractor) -> None:
    gold = tmp_path / "gold"
    write_gold(gold, "k1", GOLD, ARTICLE)
    write_gold(gold, "orphan", {**GOLD, "doc_id": "orphan"}, None)  # gold without its text: skipped
    out = tmp_path / "out"
    assert extract_folder(gold, out, extractor) == ["k1"]
    written = json.loads((out / "k1.json").read_text(encoding="utf-8"))
    assert written["doc_id"] == "k1"
    assert written["published"] == "2019-12-28"  # the gold's publication date resolves "on Friday"
    assert any(ev["type"] == "ASSAULT" and ev["date"] == "2019-12-27" for ev in written["events"])
    assert not (out / "orphan.json").exists()


def test_score_folder_returns_sections_and_accuracy_totals(tmp_path: Path, extractor, scorer_copy: Path) -> None:
    gold = tmp_path / "gold"
    write_gold(gold, "k1", GOLD, ARTICLE)
    out = tmp_path / "out"
    extract_folder(gold, out, extractor)
    result = score_folder(gold, out)
    assert set(result) == {"total", "documents"}
    assert set(result["documents"]) == {"k1"}
    total = result["total"]
    for sec in SECTIONS:
        assert {"p", "r", "f1"} <= set(total[sec])
        assert 0.0 <= total[sec]["f1"] <= 1.0
    assert 0.0 <= total["overall_f1"] <= 1.0
    # the extractor finds the attack with its date and the analyst's statement
    assert total["event_date_accuracy"] == 1.0
    assert total["quote_speaker_accuracy"] == 1.0
    assert total["events"]["r"] == 1.0 and total["quotes"]["r"] == 1.0


def test_missing_system_file_scores_as_empty(tmp_path: Path, scorer_copy: Path) -> None:
    gold = tmp_path / "gold"
    write_gold(gold, "k1", GOLD, ARTICLE)
    result = score_folder(gold, tmp_path / "nothing")
    total = result["total"]
    assert total["entities"]["r"] == 0.0 and total["events"]["r"] == 0.0
    assert total["event_date_accuracy"] is None and total["quote_speaker_accuracy"] is None


# -- accuracy totals are pooled over documents (hand-written system files) ------------------------------


def _system(doc_id: str, date: str, speakers: list[str]) -> dict:
    return {
        "doc_id": doc_id,
        "entities": [
            {"id": "s1", "name": "Kirkuk", "type": "LOCATION", "aliases": ["Kirkuk"]},
            {"id": "s2", "name": "Omar Darwazi", "type": "PERSON", "aliases": ["Omar Darwazi"]},
            {"id": "s3", "name": "Zorbat Institute", "type": "MEDIA", "aliases": ["Zorbat Institute"]},
        ],
        "relations": [],
        "events": [
            {
                "type": "ASSAULT",
                "date": date,
                "location": "s1",
                "actors": [],
                "targets": [],
                "evidence": "More than 30 rockets were fired at a military base near Kirkuk on Friday.",
            }
        ],
        "quotes": [
            {"speaker": s, "text": t, "direct": False}
            for s, t in zip(speakers, ["the attack was a warning", "nobody would be forced out"], strict=False)
        ],
    }


def test_accuracy_totals_pool_pairs_across_documents(tmp_path: Path, scorer_copy: Path) -> None:
    gold = tmp_path / "gold"
    second = {
        **GOLD,
        "doc_id": "k1b",
        "quotes": [
            *GOLD["quotes"],
            {"speaker": "omar_darwazi", "direct": False, "text": "nobody would be forced out"},
        ],
    }
    write_gold(gold, "k1", GOLD, ARTICLE)
    write_gold(gold, "k1b", second, ARTICLE)
    out = tmp_path / "out"
    out.mkdir()
    # k1: right date, right speaker; k1b: wrong date, one right and one wrong speaker
    (out / "k1.json").write_text(json.dumps(_system("k1", "2019-12-27", ["s2"])), encoding="utf-8")
    (out / "k1b.json").write_text(json.dumps(_system("k1b", "2019-12-20", ["s2", "s3"])), encoding="utf-8")
    totals = accuracy_totals(gold, out)
    assert totals == {"event_date_accuracy": 0.5, "quote_speaker_accuracy": round(2 / 3, 3)}
    result = score_folder(gold, out)
    assert result["total"]["event_date_accuracy"] == 0.5
    # agrees with the scorer's own per-document figures
    assert result["documents"]["k1"]["events"]["date_acc"] == 1.0
    assert result["documents"]["k1b"]["events"]["date_acc"] == 0.0
    assert result["documents"]["k1b"]["quotes"]["speaker_acc"] == 0.5
