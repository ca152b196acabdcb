"""The khabar components of the spaCy pipeline, registered by name.

``khabar_blocks``    (before the parser) classifies the article's lines and starts a sentence at each.
``khabar_entities``  (after the NER) finds name and descriptive mentions and resolves them into entities.
Further components (dates, quotes, relations, events) read and extend the same ``doc._.khabar`` state.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from khabar.extract.cluster import Resolver
from khabar.extract.mentions import MentionFinder
from khabar.extract.nominals import NominalFinder
from khabar.extract.resources import load_resources
from khabar.extract.state import Cluster, state_of
from khabar.extract.text import blocks


class BlocksComponent:
    def __call__(self, doc: Doc) -> Doc:
        st = state_of(doc)
        st.blocks = blocks(doc.text, first_line_is_title=st.first_line_is_title)
        token_block = [0] * len(doc)
        bi = 0
        starts = {b.start for b in st.blocks}
        for tok in doc:
            while bi + 1 < len(st.blocks) and tok.idx >= st.blocks[bi + 1].start:
                bi += 1
            token_block[tok.i] = bi
            if tok.i > 0 and tok.idx in starts:
                tok.is_sent_start = True
        st.token_block = token_block
        return doc


class EntitiesComponent:
    def __init__(self, kb_files: tuple[str, ...]) -> None:
        res = load_resources(tuple(kb_files))
        self.kb = res.kb
        self.mentions = MentionFinder(res.kb, res.matcher, res.gazetteer)
        self.nominals = NominalFinder(res.kb)
        self.resolver = Resolver(res.kb)
        self.gazetteer = res.gazetteer

    def __call__(self, doc: Doc) -> Doc:
        st = state_of(doc)
        st.index_sentences(doc)
        named = self.mentions.find(doc, st)
        nominal = self.nominals.find(doc, st, named)
        st.candidates = named + nominal
        self.resolver.resolve(doc, st, named, nominal)
        for cl in st.clusters:
            if cl.type == "LOCATION":
                cl.coordinates = self._coordinates(cl)
        return doc

    def _coordinates(self, cl: Cluster) -> tuple[float, float] | None:
        """The KB place's own coordinates, else the gazetteer's (shipped places, then GeoNames cities)."""
        place = self.kb.places.get(cl.kb_id or "")
        if place is not None and place.lat is not None and place.lon is not None:
            return (place.lat, place.lon)
        hit = self.gazetteer.locate(cl.name) if not cl.kb_id else None
        return (hit.lat, hit.lon) if hit is not None and hit.lat is not None and hit.lon is not None else None


@Language.factory("khabar_blocks")
def make_blocks(nlp: Language, name: str) -> BlocksComponent:
    return BlocksComponent()


@Language.factory("khabar_entities", default_config={"kb_files": []})
def make_entities(nlp: Language, name: str, kb_files: list[str]) -> EntitiesComponent:
    return EntitiesComponent(tuple(kb_files))


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _resolve_one(text: str, start: int, end: int, published):
    """Resolve a date span; "Sunday this week" falls back to its weekday."""
    from khabar.extract.dates import resolve_date

    resolved = resolve_date(text[start:end], published)
    words = text[start:end].split()
    if resolved is None and len(words) > 1 and words[0].lower() in _WEEKDAYS:
        resolved = resolve_date(words[0], published)
        if resolved is not None:
            end = start + len(words[0])
    return start, end, resolved


def _resolve_parts(text: str, start: int, end: int, published):
    """Resolve one date span; "on Saturday and Sunday" is two days, resolved one by one."""
    whole = _resolve_one(text, start, end, published)
    if whole[2] is not None or " and " not in text[start:end]:
        return [whole]
    out = []
    pos = start
    for part in text[start:end].split(" and "):
        p_start = pos + len(part) - len(part.lstrip())
        out.append(_resolve_one(text, p_start, pos + len(part.rstrip()), published))
        pos += len(part) + len(" and ")
    return out if all(r is not None for _, _, r in out) else [whole]


class DatesComponent:
    """Resolves the model's DATE spans against the publication date (inferred when not given)."""

    def __call__(self, doc: Doc) -> Doc:
        from khabar.extract.dates import infer_publication_date
        from khabar.model import DateValue

        st = state_of(doc)
        if st.published is None:
            st.published = infer_publication_date(st.original)
            if st.published is not None:
                st.warnings.append(f"publication date not given; inferred {st.published} from the text")
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            for start, end, resolved in _resolve_parts(st.original, ent.start_char, ent.end_char, st.published):
                st.dates.append(
                    DateValue(
                        text=st.original[start:end],
                        start=start,
                        end=end,
                        sentence=st.sentence_of(ent.start),
                        value=resolved.value if resolved else None,
                        precision=resolved.precision if resolved else None,
                        confidence=resolved.confidence if resolved else 0.0,
                    )
                )
        return doc


class QuotesComponent:
    def __init__(self) -> None:
        from khabar.extract.quotes import QuoteFinder

        self.finder = QuoteFinder()

    def __call__(self, doc: Doc) -> Doc:
        st = state_of(doc)
        st.quotes = self.finder.find(doc, st)
        return doc


@Language.factory("khabar_dates")
def make_dates(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent()


@Language.factory("khabar_quotes")
def make_quotes(nlp: Language, name: str) -> QuotesComponent:
    return QuotesComponent()


class RelationsComponent:
    def __init__(self, kb_files: tuple[str, ...]) -> None:
        from khabar.extract.relations import RelationFinder

        self.finder = RelationFinder(load_resources(tuple(kb_files)).kb)

    def __call__(self, doc: Doc) -> Doc:
        st = state_of(doc)
        st.relations = self.finder.find(doc, st)
        return doc


@Language.factory("khabar_relations", default_config={"kb_files": []})
def make_relations(nlp: Language, name: str, kb_files: list[str]) -> RelationsComponent:
    return RelationsComponent(tuple(kb_files))


class EventsComponent:
    def __init__(self, kb_files: tuple[str, ...] = ()) -> None:
        from khabar.extract.events import EventFinder

        self.finder = EventFinder(kb=load_resources(tuple(kb_files)).kb)

    def __call__(self, doc: Doc) -> Doc:
        st = state_of(doc)
        events, hypothetical, rivalries = self.finder.find(doc, st)
        st.events, st.hypothetical_events = events, hypothetical
        known = {(r.subject, r.predicate, r.object) for r in st.relations}
        for r in rivalries:
            key = (r.subject, r.predicate, r.object)
            if key not in known and (r.object, r.predicate, r.subject) not in known:
                st.relations.append(r)
                known.add(key)
        return doc


@Language.factory("khabar_events", default_config={"kb_files": []})
def make_events(nlp: Language, name: str, kb_files: list[str]) -> EventsComponent:
    return EventsComponent(tuple(kb_files))
