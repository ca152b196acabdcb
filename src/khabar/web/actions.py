"""Write actions of the web app (merge, split, undo, ingest), shared by the JSON API and the review
page's forms. Each runs in one transaction through :mod:`khabar.resolve.review` or the ingester;
the caller has already checked read-only mode and the token."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from khabar.resolve import review
from khabar.web.state import WebState

ActionError = review.ReviewError


class MergeRequest(BaseModel):
    keep: int = Field(description="The entity that stays (its name is kept).")
    other: int = Field(description="The entity merged into it.")
    reason: str | None = None
    force: bool = Field(False, description="Merge even two knowledge-base entries, or a pair split apart before.")


class SplitRequest(BaseModel):
    names: list[str] = Field(default_factory=list, description="Move out the mentions under these names.")
    documents: list[int] = Field(default_factory=list, description="Move out the mentions in these documents.")
    decision: int | None = Field(None, description="Undo this merge or link decision of the entity.")


class IngestRequest(BaseModel):
    text: str = Field(min_length=1, max_length=1_000_000)
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    published: dt.date | None = None


def merge(st: WebState, req: MergeRequest) -> dict[str, Any]:
    with st.store.begin() as conn:
        did = review.merge(conn, req.keep, req.other, reason=req.reason or None, force=req.force)
    return {"decision": did, "entity": req.keep, "merged": req.other}


def split(st: WebState, entity_id: int, req: SplitRequest) -> dict[str, Any]:
    with st.store.begin() as conn:
        return review.split(
            conn, entity_id, decision=req.decision, names=req.names or None, documents=req.documents or None
        )


def undo(st: WebState, decision_id: int) -> dict[str, Any]:
    with st.store.begin() as conn:
        return review.undo(conn, decision_id)


def history(st: WebState, entity_id: int) -> list[dict[str, Any]]:
    with st.store.connect() as conn:
        return review.history(conn, entity_id)


def ingest(st: WebState, req: IngestRequest) -> dict[str, Any]:
    """Ingest one article sent to the server, as ``khabar ingest`` would ingest it from a JSON file."""
    from khabar.ingest import Ingestor

    record = {k: v for k, v in req.model_dump(mode="json").items() if v not in (None, "")}
    with st.ingest_lock, tempfile.TemporaryDirectory(prefix="khabar-web-") as tmp:
        path = Path(tmp) / "article.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        ingestor = Ingestor(st.store, kb_files=st.kb_files, extractor_factory=st.extractor, kb=st.kb)
        report = ingestor.run([str(path)])
    return report.to_dict()
