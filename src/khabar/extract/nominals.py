"""Descriptive actor mentions: "security forces", "US troops", "Ethiopia's army", "the Iranian
regime", "Iran-backed militias", "the Kurdistan Region's electricity ministry".

The categories, their head phrases and how mentions of one category join are data
(``data/nominals.yaml``); this module finds the heads in a parsed document and works out each
mention's owner ("US", "Ethiopia's", "of Iraq") and backer ("Iran-backed", "backed by Iran").
"""

from __future__ import annotations

import re
from collections import defaultdict

from spacy.tokens import Doc, Token

from khabar.extract.lexicon import NominalCategory, nominals
from khabar.extract.state import Candidate, DocState, Nominal
from khabar.kb import KnowledgeBase
from khabar.normalize import fold

_SKIP_LEFT = {"det", "nummod", "predet", "quantmod", "case", "punct", "cc", "prep"}
_DROP_WORDS = {"the", "a", "an", "its", "their", "his", "her", "our", "other", "several", "some", "many",
               "all", "any", "both", "these", "those", "this", "that", "most", "few", "two", "three",
               "four", "five", "so-called", "such", "each", "various", "numerous", "dozens", "hundreds",
               "thousands"}
_BACKED = re.compile(
    r"\b(?:pro-?\s*(?P<pro>[A-Z][\w'’.]*)|(?P<name>[A-Z][\w'’.]*)\s*-\s*"
    r"(?:backed|aligned|affiliated|allied|linked|supported|sponsored|funded|controlled|loyal))"
)
_CLIENT_HEADS = {"proxies", "proxy", "affiliates", "clients"}
_BACKING_VERBS = {"back", "align", "affiliate", "ally", "link", "support", "sponsor", "fund", "arm", "loyal"}


