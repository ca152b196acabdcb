"""Candidate mentions: knowledge-base names, corrected model entities and acronym definitions.

Descriptive mentions ("US troops", "Iran-backed militias") come from :mod:`khabar.extract.nominals`.
"""

from __future__ import annotations

import re
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from khabar.extract.kbmatch import KBMatch, KBMatcher
from khabar.extract.lexicon import nominals, noun_in, org_cues, person_titles, syntax_cues
from khabar.extract.state import Candidate, DocState
from khabar.kb import KnowledgeBase
from khabar.kb.geo import Gazetteer
from khabar.model import EntityType
from khabar.normalize import PARTICLES, fold, looks_like_acronym

NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
_NON_NAME_LABELS = {"WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "LANGUAGE"}
_ORG_TYPES = {"ARMED_GROUP", "POLITICAL_PARTY", "GOV_BODY", "MEDIA", "OTHER_ORG"}
_SYNTAX = syntax_cues().mentions
_ORG_END = _SYNTAX.org_endings
_PROXIES = syntax_cues().events.proxy_nouns  # "fighters", "members", "representatives" (singular forms)
_PLACE_NOUNS = _SYNTAX.place_nouns
_RELATION_VERBS = _SYNTAX.relation_verbs
_RELATION_NOUNS = _SYNTAX.relation_nouns
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
        self._suffixes = sorted((tuple(w.split()) for w in org_cues().suffixes), key=lambda w: -len(w))
        self._non_actor = [tuple(w.split()) for w in org_cues().non_actor_prefixes]
        self._name_endings = set(org_cues().name_endings)

    # -- public ----------------------------------------------------------------------------
    def find(self, doc: Doc, st: DocState) -> list[Candidate]:
        ner_label = {}
        for ent in doc.ents:
            for t in range(ent.start, ent.end):
                ner_label[t] = ent.label_
        kb = [c for c in (self._from_kb(doc, m, ner_label) for m in self.matcher.match(doc)) if c is not None]
        ents = [part for ent in self._joined_ents(doc) for part in _split_at_slashes(doc, ent)]
        ner = [c for ent in ents if ent.label_ in NER_LABELS for c in self._from_ner(doc, ent)]
        # site furniture ("All rights reserved to X", a credit line) may name its publisher, nothing else
        ner = [c for c in ner if st.block_of(c.start).kind != "boilerplate" or c.type in ("MEDIA", "OTHER_ORG")]
        kb = self._prefer_longer_names(doc, kb, [n for n in ner if st.block_of(n.start).trusted_names])
        cands = _drop_overlaps(kb + ner)
        cands.extend(self._unlabelled_orgs(doc, cands, st))
        cands.extend(self._acronym_definitions(doc, cands))
        cands.extend(self._nested_states(doc, cands))
        taken = {t for c in cands for t in range(c.start, c.end)}
        for c in cands:
            self._suffix(doc, c, taken)
            c.block = st.block_of(c.start).kind
            span = doc[c.start : c.end]
            c.char_start, c.char_end = span.start_char, span.end_char
        self._metonymy(doc, cands)
        return cands

    def _unlabelled_orgs(self, doc: Doc, cands: list[Candidate], st: DocState) -> list[Candidate]:
        """ "the Fictiwa Brigade": capitalised words the model left unlabelled, ending in a word that
        names an organisation (org_cues.yaml name_endings), with a word that is not generic."""
        # the model's names block the rule, its other spans ("WORK_OF_ART", "EVENT", "LAW") do not
        taken = {t for c in cands for t in range(c.start, c.end)} | {
            t for e in doc.ents if e.label_ not in _NON_NAME_LABELS for t in range(e.start, e.end)
        }
        out: list[Candidate] = []
        i, n = 0, len(doc)
        while i < n:
            if i in taken or not _capitalised(doc[i]) or not st.block_of(i).trusted_names:
                i += 1
                continue
            j = i
            while j < n and j not in taken and (
                _capitalised(doc[j])
                or (doc[j].lower_ in ("of", "for") and j + 1 < n and j + 1 not in taken and _capitalised(doc[j + 1]))
            ):
                j += 1
            start = i
            while start < j and doc[start].lower_ in _LEADING_DROP:
                start += 1
            span = doc[start:j]
            i = max(j, i + 1)
            if len(span) < 2 or fold(span[-1].text) not in self._name_endings:
                continue
            named = any(t.pos_ == "PROPN" and fold(t.text) not in self._generic_words for t in span)
            if self._generic(span) or not named:
                continue
            if any(self.kb.state_for_demonym(t.text) for t in span[:1]) and self._generic(span[1:]):
                continue  # "Sudanese Armed Forces": a descriptive phrase the nominals read
            etype = org_cues().type_of(span.text)
            if etype is None:
                continue
            out.append(Candidate(span.start, span.end, span.text, etype.value, "ner", confidence=0.5))
        return out

    def _joined_ents(self, doc: Doc) -> list[Span]:
        """The model's entities, with "Delta Policy" + "and" + "Strategy Institute" joined into one
        organisation when the second part ends in an organisation word."""
        ents = list(doc.ents)
        out: list[Span] = []
        i = 0
        while i < len(ents):
            e = ents[i]
            if i + 1 < len(ents) and ents[i + 1].start == e.end + 1 and doc[e.end].lower_ in ("and", "&", "for", "of"):
                nxt = ents[i + 1]
                last = fold(doc[nxt.end - 1].text)
                if (
                    last in _ORG_END
                    and e.label_ in ("ORG", "PERSON", "GPE")
                    and all(t.text[:1].isupper() for t in doc[e.start : nxt.end] if t.is_alpha and len(t) > 3)
                ):
                    out.append(Span(doc, e.start, nxt.end, label="ORG"))
                    i += 2
                    continue
            out.append(e)
            i += 1
        return out

    def _prefer_longer_names(self, doc: Doc, kb: list[Candidate], ner: list[Candidate]) -> list[Candidate]:
        """A model name that contains a KB name and is longer is another name ("Puerto Jordan",
        "Qatar Airways"), or the same organisation written in full ("the Grand National
        Alliance" for a KB "National Alliance"): the KB place gives way; the KB organisation takes the longer span."""
        out = []
        for c in kb:
            outer = next(
                (
                    n
                    for n in ner
                    if n.start <= c.start
                    and c.end <= n.end
                    and (n.end - n.start) > (c.end - c.start)
                    and any(
                        t.text[:1].isupper()
                        and t.is_alpha
                        and fold(t.text) not in self._titles
                        and fold(t.text) not in PARTICLES
                        for t in doc[n.start : n.end]
                        if not c.start <= t.i < c.end
                    )
                ),
                None,
            )
            if outer is None or c.type == "PERSON":
                out.append(c)
                continue
            if c.type in ("STATE", "LOCATION") or outer.type in ("STATE", "LOCATION", "PERSON"):
                continue  # the KB place gives way to the longer name
            c.start, c.end = outer.start, outer.end
            out.append(c)
        return out

    def _nested_states(self, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
        """ "US forces" names the United States too."""
        out = []
        for c in cands:
            if c.type in ("STATE", "MEDIA", "OTHER_ORG") or c.end - c.start < 2:
                continue  # "Pakistan Point News", "Iraq Oil Report" do not name the state as an actor
            first = doc[c.start]
            if not first.text[:1].isupper():
                continue
            hits = [e for e in self.kb.lookup(first.text) if getattr(e, "type", None) == "STATE"]
            if (hits and first.text in self.kb.by_acronym) or (hits and fold(first.text) in self.kb.exact_forms):
                out.append(Candidate(c.start, c.start + 1, first.text, "STATE", "kb", kb_id=hits[0].id, confidence=0.8))
        return out

    def _suffix(self, doc: Doc, c: Candidate, taken: set[int]) -> None:
        """ "the Vessar armed group", "Sulaimani province": the generic word after an organisation's or a
        place's name belongs to the mention; the bare name stays a surface form too."""
        if c.end >= len(doc):
            return
        if c.type == "LOCATION":
            nxt = doc[c.end]
            if fold(nxt.text) in _SYNTAX.place_suffixes and c.end not in taken and fold(doc[c.end - 1].text) not in (
                _SYNTAX.place_suffixes
            ):
                base = doc[c.start : c.end]
                c.extra_forms.append((base.start_char, base.end_char))
                c.end += 1
            return
        if c.type not in _ORG_TYPES:
            return
        for words in self._suffixes:
            n = len(words)
            toks = doc[c.end : c.end + n]
            if len(toks) == n and tuple(fold(t.text) for t in toks) == words and not any(t.i in taken for t in toks):
                # the mention takes the generic word; the bare name stays a surface form
                base = doc[c.start : c.end]
                c.extra_forms.append((base.start_char, base.end_char))
                c.end += n
                return

    def _metonymy(self, doc: Doc, cands: list[Candidate]) -> None:
        """A capital that acts is its state: "Tehran welcomed", "Washington's support"."""
        for c in cands:
            if c.type != "LOCATION":
                continue
            state = self.kb.state_for_capital(c.name)
            if state is None:
                continue
            head = doc[c.end - 1]
            dep = head.dep_
            acts = dep in ("nsubj", "nsubjpass", "agent") or (
                dep == "dobj" and head.head.lemma_.lower() in _RELATION_VERBS
            )
            if dep == "poss":
                acts = fold(head.head.lemma_) not in _PLACE_NOUNS
            if dep == "pobj":
                prep = head.head
                acts = prep.lower_ in ("against", "by") or (
                    prep.lower_ in ("to", "with", "for") and fold(prep.head.lemma_) in _RELATION_NOUNS
                )
            if acts:
                c.type, c.kb_id, c.source = "STATE", state.id, "kb"

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
        if etype == "LOCATION" and not m.acronym and len([t for t in doc[m.start : m.end] if t.is_alpha]) == 1:
            text = doc[m.start : m.end].text
            if fold(text) not in self.kb.exact_forms and self.gaz.known_exactly(text):
                return None  # "Mandalay" is not the KB's "Mandali": a place of its own
        # "al-Maliki", "Al- Fictiwi": an attached particle belongs to the surface form
        if start >= 2 and doc[start - 1].text in ("-", "‐") and fold(doc[start - 2].text) in PARTICLES:
            start -= 2
        elif start >= 1 and doc[start - 1].text.endswith(("-", "‐")) and fold(doc[start - 1].text) in PARTICLES:
            start -= 1
        actor = self.kb.actors.get(kb_id)
        # "the Grand National Alliance": a capitalised modifier inside the name's phrase
        while (
            etype in _ORG_TYPES
            and start > 0
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].dep_ == "compound"
            and m.start <= doc[start - 1].head.i < m.end
            and doc[start - 1].text[:1].isupper()
            and doc[start - 1].ent_type_ in ("", "ORG")
            and not doc[start - 1].is_sent_start
            and self.kb.state_for_demonym(doc[start - 1].text) is None
            and not self.kb.lookup(doc[start - 1].text)
        ):
            start -= 1
        # "Iranian Revolutionary Guards", "Iranian Islamic Revolutionary Guards": a demonym of the actor's own
        # country belongs to the name
        if actor is not None and actor.country and start > 0:
            prev = doc[start - 1]
            state = self.kb.state_for_demonym(prev.text) if prev.text[:1].isupper() else None
            if state is not None and state.country == actor.country and etype != "STATE":
                start -= 1
        name = doc[start : m.end].text
        role = titled = None
        if etype == "PERSON":
            titled, role = self._title_start(doc, start)
        return Candidate(
            start,
            m.end,
            name,
            etype,
            "acronym" if m.acronym else "kb",
            kb_id=kb_id,
            confidence=0.9 if not m.ambiguous else 0.7,
            role=role,
            titled_start=titled if titled != start else None,
        )

    # -- model entities --------------------------------------------------------------------
    def _from_ner(self, doc: Doc, ent: Span) -> list[Candidate]:
        start, end = ent.start, ent.end
        while start < end and (doc[start].is_punct or doc[start].text in _QUOTES or doc[start].lower_ in _LEADING_DROP):
            start += 1
        while end > start and (
            doc[end - 1].is_punct or doc[end - 1].text in _QUOTES or doc[end - 1].lower_ in ("'s", "’s", "'")
        ):
            end -= 1
        # "Fighters of the Fictiwa Brigade", "members of the Zorbat Council": the name is after "of (the)"
        if ent.label_ == "ORG":
            k = start
            while k < end and doc[k].pos_ in ("NOUN", "PROPN") and noun_in(doc[k], _PROXIES):
                k += 1
            if start < k < end - 1 and doc[k].lower_ == "of":
                start = k + 1 + (doc[k + 1].lower_ == "the")
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
        if end - start_name == 1 and doc[start_name].pos_ not in ("PROPN",) and not doc[start_name].is_upper:
            return []  # "Strikes were carried out": a capitalised common noun
        words = fold(name).split()
        if any(tuple(words[: len(p)]) == p for p in self._non_actor):
            return []
        etype = self._type_for(name, ent.label_)
        if etype is None:
            return []
        if (
            etype == "PERSON"
            and start_name >= 2
            and doc[start_name - 1].lower_ == "of"
            and doc[start_name - 2].lower_ in _SYNTAX.place_of_nouns
        ):
            etype = "LOCATION"  # "the town of Chinshwehaw"
        return [
            Candidate(
                start_name, end, name, etype, "ner", confidence=0.6, role=role, titled_start=start if role else None
            )
        ]

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
            last = org_cues().type_of(fold(name).split()[-1]) if name.split() else None
            if last in (EntityType.OTHER_ORG, EntityType.MEDIA) and len(name.split()) > 1:
                return last.value  # "Gulf Keystone Petroleum", "Crescent Gas"
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
        """ "Popular Mobilisation Forces (PMF)" and "National Liberation Army, or ELN"."""
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
                out.append(
                    Candidate(
                        tok.i,
                        tok.i + 1,
                        tok.text,
                        parent.type,
                        "acronym",
                        kb_id=parent.kb_id,
                        confidence=0.85,
                        link=parent,
                    )
                )
        return out


def _plausible_name(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2 or not any(c.isupper() for c in name):
        return False
    if re.search(r"\d", name) and not re.search(r"[A-Za-z]{3}", name):
        return False
    return not name.isupper() or len(name) <= 12


def _split_at_slashes(doc: Doc, ent: Span) -> list[Span]:
    """ "Reuters/AFP", "UrduPoint / Pakistan Point News": two names the model read as one."""
    cuts = [t.i for t in ent if t.text == "/"]
    if not cuts:
        return [ent]
    bounds = [ent.start, *cuts, ent.end]
    parts = []
    for a, b in pairwise(bounds):
        a = a + 1 if doc[a].text == "/" else a
        if a < b:
            parts.append(Span(doc, a, b, label=ent.label_))
    return parts


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() and any(ch.isalpha() for ch in tok.text) and not tok.is_punct


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
