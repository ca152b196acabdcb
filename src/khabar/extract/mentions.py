"""Candidate mentions: knowledge-base names, corrected model entities and acronym definitions.

Descriptive mentions ("US troops", "Iran-backed militias") come from :mod:`khabar.extract.nominals`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from khabar.extract.kbmatch import KBMatch, KBMatcher
from khabar.extract.lexicon import nominals, org_cues, person_titles
from khabar.extract.state import Candidate, DocState
from khabar.kb import KnowledgeBase
from khabar.kb.geo import Gazetteer
from khabar.model import EntityType
from khabar.normalize import fold, looks_like_acronym

NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
_LEADING_DROP = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our"}
_QUOTES = "\"'“”‘’«»"
_SOURCE_RANK = {"kb": 0, "acronym": 1, "ner": 2}


def _actor_types(kb: KnowledgeBase, ids: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for i in ids:
        if i in kb.actors:
            out.append((i, kb.actors[i].type))
        elif i in kb.places:
            out.append((i, EntityType.LOCATION.value))
    return out


class MentionFinder:
    """Finds name mentions in a parsed document."""

    def __init__(self, kb: KnowledgeBase, matcher: KBMatcher, gazetteer: Gazetteer) -> None:
        self.kb = kb
        self.matcher = matcher
        self.gaz = gazetteer
        titles = person_titles()
        self._titles = set(titles.titles)
        self._keep = set(titles.keep_when_followed_by_name)
        self._generic_words = {w for cat in nominals().categories.values() for h in cat.heads for w in h.split()}
        self._generic_words |= set(self._titles) | {"state", "regime", "street", "the"}

    # -- public ----------------------------------------------------------------------------
    def find(self, doc: Doc, st: DocState) -> list[Candidate]:
        ner_label = {}
        for ent in doc.ents:
            for t in range(ent.start, ent.end):
                ner_label[t] = ent.label_
        cands = [self._from_kb(doc, m, ner_label) for m in self.matcher.match(doc)]
        cands = [c for c in cands if c is not None]
        for ent in doc.ents:
            if ent.label_ in NER_LABELS:
                cands.extend(self._from_ner(doc, ent))
        cands = _drop_overlaps(cands)
        cands.extend(self._acronym_definitions(doc, cands))
        for c in cands:
            c.block = st.block_of(c.start).kind
            span = doc[c.start : c.end]
            c.char_start, c.char_end = span.start_char, span.end_char
        return cands

    # -- knowledge base --------------------------------------------------------------------
    def _from_kb(self, doc: Doc, m: KBMatch, ner_label: dict[int, str]) -> Candidate | None:
        options = _actor_types(self.kb, m.ids)
        if not options:
            return None
        label = ner_label.get(m.start)
        if label in ("GPE", "LOC", "FAC"):
            options.sort(key=lambda o: o[1] not in ("STATE", "LOCATION"))
        elif label in ("PERSON", "ORG", "NORP"):
            options.sort(key=lambda o: o[1] == "LOCATION")
        kb_id, etype = options[0]
        start = m.start
        actor = self.kb.actors.get(kb_id)
        # "Iranian Revolutionary Guards": a demonym of the actor's own country belongs to the name.
        if actor is not None and actor.country and start > 0:
            prev = doc[start - 1]
            state = self.kb.state_for_demonym(prev.text) if prev.text[:1].isupper() else None
            if state is not None and state.country == actor.country and etype != "STATE":
                start -= 1
        name = doc[m.start : m.end].text
        role = titled = None
        if etype == "PERSON":
            titled, role = self._title_start(doc, start)
        return Candidate(start, m.end, name, etype, "acronym" if m.acronym else "kb", kb_id=kb_id,
                         confidence=0.9 if not m.ambiguous else 0.7, role=role,
                         titled_start=titled if titled != start else None)

    # -- model entities --------------------------------------------------------------------
    def _from_ner(self, doc: Doc, ent: Span) -> list[Candidate]:
        start, end = ent.start, ent.end
        while start < end and (doc[start].is_punct or doc[start].text in _QUOTES
                               or doc[start].lower_ in _LEADING_DROP):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].text in _QUOTES
                               or doc[end - 1].lower_ in ("'s", "’s", "'")):
            end -= 1
        if start >= end:
            return []
        role = None
        if ent.label_ == "PERSON":
            name_start = self._strip_titles(doc, start, end)
            if name_start > start:
                role = doc[start:name_start].text
            if name_start >= end:
                return []
            start_name = name_start
        else:
            start_name = start
        name = doc[start_name:end].text
        if not _plausible_name(name) or self._generic(doc[start_name:end]):
            return []
        etype = self._type_for(name, ent.label_)
        if etype is None:
            return []
        return [Candidate(start_name, end, name, etype, "ner", confidence=0.6, role=role,
                          titled_start=start if role else None)]

    def _generic(self, span: Span) -> bool:
        """A capitalised common noun the model took for a name ("Militia", "Army", "Sources")."""
        words = [fold(t.text) for t in span if t.is_alpha]
        return bool(words) and all(w in self._generic_words for w in words)

    def _type_for(self, name: str, label: str) -> str | None:
        if label == "NORP":
            return None
        if label == "GPE":
            return "STATE" if self.gaz.is_country(name) else "LOCATION"
        if label in ("LOC", "FAC"):
            return "LOCATION"
        cue = org_cues().type_of(name)
        if label == "PERSON":
            if cue is not None and cue not in (EntityType.OTHER_ORG, EntityType.MEDIA):
                return cue.value
            return "PERSON"
        if self.gaz.is_country(name):
            return "STATE"
        return (cue or EntityType.OTHER_ORG).value

    def _strip_titles(self, doc: Doc, start: int, end: int) -> int:
        i = start
        while i < end - 1:
            w = fold(doc[i].text)
            if w in self._keep and doc[i + 1].text[:1].isupper():
                break
            if w in self._titles or doc[i].is_punct:
                i += 1
                continue
            break
        return i

    def _title_start(self, doc: Doc, start: int) -> tuple[int, str | None]:
        """Extend a person mention left over capitalised title words ("Grand Ayatollah")."""
        i = start
        while i > 0 and doc[i - 1].text[:1].isupper() and fold(doc[i - 1].text) in self._titles:
            i -= 1
        return i, (doc[i:start].text if i < start else None)

    # -- acronyms ----------------------------------------------------------------------------
    def _acronym_definitions(self, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """"Popular Mobilisation Forces (PMF)" and "National Liberation Army, or ELN"."""
        by_end = {c.end: c for c in cands if c.type not in ("PERSON", "LOCATION")}
        taken = {t for c in cands for t in range(c.start, c.end)}
        out: list[Candidate] = []
        defined: dict[str, Candidate] = {}
        for c in list(by_end.values()):
            e = c.end
            acr_i = None
            if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
                acr_i = e + 1
            elif e + 2 < len(doc) and doc[e].text == "," and doc[e + 1].lower_ == "or":
                acr_i = e + 2
            if acr_i is None:
                continue
            acr = doc[acr_i].text
            if not looks_like_acronym(acr) or acr_i in taken:
                continue
            defined[acr] = c
        if not defined:
            return out
        for tok in doc:
            parent = defined.get(tok.text)
            if parent is not None and tok.i not in taken:
                out.append(Candidate(tok.i, tok.i + 1, tok.text, parent.type, "acronym", kb_id=parent.kb_id,
                                     confidence=0.85, link=parent))
        return out


def _plausible_name(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2 or not any(c.isupper() for c in name):
        return False
    if re.search(r"\d", name) and not re.search(r"[A-Za-z]{3}", name):
        return False
    return not name.isupper() or len(name) <= 12


def _drop_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Among KB, acronym and model mentions, keep the best of any overlapping ones."""
    ordered = sorted(cands, key=lambda c: (_SOURCE_RANK.get(c.source, 9), -(c.end - c.start), c.start))
    kept: list[Candidate] = []
    taken: set[int] = set()
    for c in ordered:
        toks = set(range(c.start, c.end))
        if toks & taken:
            continue
        kept.append(c)
        taken |= toks
    return sorted(kept, key=lambda c: c.start)