class NominalFinder:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.categories = nominals().categories
        self._by_last: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for cname, cat in self.categories.items():
            for head in cat.heads:
                words = tuple(head.split())
                self._by_last[words[-1]].append((words, cname))
        for lst in self._by_last.values():
            lst.sort(key=lambda x: -len(x[0]))

    def find(self, doc: Doc, st: DocState, named: list[Candidate]) -> list[Candidate]:
        inside: dict[int, Candidate] = {}
        for c in named:
            for t in range(c.start, c.end):
                inside[t] = c
        out: list[Candidate] = []
        for tok in doc:
            if tok.pos_ not in ("NOUN", "PROPN") and tok.lower_ not in ("gov't", "govt"):
                continue
            if tok.i in inside and inside[tok.i].type not in ("STATE",):
                continue
            hit = self._head_at(doc, tok)
            if hit is None:
                continue
            words, cname = hit
            cat = self.categories[cname]
            if tok.dep_ == "compound" and not cat.compound:
                continue
            if tok.dep_ == "amod":
                continue
            cand = self._build(doc, tok, len(words), cname, cat, inside)
            if cand is not None:
                cand.block = st.block_of(cand.start).kind
                span = doc[cand.start : cand.end]
                cand.char_start, cand.char_end = span.start_char, span.end_char
                out.append(cand)
        return out

    def _head_at(self, doc: Doc, tok: Token) -> tuple[tuple[str, ...], str] | None:
        last = fold(tok.text)
        for words, cname in self._by_last.get(last, ()):
            n = len(words)
            if tok.i - n + 1 < 0:
                continue
            if tuple(fold(t.text) for t in doc[tok.i - n + 1 : tok.i + 1]) == words:
                return words, cname
        return None

    # -- building one mention -----------------------------------------------------------------
    def _build(self, doc: Doc, head: Token, n_words: int, cname: str, cat: NominalCategory,
               inside: dict[int, Candidate]) -> Candidate | None:
        phrase_start = head.i - n_words + 1
        left = head.left_edge.i
        if left > phrase_start:
            left = phrase_start
        # keep the modifiers that belong to this phrase, dropping determiners and quantities
        while left < phrase_start and (doc[left].lower_ in _DROP_WORDS or doc[left].dep_ in _SKIP_LEFT
                                       or doc[left].like_num or doc[left].is_punct):
            left += 1
        end = head.i + 1
        owner = owner_text = backer = backer_text = None

        # owner: a state, region or named actor before the head
        for t in doc[left:phrase_start]:
            c = inside.get(t.i)
            if c is not None and c.type in ("STATE", "LOCATION", "ARMED_GROUP", "GOV_BODY", "PERSON",
                                            "POLITICAL_PARTY", "OTHER_ORG"):
                owner, owner_text = self._owner_key(c), doc[c.start : c.end].text
                break
            state = self.kb.state_for_demonym(t.text) if t.text[:1].isupper() else None
            if state is not None:
                owner, owner_text = state.id, t.text
                break
            if t.ent_type_ in ("NORP", "GPE") and t.text[:1].isupper():
                owner, owner_text = fold(t.text), t.text
                break
        m = _BACKED.search(doc[left:phrase_start].text)
        if m:
            backer_text = m.group("pro") or m.group("name")
            backer = self._key_for_text(backer_text)
            if owner == backer:
                owner = owner_text = None

        # after the head: "government of Iraq", "embassy in Baghdad", "militias backed by Iran"
        for child in head.rights:
            if child.dep_ in ("cc", "conj", "punct", "appos", "relcl"):
                break
            if child.dep_ == "prep" and child.lower_ == "of" and cname in ("government", "regime", "military"):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.ent_type_ in ("GPE",) and owner is None:
                    owner, owner_text = self._key_for_text(obj.text), obj.text
                    end = max(end, obj.i + 1)
            elif child.dep_ == "prep" and child.lower_ in cat.postmod:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.ent_type_ in ("GPE", "LOC", "FAC"):
                    end = max(end, obj.right_edge.i + 1)
            elif child.dep_ in ("acl", "amod") and child.lemma_.lower() in _BACKING_VERBS:
                agent = _agent_of(child)
                if agent is not None and backer is None:
                    backer_text = doc[agent.left_edge.i : agent.i + 1].text
                    backer = self._key_for_text(agent.text)
                    end = max(end, agent.right_edge.i + 1)

        if owner is not None and backer is None and fold(head.text) in _CLIENT_HEADS:
            # "Iranian proxies", "Iran's proxies": the owner of a proxy is its backer
            backer, backer_text, owner, owner_text = owner, owner_text, None, None
        if cat.needs == "backer" and backer is None:
            return None
        if cat.needs == "owner_or_backer" and owner is None and backer is None:
            return None
        head_phrase = " ".join(t.text for t in doc[phrase_start : head.i + 1])
        # a bare "electricity ministry" can only join an owned one; a bare "police" may stand alone
        joinable_only = (cat.needs == "owner" and owner is None) or (
            owner is None and backer is None and not cat.bare_ok(head_phrase))
        name = doc[left:end].text
        etype = cat.type
        if cname == "military" and owner is not None and owner not in self.kb.actors:
            etype = "GOV_BODY"
        elif cname == "military" and owner in self.kb.actors and self.kb.actors[owner].type in (
                "ARMED_GROUP", "PERSON"):
            etype = "ARMED_GROUP"
        nominal = Nominal(cname, fold(head_phrase), owner, owner_text, backer, backer_text)
        return Candidate(left, end, name, etype, "nominal", confidence=0.55, nominal=nominal,
                         latent=cat.latent, joinable_only=joinable_only)

    def _owner_key(self, c: Candidate) -> str:
        if c.kb_id:
            actor = self.kb.actors.get(c.kb_id)
            if actor is None:  # a place: a capital stands for its state ("Baghdad government")
                state = self.kb.state_for_capital(c.name)
                return state.id if state else c.kb_id
            return c.kb_id
        return fold(c.name)

    def _key_for_text(self, text: str) -> str:
        state = self.kb.state_for_demonym(text)
        if state is not None:
            return state.id
        for e in self.kb.lookup(text):
            return e.id
        return fold(text)


def _agent_of(verb: Token) -> Token | None:
    """The X of "backed by X", "loyal to X", "allied to X"."""
    for prep in verb.children:
        if prep.dep_ in ("agent", "prep") and prep.lower_ in ("by", "to", "with"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and (obj.ent_type_ or obj.pos_ == "PROPN"):
                return obj
    return None
