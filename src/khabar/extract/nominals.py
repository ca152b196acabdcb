"""Descriptive actor mentions: "security forces", "US troops", "Ethiopia's army", "the Iranian
regime", "Iran-backed militias", "the Kurdistan Region's electricity ministry", "the SYL hotel".

The categories, their head phrases and how mentions of one category join are data
(``data/nominals.yaml``); this module finds the heads in a parsed document and works out each
mention's owner ("US", "Ethiopia's", "of Iraq") and backer ("Iran-backed", "backed by Iran",
"loyal to X"). Modifiers are read off the token sequence as well as the parse, because headline
case and long noun phrases often defeat the parser.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc, Token

from khabar.extract.lexicon import NominalCategory, nominals
from khabar.extract.state import Candidate, DocState, Nominal
from khabar.kb import KnowledgeBase
from khabar.normalize import fold

_DROP_WORDS = {
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "our",
    "other",
    "several",
    "some",
    "many",
    "all",
    "any",
    "both",
    "these",
    "those",
    "this",
    "that",
    "most",
    "few",
    "so",
    "called",
    "such",
    "each",
    "various",
    "numerous",
    "dozens",
    "hundreds",
    "thousands",
    "mentioned",
    "said",
}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_HYPHENS = {"-", "‐", "‑"}
_BACKING = {
    "backed",
    "aligned",
    "affiliated",
    "allied",
    "linked",
    "supported",
    "sponsored",
    "funded",
    "controlled",
    "financed",
    "armed",
    "loyal",
}
_RIGHT_BACKING = {
    ("backed", "by"),
    ("supported", "by"),
    ("funded", "by"),
    ("sponsored", "by"),
    ("armed", "by"),
    ("financed", "by"),
    ("controlled", "by"),
    ("loyal", "to"),
    ("allied", "to"),
    ("allied", "with"),
    ("aligned", "with"),
    ("aligned", "to"),
    ("affiliated", "with"),
    ("linked", "to"),
}
_CLIENT_HEADS = {"proxies", "proxy", "affiliates", "clients", "militias", "militia", "proxy groups", "proxy forces"}
_MOD_POS = {"ADJ", "PROPN", "NOUN", "VERB", "ADV", "NUM"}
_NAMED_TYPES = ("STATE", "LOCATION", "ARMED_GROUP", "GOV_BODY", "PERSON", "POLITICAL_PARTY", "OTHER_ORG", "MEDIA")


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
            if tok.i in inside:
                continue
            hit = self._head_at(doc, tok)
            if hit is None:
                continue
            words, cname = hit
            cat = self.categories[cname]
            if tok.dep_ == "amod":
                continue
            cand = self._build(doc, tok, len(words), cname, cat, inside)
            if cand is None:
                continue
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
    def _left_edge(self, doc: Doc, phrase_start: int, inside: dict[int, Candidate]) -> int:
        """Walk left over the modifiers of the phrase: adjectives, names, "X-backed", "X's"."""
        i = phrase_start
        steps = 0
        while i > 0 and steps < 8:
            t = doc[i - 1]
            if t.is_sent_start and t.i == i - 1 and t.lower_ in _DROP_WORDS:
                break
            if t.i in inside:  # a whole name ("Kurdistan Region's", "US"), then stop
                i = inside[t.i].start
                if i > 1 and doc[i - 1].text in _HYPHENS and doc[i - 2].lower_ == "pro":  # "pro-Iran"
                    i -= 2
                break
            if t.text in _POSSESSIVE and i > 1 and (doc[i - 2].i in inside or doc[i - 2].pos_ in ("PROPN", "NOUN")):
                i -= 1
                continue
            if t.text in _HYPHENS and i > 1:
                i -= 1
                continue
            if t.lower_ in _DROP_WORDS or t.is_punct or t.pos_ in ("DET", "ADP", "PRON", "AUX", "PART", "SCONJ"):
                break
            if t.pos_ == "CCONJ":
                # coordinated modifiers: "military and hospital sources"
                if (
                    i > 1
                    and (doc[i - 2].pos_ == "ADJ" or doc[i - 2].dep_ in ("amod", "compound", "nmod"))
                    and doc[i].pos_ in ("ADJ", "NOUN")
                ):
                    i -= 1
                    continue
                break
            if t.pos_ not in _MOD_POS or t.like_num:
                break
            if t.pos_ in ("NOUN", "PROPN") and t.i not in inside and t.head.i <= t.i:
                break  # "in attacks Kurdish authorities blame": a noun of its own, not a modifier of the phrase
            if t.pos_ == "VERB" and t.tag_ not in ("VBN", "VBG"):
                break
            hyphenated = i >= 2 and doc[i - 2].text in _HYPHENS
            if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound", "nmod") and not hyphenated:
                break  # "after ordering French troops": the verb governs the phrase, it does not describe it
            i -= 1
            steps += 1
        while i < phrase_start and (doc[i].lower_ in _DROP_WORDS or doc[i].is_punct or doc[i].like_num):
            i += 1
        return i

    def _build(
        self, doc: Doc, head: Token, n_words: int, cname: str, cat: NominalCategory, inside: dict[int, Candidate]
    ) -> Candidate | None:
        phrase_start = head.i - n_words + 1
        left = self._left_edge(doc, phrase_start, inside)
        end = head.i + 1
        owner = owner_text = backer = backer_text = backer_word = None
        possessive = False

        # before the head: "X-backed" / "pro-X" (backer), "X's", a name, a demonym (owner)
        i = left
        while i < phrase_start:
            t = doc[i]
            c = inside.get(i)
            nxt = doc[c.end] if c is not None and c.end < len(doc) else (doc[i + 1] if i + 1 < len(doc) else None)
            after = (
                doc[c.end + 1] if c is not None and c.end + 1 < len(doc) else (doc[i + 2] if i + 2 < len(doc) else None)
            )
            text = doc[c.start : c.end].text if c is not None else t.text
            key = self._owner_key(c) if c is not None else None
            if t.lower_ == "pro" and nxt is not None and nxt.text in _HYPHENS and i + 2 < phrase_start:
                target = inside.get(i + 2)
                btext = doc[target.start : target.end].text if target else doc[i + 2].text
                backer, backer_text = (self._owner_key(target) if target else self._key_for_text(btext)), btext
                i = target.end if target else i + 3
                continue
            if nxt is not None and nxt.text in _HYPHENS and after is not None and after.lower_ in _BACKING:
                backer, backer_text, backer_word = key or self._key_for_text(text), text, after.lower_
                i = (c.end if c else i + 1) + 2
                continue
            if (
                nxt is not None
                and nxt.text in _POSSESSIVE
                and (c is not None or t.pos_ in ("PROPN", "NOUN") or t.ent_type_)
            ):
                owner, owner_text, possessive = key or self._key_for_text(text), text, True
                i = (c.end if c else i + 1) + 1
                continue
            if c is not None and c.type in _NAMED_TYPES and owner is None:
                owner, owner_text = key, text
                i = c.end
                continue
            state = self.kb.state_for_demonym(t.text) if t.text[:1].isupper() else None
            if state is not None and owner is None:
                owner, owner_text = state.id, t.text
            elif (
                owner is None
                and t.text[:1].isupper()
                and (t.ent_type_ in ("NORP", "GPE") or (t.pos_ == "PROPN" and cname == "facility"))
            ):
                owner, owner_text = fold(t.text), t.text
            i += 1

        # "Assad's government", "Maduro's army": the state the KB says that person leads
        led = self.kb.led_by(owner or "", "STATE") if cname in ("government", "regime", "military") else []
        if len(led) == 1:
            owner = led[0]

        # after the head: "government of Iraq", "embassy in Baghdad", "militias backed by Iran",
        # "forces loyal to X"
        for child in head.rights:
            if child.dep_ in ("cc", "conj", "punct", "appos", "relcl"):
                break
            if (
                child.dep_ == "prep"
                and child.lower_ == "of"
                and cname in ("government", "regime", "military")
                and owner is None
            ):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.ent_type_ == "GPE":
                    c = inside.get(obj.i)
                    owner = self._owner_key(c) if c else self._key_for_text(obj.text)
                    owner_text = obj.text
                    end = max(end, obj.i + 1)
            elif child.dep_ == "prep" and child.lower_ in cat.postmod:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.ent_type_ in ("GPE", "LOC", "FAC"):
                    end = max(end, obj.i + 1)
        if (
            backer is None
            and head.i + 2 < len(doc)
            and (doc[head.i + 1].lower_, doc[head.i + 2].lower_) in _RIGHT_BACKING
        ):
            j = head.i + 3
            while j < min(len(doc), head.i + 9) and j not in inside and not doc[j].is_punct:
                j += 1
            c = inside.get(j)
            if c is not None and c.type in _NAMED_TYPES:
                backer, backer_text = self._owner_key(c), doc[c.start : c.end].text
                backer_word = doc[head.i + 1].lower_
                end = max(end, c.end)

        if head.dep_ == "compound" and not cat.compound and backer is None:
            return None
        if owner is not None and backer is None and possessive and fold(head.text) in _CLIENT_HEADS:
            # "Iran's proxies", "Iran's militias": the possessor of proxies is their backer
            backer, backer_text, owner, owner_text, backer_word = owner, owner_text, None, None, "possessive"
        if cat.needs == "backer" and backer is None:
            return None
        if cat.needs == "owner_or_backer" and owner is None and backer is None:
            return None
        head_phrase = " ".join(t.text for t in doc[phrase_start : head.i + 1])
        # a bare "electricity ministry" can only join an owned one; a bare "police" may stand alone
        joinable_only = (cat.needs == "owner" and owner is None) or (
            owner is None and backer is None and not cat.bare_ok(head_phrase)
        )
        name = doc[left:end].text
        etype = cat.type
        anchor = self.kb.actors.get(owner or backer or "")
        if (cname == "military" and anchor is not None and anchor.type in ("ARMED_GROUP", "PERSON")) or (
            cname == "military" and backer is not None and owner is None
        ):
            etype = "ARMED_GROUP"
        alt = None
        if possessive and owner_text and cname not in ("regime", "capital"):
            # "Libya's internationally recognised government" is also "internationally recognised government"
            k = left
            while k < phrase_start and doc[k].text not in _POSSESSIVE:
                k += 1
            if k + 1 < end:
                alt = (doc[k + 1].idx, doc[end - 1].idx + len(doc[end - 1].text))
        nominal = Nominal(cname, fold(head_phrase), owner, owner_text, backer, backer_text, backer_word)
        cand = Candidate(
            left,
            end,
            name,
            etype,
            "nominal",
            confidence=0.55,
            nominal=nominal,
            latent=cat.latent,
            joinable_only=joinable_only,
        )
        if alt is not None:
            cand.extra_forms.append(alt)
        return cand

    def _owner_key(self, c: Candidate | None) -> str | None:
        if c is None:
            return None
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
