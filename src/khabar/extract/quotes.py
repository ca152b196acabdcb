"""Quote attribution: who said what.

Two passes over the article's body (never its title, headings or captions):

1. *Attributions*: reporting verbs ("said", "points out", "condemned", "according to"; the list is
   data, ``data/reporting.yaml``) with their speaker (subject, apposition, inverted subject, a
   pronoun or "the group" resolved to the last fitting actor) and their content (the clause or
   object they report).
2. *Quotations*: spans in straight or curly quotation marks, found per paragraph (so a quotation may
   run over several sentences, or miss its opening or closing mark). A quotation that makes up
   most of an attribution's content is a direct quote of that speaker; one that stands alone right
   after another quotation continues it; the rest are scare quotes inside reported speech.
Every attribution left over becomes a reported (indirect) quote of its content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from khabar.extract.lexicon import person_titles, reporting
from khabar.extract.state import Candidate, Cluster, DocState
from khabar.extract.text import Block
from khabar.model import Quote
from khabar.normalize import fold

_OPEN = {"“": "”", "«": "»", "„": "“"}
_CLOSE = {"”", "»"}
_CONTENT_DEPS = {"ccomp", "dobj", "xcomp", "oprd", "attr", "conj", "acomp"}
_EDGE_TRIM = {"that", ",", ":", ";", "-", "–", "—", '"', "“", "”", "'", "‘", "’", "(", ")", "and", "whether"}
_SUBJ = ("nsubj", "nsubjpass", "csubj")


@dataclass
class Segment:
    """A quotation: character span of the words inside the marks."""

    start: int
    end: int
    block: int
    used: bool = False

    def words(self, text: str) -> int:
        return len(text[self.start : self.end].split())


@dataclass
class Attribution:
    verb: Token
    sentence: Span
    speaker: str | None
    role: str | None
    content: list[int] = field(default_factory=list)  # token indices
    used: bool = False

    @property
    def span(self) -> tuple[int, int] | None:
        return (min(self.content), max(self.content) + 1) if self.content else None


def find_segments(text: str, blocks: list[Block]) -> list[Segment]:
    """Quotations per paragraph. Curly marks pair by direction; straight double quotes alternate;
    a closing mark without an opening one starts the quotation at the paragraph's start, an opening
    one never closed runs to its end."""
    out: list[Segment] = []
    for bi, b in enumerate(blocks):
        if not b.is_body:
            continue
        open_at: int | None = None
        for i in range(b.start, b.end):
            ch = text[i]
            if open_at is None and (ch in _OPEN or ch == '"'):
                open_at = i + 1
            elif ch in _CLOSE or ch == '"':
                # any closing mark closes: writers mix curly and straight marks
                start = open_at if open_at is not None else b.start
                out.append(Segment(start, i, bi))
                open_at = None
        straight_open = None
        for dangling in (open_at, straight_open):
            if dangling is not None:
                out.append(Segment(dangling, b.end, bi))
    cleaned = []
    for s in sorted(out, key=lambda s: s.start):
        while s.start < s.end and text[s.start].isspace():
            s.start += 1
        while s.end > s.start and (text[s.end - 1].isspace() or text[s.end - 1] in ",."):
            s.end -= 1
        if s.end > s.start and not any(o.start <= s.start < o.end for o in cleaned):
            cleaned.append(s)
    return cleaned


class QuoteFinder:
    def __init__(self) -> None:
        self.lex = reporting()
        self.according = set(self.lex.according_to)
        self.continuations = set(self.lex.continuations)
        self.parenthetical = set(self.lex.parenthetical)
        self.person_nouns = set(self.lex.person_nouns)
        self.titles = set(person_titles().titles)
        self.nouns = set(self.lex.nouns)
        self.he = set(self.lex.pronouns.get("person", []))
        self.it = set(self.lex.pronouns.get("group", []))

    # -- entry point -----------------------------------------------------------------------
    def find(self, doc: Doc, st: DocState) -> list[Quote]:
        self.doc, self.st = doc, st
        self.cluster_by_id = {c.id: c for c in st.clusters}
        self.last_speaker: Cluster | None = None
        attributions: list[Attribution] = []
        for sent in doc.sents:
            if not st.block_of(sent.start).is_body:
                continue
            attributions.extend(self._attributions(sent))
        segments = find_segments(st.original, st.blocks)
        return self._quotes(attributions, segments)

    # -- attributions ----------------------------------------------------------------------
    def _attributions(self, sent: Span) -> list[Attribution]:
        found: list[Attribution] = []
        covered: set[int] = set()
        for tok in sent:
            if tok.i in covered:
                continue
            att = None
            if tok.lower_ in self.according and tok.i + 1 < sent.end and sent.doc[tok.i + 1].lower_ == "to":
                att = self._according(tok, sent)
            elif tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") or self._mistagged_verb(tok):
                att = self._verb(tok, sent)
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in self.nouns:
                att = self._noun(tok, sent)
            if att is None:
                continue
            found.append(att)
            covered.update(att.content)

        # a reporting verb inside another one's content is reported speech, not an attribution
        # ("X says Y believes Z": X speaks); participles that continue a statement stay
        def beaten(a: Attribution, b: Attribution) -> bool:
            if b is a or a.verb.i not in b.content or a.verb.lemma_.lower() in self.continuations:
                return False
            if b.verb.i in a.content:  # each inside the other: the stronger attribution wins
                return self.lex.strength(a.verb.lemma_) < self.lex.strength(b.verb.lemma_) or (
                    self.lex.strength(a.verb.lemma_) == self.lex.strength(b.verb.lemma_) and a.verb.i < b.verb.i
                )
            return True

        kept = [a for a in found if not any(beaten(a, b) for b in found)]
        for a in kept:  # only attributions that stand change who "he" refers to next
            cl = self.cluster_by_id.get(a.speaker or "")
            if cl is not None:
                cl.latent = False
                self.last_speaker = cl
        return kept

    @staticmethod
    def _mistagged_verb(tok: Token) -> bool:
        """ "Al-Fictiwi notes that ...": the model reads "notes" as a noun."""
        if tok.pos_ not in ("NOUN", "PROPN") or not tok.lower_.endswith("s"):
            return False
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        return any(c.dep_ == "ccomp" for c in tok.children) or (nxt is not None and nxt.lower_ == "that")

    def _verb(self, verb: Token, sent: Span) -> Attribution | None:
        kind = self.lex.kind(verb.lemma_)
        if kind is None:
            return None
        lemma = verb.lemma_.lower()
        if verb.pos_ in ("NOUN", "PROPN"):  # a mistagged "notes", "says": its lemma is the noun's
            lemma = verb.lower_[:-1] if verb.lower_.endswith("s") else verb.lower_
            kind = self.lex.kind(lemma) or self.lex.kind(lemma.rstrip("e"))
            if kind is None:
                return None
        particles = self.lex.particles.get(lemma)
        if lemma == "point" and not {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep")} & set(
            particles or []
        ):
            return None
        if verb.lemma_.lower() == "call" and not any(
            (c.dep_ in ("prt", "prep") and c.lower_ in particles) or c.dep_ in ("dobj", "oprd", "ccomp")
            for c in verb.children
        ):
            return None
        calls_on = lemma == "call" and any(
            c.dep_ in ("prt", "prep") and c.lower_ in (particles or []) for c in verb.children
        )
        if (
            verb.tag_ == "VBG"
            and verb.dep_ in ("advcl", "xcomp", "conj", "pcomp")  # "after blaming the group for the attack"
            and lemma not in self.continuations
            and not calls_on
        ):
            return None
        if verb.dep_ == "amod" or (verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod", "relcl")):
            return None
        content_children = [
            c
            for c in verb.children
            if c.dep_ in _CONTENT_DEPS and not (c.dep_ == "conj" and c.pos_ not in ("VERB", "AUX"))
        ]
        if verb.lemma_.lower() == "tell":
            content_children = [c for c in content_children if c.dep_ != "dobj"]
        if kind == "clause_only":
            content_children = [c for c in content_children if c.dep_ == "ccomp"]
            if not content_children:
                return None
        if lemma in ("speak", "talk"):  # "spoke about X" reports X; "spoke to reporters" reports nothing
            content_children = [
                c
                for c in verb.children
                if c.dep_ == "prep"
                and c.lower_ in ("about", "on", "of")
                and not any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree)
            ]
        elif kind == "object":
            content_children += [
                c
                for c in verb.children
                if c.dep_ in ("prep", "advcl")
                and c.i > verb.i
                and c.lower_ not in ("in", "on", "at", "during", "after", "before", "since")
                and c not in content_children
            ]
        content: set[int] = set()
        for c in content_children:
            content.update(t.i for t in c.subtree)
        for c in verb.children:  # "called on his supporters to ..."
            if c.dep_ == "prep" and particles and c.lower_ in particles:
                content.update(t.i for t in c.subtree if t.i != c.i)
        if _negated(verb):
            return None
        speaker, role = self._speaker(verb)
        parenthetical = (
            lemma in self.parenthetical
            and verb.i > verb.head.i
            and (
                verb.dep_ == "parataxis"
                or (verb.dep_ in ("ccomp", "conj") and not content)
                or (verb.dep_ == "advcl" and not content and not any(c.dep_ == "mark" for c in verb.children))
            )
        )
        if parenthetical:
            # "Six rockets were fired ..., AFP reported." / "X is Y, he said, which Z": the content
            # is the sentence around the attribution clause
            clause = {verb.i} | {
                t.i
                for c in verb.children
                if c.dep_ in _SUBJ or c.dep_ in ("aux", "neg", "advmod", "npadvmod", "prt", "dative")
                for t in c.subtree
            }
            clause |= {t.i for c in verb.children if c.dep_ == "dobj" and lemma == "tell" for t in c.subtree}
            content = {t.i for t in sent if t.i not in clause and not t.is_space}
        if not content:
            return None
        if speaker is None:
            speaker, role = self._nearest_before(verb, sent, content)
        if speaker is None:
            return None
        # a continuation participle ("..., adding that ...") is a statement of its own
        content -= {
            t.i
            for c in verb.children
            if c.dep_ == "advcl"
            for t in c.subtree
            if c.tag_ == "VBG" and (c.lemma_.lower() in self.continuations or _calls_on(c, particles))
        }
        content = {i for i in content if sent.start <= i < sent.end}
        return Attribution(verb, sent, speaker, role, sorted(content))

    def _noun(self, noun: Token, sent: Span) -> Attribution | None:
        """ "Vessar's March 3 response, that the council ...": a reporting noun with its speaker."""
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        if poss is None or poss.lower_ in ("its", "their", "his", "her"):
            return None
        content = {
            t.i
            for c in noun.children
            if c.i > noun.i and c.dep_ in ("acl", "ccomp", "appos", "relcl")
            for t in c.subtree
        }
        if not content:
            return None
        speaker, role = self._np_speaker(poss)
        if speaker is None:
            return None
        return Attribution(noun, sent, speaker, role, sorted(i for i in content if sent.start <= i < sent.end))

    def _according(self, tok: Token, sent: Span) -> Attribution | None:
        to = sent.doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        speaker, role = self._np_speaker(pobj)
        if speaker is None:
            return None
        phrase = {tok.i, to.i} | {t.i for t in pobj.subtree}
        content = [t.i for t in sent if t.i not in phrase and not t.is_space]
        return Attribution(tok, sent, speaker, role, content)

    # -- speakers ---------------------------------------------------------------------------
    def _speaker(self, verb: Token) -> tuple[str | None, str | None]:
        v = verb
        for _ in range(3):
            subj = next((c for c in v.children if c.dep_ in _SUBJ), None)
            if subj is not None:
                return self._np_speaker(subj)
            if v.dep_ in ("conj", "advcl", "xcomp") and v.head.i != v.i:
                v = v.head
            else:
                break
        return None, None

    def _nearest_before(self, verb: Token, sent: Span, content: set[int]) -> tuple[str | None, str | None]:
        """When the parse gives no subject: the closest actor named before the verb in its sentence."""
        for i in range(verb.i - 1, sent.start - 1, -1):
            if i in content:
                continue
            cl = self._cluster_at(i)
            if cl is not None and cl.type not in ("LOCATION", "STATE"):
                return self._use(cl, self._role(self.doc[i], cl))
        return None, None

    def _use(self, cl: Cluster, role: str | None) -> tuple[str, str | None]:
        """A speaker found; a person keeps the first role found for them."""
        if cl.type == "PERSON" and role and not cl.role:
            cl.role = role
        return cl.id, role or cl.role

    def _cluster_at(self, i: int) -> Cluster | None:
        cid = self.st.token_cluster.get(i)
        return self.cluster_by_id.get(cid) if cid else None

    def _np_speaker(self, head: Token) -> tuple[str | None, str | None]:
        low = head.lower_
        if low in self.he or low in self.it:
            cl = self._pronoun(head, person=low in self.he)
            return (cl.id, cl.role) if cl else (None, None)
        cl = self._cluster_at(head.i)
        if cl is None:
            for child in head.children:
                if child.dep_ == "appos":
                    cl = self._cluster_at(child.i)
                    if cl is not None:
                        break
        if cl is None and head.lemma_.lower() not in self.person_nouns:
            # "The Hamas-affiliated Shehab news agency": a name modifying the head
            for t in sorted((t for t in head.subtree if t.i < head.i), key=lambda t: -t.i):
                c = self._cluster_at(t.i)
                if (
                    c is not None
                    and c.type not in ("LOCATION", "STATE")
                    and not _in_backing_modifier(t)
                    and (t.dep_ in ("compound", "nmod") or t.head.dep_ in ("compound", "nmod"))
                ):
                    cl = c
                    break
        lemma = head.lemma_.lower()
        if cl is None and lemma in self.person_nouns:
            # "the ayatollah", "The Taliban spokesman": a person named before; "a representative": new
            det = next((c.lower_ for c in head.children if c.dep_ == "det"), "")
            if det == "the" or any(c.dep_ in ("amod", "compound") for c in head.children):
                cl = self._anaphor_person(head)
            if cl is None:
                cl = self._new_speaker(head)
        elif cl is None and lemma in self.lex.anaphors and head.pos_ == "NOUN":
            cl = self._anaphor(head, self.lex.anaphors[lemma])
        if cl is None and head.pos_ == "PROPN" and head.text[:1].isupper():
            cl = self._unrecognised_person(head)
        if cl is None:
            # the actor closest to the head: "The Hamas-affiliated Shehab news agency" is Shehab
            ordered = sorted((t for t in head.subtree if t.i <= head.i), key=lambda t: -t.i)
            ordered += [t for t in head.subtree if t.i > head.i]  # "the report from Minister X"
            for t in ordered:
                c = self._cluster_at(t.i)
                if c is not None and c.type != "LOCATION" and not _in_backing_modifier(t):
                    cl = c
                    break
        if cl is None:
            return None, None
        return self._use(cl, self._role(head, cl))

    def _unrecognised_person(self, head: Token) -> Cluster | None:
        """ "Consul General Zarkon Vessamir told ...": a speaker the recogniser missed is still an entity."""
        doc = self.doc
        start = head.i
        while (
            start > 0
            and doc[start - 1].dep_ == "compound"
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].text[:1].isupper()
            and fold(doc[start - 1].text) not in self.titles
        ):
            start -= 1
        if (
            head.i - start + 1 < 2
            or head.i - start + 1 > 4
            or head.ent_type_ in ("GPE", "LOC", "FAC", "NORP", "ORG", "DATE", "TIME", "CARDINAL", "EVENT", "LAW")
        ):
            return None
        return self._new_speaker(head, start=start, role_from_titles=True)

    def _role(self, head: Token, cl: Cluster | None) -> str | None:
        doc = self.doc
        for child in head.children:
            if child.dep_ == "appos":
                toks = [t for t in child.subtree if not (t.i == child.left_edge.i and t.dep_ == "det")]
                if toks and (cl is None or self.st.token_cluster.get(child.i) != (cl.id if cl else None)):
                    text = doc[toks[0].i : toks[-1].i + 1].text.strip(" ,")
                    if 0 < len(text.split()) <= 12:
                        return text
        if cl is not None:
            mention = next((m for m in cl.mentions if m.start <= head.i < m.end), None)
            if mention is not None and mention.source != "nominal":
                appos = _appositive_after(doc, mention.end)
                if appos:
                    return appos
            if mention is not None:
                start = head.left_edge.i
                while start < mention.start and (
                    doc[start].dep_ in ("det", "nummod", "poss", "case") or doc[start].like_num or doc[start].is_punct
                ):
                    start += 1
                if (
                    start < mention.start
                    and mention.source != "nominal"
                    and any(
                        t.is_alpha and len(t.text) > 2 and t.lower_ not in ("al", "el")
                        for t in doc[start : mention.start]
                    )
                ):
                    return doc[start : mention.start].text.strip(" ,")
                if mention.role and mention.source != "nominal":
                    return mention.role
                if mention.source == "nominal":
                    return doc[mention.start : mention.end].text
        return None

    def _pronoun(self, tok: Token, *, person: bool) -> Cluster | None:
        if person:  # "he" is one named person, never "residents" or "officials"
            if self.last_speaker is not None and self.last_speaker.type == "PERSON" and _named(self.last_speaker):
                return self.last_speaker
            return self._recent(tok.i, {"PERSON"}, named_only=True)
        groups = {"ARMED_GROUP", "GOV_BODY", "POLITICAL_PARTY", "OTHER_ORG", "MEDIA", "STATE"}
        # "The brigade has shelled what it said was ...": the sentence's own subject first
        for t in tok.sent:
            if t.i >= tok.i:
                break
            if t.dep_ in ("nsubj", "nsubjpass"):
                c = self._cluster_at(t.i)
                if c is not None and c.type in groups:
                    return c
        if self.last_speaker is not None and self.last_speaker.type != "PERSON":
            return self.last_speaker
        return self._recent(tok.i, groups)

    def _recent(self, before: int, types: set[str], named_only: bool = False) -> Cluster | None:
        """The last actor of these types named before the current sentence (else before ``before``):
        in "Shells hit the rebels' depot, the brigade said", the brigade is not the rebels."""
        sent_start = self.doc[before].sent.start
        return self._recent_before(sent_start, types, named_only) or self._recent_before(before, types, named_only)

    def _recent_before(self, before: int, types: set[str], named_only: bool = False) -> Cluster | None:
        best: tuple[int, Cluster] | None = None
        for cl in self.st.clusters:
            if cl.type not in types or (named_only and not _named(cl)):
                continue
            for m in cl.mentions:
                if m.start < before and (best is None or m.start > best[0]):
                    best = (m.start, cl)
        return best[1] if best else None

    def _anaphor(self, head: Token, types: list[str]) -> Cluster | None:
        if self.last_speaker is not None and self.last_speaker.type in types:
            return self.last_speaker
        return self._recent(head.i, set(types))

    def _anaphor_person(self, head: Token) -> Cluster | None:
        noun = head.lemma_.lower()
        people = [cl for cl in self.st.clusters if cl.type == "PERSON" and any(m.start < head.i for m in cl.mentions)]
        titled = [cl for cl in people if cl.role and noun in cl.role.lower()]
        pool = titled or ([self.last_speaker] if self.last_speaker and self.last_speaker.type == "PERSON" else [])
        return pool[-1] if pool else None

    def _new_speaker(self, head: Token, start: int | None = None, role_from_titles: bool = False) -> Cluster:
        doc = self.doc
        if start is None:
            start = head.left_edge.i
            while start < head.i and (doc[start].dep_ in ("det", "nummod", "poss") or doc[start].like_num):
                start += 1
        end = head.i + 1
        name = doc[start:end].text
        cand = Candidate(start, end, name, "PERSON", "speaker", confidence=0.5)
        if role_from_titles:
            t0 = start
            while t0 > 0 and fold(doc[t0 - 1].text) in self.titles and doc[t0 - 1].text[:1].isupper():
                t0 -= 1
            if t0 < start:
                cand.role, cand.titled_start = doc[t0:start].text, t0
        cand.block = self.st.block_of(start).kind
        cand.char_start, cand.char_end = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        surname = self._surname_only(start, end)
        if surname is not None:  # "Layla Haddad says ..." after the resolver clustered a bare "Haddad"
            surname.mentions.append(cand)
            surname.name = name
            for t in range(start, end):
                self.st.token_cluster.setdefault(t, surname.id)
            return surname
        cl = Cluster(
            id=f"e{len(self.st.clusters) + 1}",
            mentions=[cand],
            type="PERSON",
            name=name,
            role=cand.role if role_from_titles else name,
            latent=True,
        )
        self.st.clusters.append(cl)
        self.cluster_by_id[cl.id] = cl
        for t in range(start, end):
            self.st.token_cluster.setdefault(t, cl.id)
        return cl

    def _surname_only(self, start: int, end: int) -> Cluster | None:
        """The one person entity named only by the last word of this full name, if any."""
        if end - start < 2:
            return None
        last = fold(self.doc[end - 1].text)
        found = [
            cl
            for cl in self.st.clusters
            if cl.type == "PERSON"
            and cl.mentions
            and all(m.end - m.start == 1 and fold(self.doc[m.start].text) == last for m in cl.mentions)
        ]
        return found[0] if len(found) == 1 else None

    # -- quotes ------------------------------------------------------------------------------
    def _quotes(self, attributions: list[Attribution], segments: list[Segment]) -> list[Quote]:
        doc, text = self.doc, self.st.original
        tok_at = _char_to_token(doc)
        quotes: list[tuple[int, Quote]] = []
        last: tuple[int, int, str, str | None] | None = None  # (char end, block, speaker, role)
        for seg in segments:
            toks = {tok_at[i] for i in range(seg.start, seg.end) if tok_at[i] is not None}
            if not toks:
                continue
            best, best_cover = None, 0.0
            for a in attributions:
                if not a.content:
                    continue
                inside = len(toks & set(a.content))
                cover = inside / len([i for i in a.content if not doc[i].is_punct] or [0])
                if inside and cover > best_cover:
                    best, best_cover = a, cover
            words = seg.words(text)
            if best is not None and (best_cover >= 0.5 or (words >= 8 and best_cover >= 0.35)):
                best.used = True
                seg.used = True
                quotes.append((seg.start, self._quote(best.speaker, best.role, seg.start, seg.end, True, best)))
                last = (seg.end, seg.block, best.speaker, best.role)
            elif best is None and last is not None and words >= 4 and self._continues(seg, last):
                seg.used = True
                quotes.append((seg.start, self._quote(last[2], last[3], seg.start, seg.end, True, None)))
                last = (seg.end, seg.block, last[2], last[3])
        for a in attributions:
            if a.used or a.span is None:
                continue
            start, end = self._trim(*a.span)
            if end - start < 2:
                continue
            cs, ce = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
            quotes.append((cs, self._quote(a.speaker, a.role, cs, ce, False, a)))
        quotes.sort(key=lambda x: x[0])
        return [q for _, q in quotes]

    def _continues(self, seg: Segment, last: tuple[int, int, str, str | None]) -> bool:
        """A quotation standing alone right after another one continues it."""
        end, block, _, _ = last
        if seg.block == block:
            between = self.st.original[end : seg.start]
            # '"A," he said. "B."', '"A," said X, the group's spokesman. "B."': only an attribution (with the
            # speaker's role) stands between two quotations of one speaker
            n = len(between.split())
            return n <= 3 or (n <= 12 and bool(_SAID.search(between)) and between.count(".") <= 1)
        return seg.block == block + 1 and self.st.blocks[seg.block].start >= seg.start - 1

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        doc = self.doc
        while start < end and (doc[start].lower_ in _EDGE_TRIM or doc[start].is_space):
            start += 1
        while end > start and (doc[end - 1].lower_ in _EDGE_TRIM or doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        return start, end

    def _quote(self, speaker: str, role: str | None, cs: int, ce: int, direct: bool, att: Attribution | None) -> Quote:
        sent_i = self.st.sentence_at_char(cs)
        return Quote(
            speaker=speaker,
            speaker_role=role,
            text=self.st.original[cs:ce],
            direct=direct,
            start=cs,
            end=ce,
            sentence=sent_i,
            cue=att.verb.lemma_.lower() if att else "continuation",
            confidence=0.8 if direct else 0.65,
        )


_SAID = re.compile(r"\b(said|says|added|adds|told|tells|continued|went on|explained|stressed|noted)\b", re.IGNORECASE)


def _appositive_after(doc: Doc, end: int) -> str | None:
    """ "Zarkon Vessamir, the researcher in border affairs, says": the role between the commas."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("the", "a", "an"):
        return None
    stop = end + 1
    while (
        stop < len(doc)
        and stop - end <= 14
        and doc[stop].text not in (",", ".", ";", ":")
        and not doc[stop].is_sent_start
    ):
        stop += 1
    if stop >= len(doc) or doc[stop].text != "," or stop - end > 14:
        return None
    return doc[end + 2 : stop].text


