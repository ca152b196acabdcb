"""Turn the components' state on a parsed document into an :class:`~khabar.model.Extraction`."""

from __future__ import annotations

from spacy.tokens import Doc

from khabar import __version__
from khabar.extract.state import Cluster, DocState
from khabar.model import Document, Entity, Extraction, Mention


def _entity(cl: Cluster, st: DocState, doc: Doc) -> Entity:
    text = st.original
    mentions: list[Mention] = []
    aliases: list[str] = []
    for m in cl.mentions:
        surface = text[m.char_start : m.char_end]
        mentions.append(Mention(text=surface, start=m.char_start, end=m.char_end, sentence=st.sentence_of(m.start)))
        forms = [surface]
        if m.titled_start is not None:
            forms.append(text[doc[m.titled_start].idx : m.char_end])
        forms.extend(text[a:b] for a, b in m.extra_forms)
        for f in forms:
            if f not in aliases:
                aliases.append(f)
    conf = max((m.confidence for m in cl.mentions), default=0.5)
    return Entity(
        id=cl.id,
        name=cl.name,
        type=cl.type,
        aliases=aliases,
        mentions=mentions,
        kb_id=cl.kb_id,
        confidence=round(min(0.99, conf + 0.02 * (len(cl.mentions) - 1)), 3),
        role=cl.role,
        coordinates=cl.coordinates,
    )


def build_extraction(document: Document, doc: Doc) -> Extraction:
    st: DocState = doc._.khabar
    used = {q.speaker for q in st.quotes} | {r.subject for r in st.relations} | {r.object for r in st.relations}
    for ev in st.events:
        used.update(ev.actors)
        used.update(ev.targets)
        if ev.location:
            used.add(ev.location)
    entities = [_entity(cl, st, doc) for cl in st.clusters if not cl.latent or cl.id in used]
    return Extraction(
        doc_id=document.doc_id,
        title=document.title,
        publisher=document.publisher,
        author=document.author,
        url=document.url,
        published=st.published,
        # a date from the HTML metadata or the text is inferred; one the user gave is not
        published_inferred=st.published is not None
        and (document.published is None or document.published_source == "metadata"),
        published_source=(document.published_source or "given")
        if document.published
        else ("text" if st.published is not None else None),
        extractor_version=__version__,
        entities=entities,
        relations=list(st.relations),
        events=list(st.events),
        hypothetical_events=list(st.hypothetical_events),
        quotes=list(st.quotes),
        dates=list(st.dates),
        warnings=list(st.warnings),
    )