def _named(cl: Cluster) -> bool:
    """A cluster named by a name, not only by descriptions ("residents", "officials")."""
    return any(m.source != "nominal" for m in cl.mentions)


def _negated(verb: Token) -> bool:
    """ "has not claimed", "no group claimed"."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and any(c.lower_ in ("no", "none") for c in subj.children if c.dep_ == "det")


def _in_backing_modifier(tok: Token) -> bool:
    """ "ISIS" in "the ISIS-affiliated agency" is not the agency."""
    doc = tok.doc
    return (
        tok.i + 2 < len(doc)
        and doc[tok.i + 1].text in ("-", "‐")
        and doc[tok.i + 2].lower_
        in ("affiliated", "backed", "linked", "aligned", "led", "allied", "supported", "run", "based")
    )


def _calls_on(tok: Token, particles: list[str] | None) -> bool:
    return tok.lemma_.lower() == "call" and any(
        c.dep_ in ("prt", "prep") and c.lower_ in ("on", "for", "upon") for c in tok.children
    )


def _char_to_token(doc: Doc) -> list[int | None]:
    out: list[int | None] = [None] * (len(doc.text) + 1)
    for tok in doc:
        for i in range(tok.idx, tok.idx + len(tok.text)):
            out[i] = tok.i
    return out
