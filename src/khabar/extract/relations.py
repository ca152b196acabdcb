"""Relations between actors, each stated by a sentence of the article.

Patterns (cue words are data, ``data/relations.yaml``):

- role nouns: "Hezbollah leader Hassan Nasrallah", "Hassan Nasrallah, the leader of Hezbollah",
  "the commander of the Quds Force, Esmail Qaani", "its leader Nasrallah", "Pentagon spokesman
  John Kirby" -> LEADS / MEMBER_OF (the KB may pick between the two when it knows the tie);
- "Y led by X", "X led Y" -> LEADS (an organisation leading a consortium is its MEMBER_OF);
- "Iran-backed militias", "militias backed by Iran", "Iran supports X", "Iranian proxies", "X remain
  Iranian clients", "armed with Russian backing" -> BACKED_BY; "Hamas-affiliated Shehab" -> MEMBER_OF;
- "a faction of Y", "the political wing of Y", "Y's media centre" -> MEMBER_OF;
- "its ally Y", "in partnership with Y", "alongside Y", "a coalition with Y", "ties to Y" -> ALLIED_WITH;
- "X's rival, Y", "the X-Y conflict", "fighting between X and Y", "pitted X against Y", and an
  attack by X on Y -> RIVAL_OF.
Lists distribute: "Harakat al-Nujaba, Kataib Sayyid al-Shuhada and other groups are Iranian proxies"
gives two relations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pydantic import Field
from spacy.tokens import Doc, Span, Token

from khabar.extract.lexicon import DATA, _Strict, load_yaml_model, noun_in, syntax_cues
from khabar.extract.state import Cluster, DocState
from khabar.kb import KnowledgeBase
from khabar.model import Relation
from khabar.normalize import fold

_ACTOR_TYPES = {"PERSON", "ARMED_GROUP", "POLITICAL_PARTY", "STATE", "GOV_BODY", "MEDIA", "OTHER_ORG"}
_GROUP_TYPES = {"ARMED_GROUP", "POLITICAL_PARTY", "STATE", "GOV_BODY", "MEDIA", "OTHER_ORG"}
_PARTY_TYPES = {"ARMED_GROUP", "POLITICAL_PARTY"}
_GROUP_NOUNS = syntax_cues().events.group_nouns  # "group", "militia", "movement": the group named last
_PROXY_NOUNS = syntax_cues().events.proxy_nouns  # "fighters", "representatives": people acting for a group
_HYPHEN = {"-", "‐", "‑"}


class _Roles(_Strict):
    leads: list[str]
    member: list[str]


class _Backing(_Strict):
    adjectives: list[str]
    member_adjectives: list[str]
    verbs: list[str]
    nouns: list[str]
    client_nouns: list[str]
    receive_verbs: list[str] = Field(default_factory=list)
    received: list[str] = Field(default_factory=list)


class _Words(_Strict):
    nouns: list[str] = Field(default_factory=list)
    verbs: list[str] = Field(default_factory=list)
    preps: list[str] = Field(default_factory=list)
    phrasal: list[str] = Field(default_factory=list)
    broken_by: list[str] = Field(default_factory=list)


class RelationCues(_Strict):
    composition: list[str] = Field(default_factory=list)
    leading_verbs: list[str] = Field(default_factory=lambda: ["lead"])
    joining_verbs: list[str] = Field(default_factory=list)
    roles: _Roles
    lesser: list[str]
    backing: _Backing
    part_nouns: list[str]
    alliance: _Words
    rivalry: _Words


@cache
def relation_cues() -> RelationCues:
    return load_yaml_model(DATA / "relations.yaml", RelationCues)


@dataclass
class _Found:
    subject: str
    predicate: str
    object: str
    sent: Span
    confidence: float


class RelationFinder:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        cues = relation_cues()
        self.cues = cues
        self.lead_roles = {fold(w) for w in cues.roles.leads}
        self.member_roles = {fold(w) for w in cues.roles.member}
        self.lesser = set(cues.lesser)

    # -- entry ------------------------------------------------------------------------------
    def find(self, doc: Doc, st: DocState) -> list[Relation]:
        self.doc, self.st = doc, st
        self.clusters = {c.id: c for c in st.clusters}
        found: list[_Found] = []
        for sent in doc.sents:
            if st.block_of(sent.start).kind in ("title", "heading", "boilerplate"):
                continue
            for fn in (
                self._composition,
                self._roles,
                self._led_by,
                self._backing,
                self._parts,
                self._alliance,
                self._rivalry,
                self._possessives,
            ):
                found.extend(fn(sent))
        found.extend(self._nominal_ties())
        return self._emit(found)

    # -- helpers -------------------------------------------------------------------------------
    def cl(self, tok: Token | int | None) -> Cluster | None:
        if tok is None:
            return None
        i = tok if isinstance(tok, int) else tok.i
        cid = self.st.token_cluster.get(i)
        return self.clusters.get(cid) if cid else None

    def actor(self, tok: Token | None, types: set[str] = _ACTOR_TYPES) -> Cluster | None:
        c = self.cl(tok)
        return c if c is not None and c.type in types else None

    def np_actors(self, tok: Token, types: set[str] = _ACTOR_TYPES) -> list[Cluster]:
        """Actors a noun phrase names: its head's entity, else the entities of its conjuncts;
        "its"/"their" resolve to the nearest group named before."""
        out: list[Cluster] = []
        for t in _conjuncts(tok):
            c = self.actor(t, types)
            if c is None and t.lower_ in ("its", "their", "it"):
                c = self._antecedent(t, types & _GROUP_TYPES)
            elif c is None and t.lower_ in ("he", "she", "his", "her") and "PERSON" in types:
                c = self._antecedent(t, {"PERSON"})
            if c is None:
                for child in t.children:
                    if child.dep_ in ("appos",) and self.actor(child, types):
                        c = self.actor(child, types)
                        break
            if c is None and noun_in(t, _PROXY_NOUNS):
                # "fighters of the brigade", "representatives of the army": who they act for
                of = next((ch for ch in t.children if ch.dep_ == "prep" and ch.lower_ == "of"), None)
                objs = [p for p in of.children if p.dep_ == "pobj"] if of is not None else []
                c = next((x for p in objs for x in self.np_actors(p, types)), None)
            if c is not None and c not in out:
                out.append(c)
        return out

    def _antecedent(self, tok: Token, types: set[str]) -> Cluster | None:
        """The group "its"/"their" refers to: the nearest named before, skipping a name that only
        modifies ("the X-backed ouster of its president") or is the agent of a passive ("overseen by the
        government, with X its chairman": the sentence's subject)."""
        sent = tok.sent
        for i in range(tok.i - 1, sent.start - 1, -1):
            c = self.cl(i)
            if c is None or c.type not in types:
                continue
            end = i + 1
            while end < len(self.doc) and self.cl(end) is c:
                end += 1
            if end < len(self.doc) and self.doc[end].text in _HYPHEN:
                continue
            head = self.doc[i]
            while head.dep_ in ("compound", "amod", "det") and head.head.i != head.i:
                head = head.head
            if head.dep_ == "pobj" and head.head.dep_ == "agent" and head.sent.start <= tok.i < head.sent.end:
                subj = next(
                    (t for t in head.sent if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None
                )
                found = self.actor(subj, types) if subj is not None else None
                if found is not None:
                    return found
            return c
        # "... Its leader, X": the subject of the sentence before
        if sent.start == 0:
            return None
        prev = self.doc[sent.start - 1].sent
        subj = next((t for t in prev if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None)
        return self.actor(subj, types) if subj is not None else None

    def _person_for_role(self, role: Token) -> list[Cluster]:
        """The person a role noun names: "leader X" (compound), "X, the leader" (appos), "the
        leader, X" (appos of the role), "X is the leader" (attr)."""
        people: list[Cluster] = []
        if role.dep_ in ("compound", "nmod", "amod") or (role.dep_ == "appos" and role.head.i < role.i):
            named = role.head
            if role.dep_ == "appos":
                # "X and Y, the deputy head of Z": the parser hangs the apposition on X; it describes Y
                later = [c for c in named.children if c.dep_ == "conj" and c.i < role.i]
                named = later[-1] if later else named
            c = self.actor(named, {"PERSON"})
            if c is not None:
                people.append(c)
        for child in role.children:
            if child.dep_ == "appos":
                people.extend(x for x in self.np_actors(child, {"PERSON"}) if x not in people)
        if not people and role.dep_ == "attr":
            subj = next((c for c in role.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                people.extend(self.np_actors(subj, {"PERSON"}))
        if not people:  # "the commander of the Quds Force, Esmail Qaani"
            for t in role.subtree:
                if t.dep_ == "appos" and t.i > role.i:
                    people.extend(x for x in self.np_actors(t, {"PERSON"}) if x not in people)
        if not people:
            end = role.right_edge.i + 1
            if end + 1 < len(self.doc) and self.doc[end].text == ",":
                c = self.actor(self.doc[end + 1], {"PERSON"})
                if c is not None:
                    people.append(c)
        if not people and role.i + 1 < len(self.doc):
            c = self.actor(self.doc[role.i + 1], {"PERSON"})
            nxt = self.doc[role.i + 1]
            if c is not None and nxt.dep_ in ("compound", "appos", "nsubj", "pobj", "dobj", "conj", "ROOT"):
                people.append(c)
        return people

    def _group_for_role(self, role: Token, people: list[Cluster]) -> list[Cluster]:
        groups: list[Cluster] = []
        # "of Y" / "for Y"
        for child in role.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "in"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and child.lower_ != "in":
                    groups.extend(self.np_actors(pobj, _GROUP_TYPES))
            elif child.dep_ == "poss":
                groups.extend(self.np_actors(child, _GROUP_TYPES))
        if groups:
            return groups
        # "Somali police spokesman X", "Hezbollah leader Y": a body or group named right before the role
        before = self._group_before(role, people)
        if before is not None and before.type != "STATE":
            return [before]
        # "Iraqi Prime Minister X": the state's government named in the article, else the state
        for t in self.doc[max(role.sent.start, role.i - 3) : role.i]:
            state = self.kb.state_for_demonym(t.text) if t.text[:1].isupper() else None
            if state is not None:
                gov = next(
                    (
                        c
                        for c in self.st.clusters
                        if c.type == "GOV_BODY"
                        and any(
                            m.nominal and m.nominal.category == "government" and m.nominal.owner == state.id
                            for m in c.mentions
                        )
                    ),
                    None,
                )
                st_cl = next((c for c in self.st.clusters if c.kb_id == state.id), None)
                found = gov or st_cl
                if found is not None and found not in people:
                    return [found]
        return [before] if before is not None else []

    def _last_group(self, before: int, types: set[str] = _PARTY_TYPES) -> Cluster | None:
        """The last group of these types named before token ``before`` (within 60 tokens)."""
        for i in range(before - 1, max(-1, before - 60), -1):
            c = self.cl(i)
            if c is not None and c.type in types:
                return c
        return None

    def _group_before(self, role: Token, people: list[Cluster]) -> Cluster | None:
        """The name right before a role word, past modifiers, punctuation and a bracketed acronym
        ("Hezbollah leader", "Pentagon spokesman", "Hamas (the movement) chief")."""
        i = role.i - 1
        floor = role.sent.start
        around = self.cl(role.i)  # a mention the role word is part of is not the role's group
        while i >= floor and i >= role.i - 10:
            tok = self.doc[i]
            c = self.cl(i)
            if c is not None and c not in people and c is not around and c.type in _GROUP_TYPES:
                return c
            if c is None and tok.text.islower() and tok.lemma_.lower() in _GROUP_NOUNS and i == role.i - 1:
                # "brigade spokesman X", "group commander Y": the group named last
                return self._last_group(tok.i)
            if tok.is_punct or tok.dep_ in ("compound", "amod", "nmod", "poss", "case", "appos"):
                if tok.text in (",", ";") or tok.dep_ in ("det",):
                    break
                i -= 1
                continue
            break
        return None

    # -- patterns ---------------------------------------------------------------------------------
    def _roles(self, sent: Span) -> list[_Found]:
        out = []
        for tok in sent:
            word = fold(tok.text)
            two = fold(f"{self.doc[tok.i - 1].text} {tok.text}") if tok.i > sent.start else ""
            is_lead = word in self.lead_roles or two in self.lead_roles
            is_member = word in self.member_roles or two in self.member_roles
            if not (is_lead or is_member) or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            lesser = any(fold(c.text) in self.lesser for c in tok.children if c.dep_ in ("amod", "compound"))
            people = self._person_for_role(tok)
            if not people:
                continue
            groups = self._group_for_role(tok, people)
            for p in people:
                for g in groups:
                    if g is p:
                        continue
                    pred = "LEADS" if is_lead and not lesser else "MEMBER_OF"
                    pred = self._kb_predicate(p, g, pred)
                    out.append(_Found(p.id, pred, g.id, sent, 0.8 if pred == "LEADS" else 0.75))
        return out

    def _composition(self, sent: Span) -> list[_Found]:
        """ "The Three Brotherhood Alliance, made up of the MNDAA, the TNLA and the Arakan Army": members."""
        out = []
        low = [t.lower_ for t in sent]
        for phrase in self.cues.composition:
            words = phrase.split()
            n = len(words)
            for k in range(len(low) - n + 1):
                if low[k : k + n] != words:
                    continue
                start = sent.start + k
                whole = None
                for i in range(start - 1, max(sent.start - 1, start - 5), -1):  # the group before: "X, made up of"
                    c = self.cl(i)
                    if c is not None and c.type in _GROUP_TYPES - {"STATE"}:
                        whole = c
                        break
                if whole is None or whole.type not in ("ARMED_GROUP", "POLITICAL_PARTY", "OTHER_ORG"):
                    continue
                members: list[Cluster] = []
                for i in range(start + n, sent.end):  # the list runs to the clause's verb
                    tok = self.doc[i]
                    if tok.text in (".", ";") or (tok.pos_ == "VERB" and tok.dep_ != "amod"):
                        break
                    c = self.cl(i)
                    if c is not None and c is not whole and c not in members and c.type in _GROUP_TYPES - {"STATE"}:
                        members.append(c)
                out.extend(_Found(m.id, "MEMBER_OF", whole.id, sent, 0.75) for m in members)
        return out

    def _kb_predicate(self, person: Cluster, group: Cluster, default: str) -> str:
        if person.kb_id and group.kb_id:
            preds = {a.predicate for a in self.kb.affiliations_between(person.kb_id, group.kb_id)}
            if default in preds:
                return default
            if preds & {"LEADS", "MEMBER_OF"}:
                return sorted(preds & {"LEADS", "MEMBER_OF"})[0]
        return default

    def _led_by(self, sent: Span) -> list[_Found]:
        out = []
        for tok in sent:
            if tok.lemma_.lower() not in self.cues.leading_verbs:
                continue
            if tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod", "relcl", "advcl"):
                agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                if pobj is None:
                    continue
                head_cl = self.actor(tok.head, _GROUP_TYPES - {"STATE"})
                if head_cl is None and tok.head.dep_ == "appos":
                    head_cl = self.actor(tok.head.head, _GROUP_TYPES - {"STATE"})
                groups = [head_cl] if head_cl is not None else []
                first = self.actor(pobj)
                leaders = [first] if first is not None else []
                if first is not None:  # "led by X and Y": conjuncts of the same kind
                    kind = {"PERSON"} if first.type == "PERSON" else _GROUP_TYPES
                    leaders += [c for c in self.np_actors(pobj, kind) if c not in leaders]
                for leader in leaders:
                    for g in groups:
                        if leader is g:
                            continue
                        pred = "LEADS" if leader.type == "PERSON" else "MEMBER_OF"
                        out.append(_Found(leader.id, pred, g.id, sent, 0.8))
            elif tok.pos_ == "VERB" and tok.tag_ != "VBN":
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                if subj is None or obj is None or _negated(tok):
                    continue
                leaders = self.np_actors(subj, {"PERSON"})
                if not leaders and subj.lower_ in ("who", "that") and tok.dep_ == "relcl":
                    leaders = self.np_actors(tok.head, {"PERSON"})  # "X, who leads Y"
                # "X, in partnership with Y, led Z": Y leads too
                for prep in subj.children:
                    if prep.dep_ == "prep" and prep.lower_ == "in":
                        for pobj in prep.children:
                            for p2 in pobj.children:
                                if p2.dep_ == "prep" and p2.lower_ == "with":
                                    for o in p2.children:
                                        leaders.extend(self.np_actors(o, {"PERSON"}))
                for g in self.np_actors(obj, _GROUP_TYPES - {"STATE"}):
                    for leader in leaders:
                        out.append(_Found(leader.id, "LEADS", g.id, sent, 0.7))
        return out

    def _backing(self, sent: Span) -> list[_Found]:
        cues = self.cues.backing
        out = []
        for tok in sent:
            low = tok.lower_
            # "Iran-backed X", "ISIS-affiliated X"
            if low in cues.adjectives + cues.member_adjectives and tok.i >= 2 and self.doc[tok.i - 1].text in _HYPHEN:
                backer = self.actor(self.doc[tok.i - 2], _GROUP_TYPES | {"PERSON"}) or self._demonym_state(
                    self.doc[tok.i - 2]
                )
                head = tok.head
                while head.dep_ in ("amod", "compound") and head.head.i != head.i:
                    head = head.head
                clients = self.np_actors(head, _GROUP_TYPES - {"STATE"} | {"PERSON"})
                if not clients:
                    clients = [c for c in [self._antecedent_for(head, before=tok.i - 2)] if c is not None]
                pred = "MEMBER_OF" if low in cues.member_adjectives else "BACKED_BY"
                for c in clients:
                    if backer is not None and c is not backer:
                        out.append(_Found(c.id, pred, backer.id, sent, 0.8))
            # "militias backed by Iran", "a cell supported by the IRGC"
            elif (
                tok.tag_ == "VBN"
                and tok.lemma_.lower() in [*cues.verbs, "back", "align"]
                and tok.dep_ in ("acl", "amod", "relcl")
            ):
                agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                if pobj is None:
                    continue
                prev = self.doc[tok.i - 1] if tok.i > 0 else tok.head
                client_tok = prev if prev.pos_ in ("NOUN", "PROPN") and self.cl(prev) else tok.head
                for c in [x for x in [self.actor(client_tok, _GROUP_TYPES - {"STATE"} | {"PERSON"})] if x]:
                    for b in self.np_actors(pobj, _GROUP_TYPES):
                        if b is not c:
                            out.append(_Found(c.id, "BACKED_BY", b.id, sent, 0.8))
            # "Iran supports X", "Tehran arms the group"
            elif (
                tok.pos_ == "VERB"
                and tok.lemma_.lower() in cues.verbs
                and (tok.tag_ != "VBN" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children))
            ):
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                if subj is None or obj is None or _negated(tok):
                    continue
                for b in self.np_actors(subj, _GROUP_TYPES):
                    for c in self.np_actors(obj, _GROUP_TYPES - {"STATE"} | {"PERSON"}):
                        if b is not c:
                            out.append(_Found(c.id, "BACKED_BY", b.id, sent, 0.7))
            # "X receives weapons from Iran", "the group gets funding from Y"
            elif tok.pos_ == "VERB" and tok.lemma_.lower() in cues.receive_verbs and not _negated(tok):
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                frm = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"), None)
                if subj is None or obj is None or frm is None or obj.lemma_.lower() not in cues.received:
                    continue
                for b in [x for p in frm.children if p.dep_ == "pobj" for x in self.np_actors(p, _GROUP_TYPES)]:
                    for c in self.np_actors(subj, _GROUP_TYPES - {"STATE"} | {"PERSON"}):
                        if b is not c:
                            out.append(_Found(c.id, "BACKED_BY", b.id, sent, 0.7))
            # "X remain Iranian clients", "X are Iran's proxies"
            elif tok.dep_ == "attr" and tok.lemma_.lower() in cues.client_nouns:
                patron = self._owner_of(tok)
                subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if patron is None or subj is None:
                    continue
                pred = "ALLIED_WITH" if tok.lemma_.lower() in ("ally", "allies") else "BACKED_BY"
                for c in self.np_actors(subj):
                    if c is not patron:
                        out.append(_Found(c.id, pred, patron.id, sent, 0.7))
            # "Moscow's support for the junta", "Iranian support for the militias"
            elif tok.lemma_.lower() in cues.nouns and any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
                patron = self._owner_of(tok)
                prep = next(c for c in tok.children if c.dep_ == "prep" and c.lower_ == "for")
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                clients = self.np_actors(pobj) if pobj is not None else []
                if not clients and pobj is not None:
                    clients = [c for c in [self._owner_of(pobj)] if c is not None]
                for c in clients:
                    if patron is not None and c is not patron:
                        out.append(_Found(c.id, "BACKED_BY", patron.id, sent, 0.65))
            # "armed with Russian backing", "with the backing of Tehran"
            elif tok.lemma_.lower() in cues.nouns and tok.dep_ == "pobj" and tok.head.lower_ == "with":
                patron = self._owner_of(tok)
                if patron is None:
                    continue
                clients = []
                for anc in tok.head.ancestors:
                    subj = next((c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    if subj is not None:
                        clients = self.np_actors(subj)
                        break
                for c in clients:
                    if c is not patron and c.type != "STATE":
                        out.append(_Found(c.id, "BACKED_BY", patron.id, sent, 0.6))
        return out

    def _antecedent_for(self, head: Token, before: int) -> Cluster | None:
        """ "the al-Qaeda-linked group": a generic group noun refers to the last group named before."""
        if head.lemma_.lower() in ("group", "militia", "faction", "movement", "organisation", "organization"):
            return self._last_group(max(0, before), _PARTY_TYPES | {"OTHER_ORG"})
        return None

    def _demonym_state(self, tok: Token) -> Cluster | None:
        state = self.kb.state_for_demonym(tok.text) if tok.text[:1].isupper() else None
        if state is None:
            return None
        return next((c for c in self.st.clusters if c.kb_id == state.id), None)

    def _owner_of(self, noun: Token) -> Cluster | None:
        """Iranian support / Iran's support / the support of Iran."""
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "nmod"):
                c = self._demonym_state(child) or self.actor(child, _GROUP_TYPES)
                if c is not None:
                    return c
            if child.dep_ == "poss":
                found = self.np_actors(child, _GROUP_TYPES)
                if found:
                    return found[0]
            if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    found = self.np_actors(pobj, _GROUP_TYPES)
                    if found:
                        return found[0]
        return None

    def _parts(self, sent: Span) -> list[_Found]:
        """ "X is a faction of Y", "X, the political wing of Y"."""
        out = []
        parts = set(self.cues.part_nouns)
        for tok in sent:
            if tok.lemma_.lower() not in parts or tok.pos_ != "NOUN":
                continue
            prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
            if pobj is None:
                continue
            wholes = self.np_actors(pobj, _GROUP_TYPES)
            members: list[Cluster] = []
            if tok.dep_ == "attr":
                subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None:
                    members = self.np_actors(subj, _GROUP_TYPES - {"STATE"})
            elif tok.dep_ == "appos":
                members = self.np_actors(tok.head, _GROUP_TYPES - {"STATE"})
            for m in members:
                for w in wholes:
                    if m is not w:
                        out.append(_Found(m.id, "MEMBER_OF", w.id, sent, 0.75))
        out.extend(self._joined(sent))
        return out

    def _joined(self, sent: Span) -> list[_Found]:
        """ "X joined the coalition": X becomes a member (not "joined Y in condemning", "joined the fighting")."""
        out = []
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in self.cues.joining_verbs or _negated(tok):
                continue
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            doing = any(  # "joined Y in condemning the attack"
                c.dep_ == "prep" and c.lower_ == "in" and any(g.dep_ == "pcomp" or g.tag_ == "VBG" for g in c.children)
                for c in tok.children
            )
            if obj is None or subj is None or doing:
                continue
            for m in self.np_actors(subj, _GROUP_TYPES | {"PERSON"}):
                for w in self.np_actors(obj, {"ARMED_GROUP", "POLITICAL_PARTY", "OTHER_ORG"}):
                    if m is not w:
                        out.append(_Found(m.id, "MEMBER_OF", w.id, sent, 0.7))
        return out

    def _alliance(self, sent: Span) -> list[_Found]:
        cues = self.cues.alliance
        out = []
        for tok in sent:
            lemma = tok.lemma_.lower()
            pairs: list[tuple[list[Cluster], list[Cluster]]] = []
            if lemma in ("ally", "allies", "partner", "partners") and tok.pos_ == "NOUN":
                # "its ally Y", "X's ally, Y", "Y, an ally of X"
                owner = next((c for c in tok.children if c.dep_ == "poss"), None)
                of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                a = self.np_actors(owner) if owner is not None else []
                if of is not None:
                    a += [x for p in of.children if p.dep_ == "pobj" for x in self.np_actors(p)]
                b = self._person_for_role(tok) if tok.dep_ != "appos" else self.np_actors(tok.head)
                if not b and tok.i + 1 < len(self.doc):
                    b = [x for x in [self.actor(self.doc[tok.i + 1])] if x is not None]
                    b += [x for x in [self.actor(tok.head)] if x is not None and tok.dep_ == "compound"]
                pairs.append((a, b))
            elif (
                {lemma, tok.lower_} & {"partnership", "coalition", "alliance", "ties", "tie", "relations"}
                and tok.pos_ == "NOUN"
                and tok.head.lemma_.lower() not in cues.broken_by  # "cut ties with"
            ):
                with_ = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "to")]
                if tok.dep_ == "pobj" and tok.head.lower_ == "in" and lemma == "partnership" and with_:
                    # "X, in partnership with Y, ..."
                    subj_holder = tok.head.head
                    a = self.np_actors(subj_holder) or self._clause_subject(subj_holder)
                else:
                    a = self._clause_subject(tok)
                b = [x for w in with_ for p in w.children if p.dep_ == "pobj" for x in self.np_actors(p)]
                pairs.append((a, b))
            elif tok.lower_ in cues.preps:
                b = [x for p in tok.children if p.dep_ == "pobj" for x in self.np_actors(p)]
                pairs.append((self._clause_subject(tok), b))
                pairs.extend(([b[k]], b[k + 1 :]) for k in range(len(b) - 1))  # "alongside X and Y"
            elif (
                tok.pos_ in ("VERB", "ADJ")
                and lemma in ("ally", "align", "partner", "side", "cooperate")
                and any(c.dep_ == "prep" and c.lower_ in ("with", "to") for c in tok.children)
            ):
                w = next(c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "to"))
                b = [x for p in w.children if p.dep_ == "pobj" for x in self.np_actors(p)]
                a = self._clause_subject(tok)
                if tok.dep_ in ("acl", "amod", "relcl") and not a:
                    a = self.np_actors(tok.head)
                pairs.append((a, b))
            for a, b in pairs:
                for x in a:
                    for y in b:
                        if x is not y and x.type != "LOCATION" and y.type != "LOCATION":
                            out.append(_Found(x.id, "ALLIED_WITH", y.id, sent, 0.65))
        return out

    def _clause_subject(self, tok: Token) -> list[Cluster]:
        v = tok
        for _ in range(6):
            subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return self.np_actors(subj)
            if v.head.i == v.i:
                break
            v = v.head
        return []

    def _rivalry(self, sent: Span) -> list[_Found]:
        out = []
        for tok in sent:
            lemma = tok.lemma_.lower()
            pairs: list[tuple[list[Cluster], list[Cluster]]] = []
            if lemma in ("rival", "enemy", "foe", "opponent", "adversary", "nemesis") and tok.pos_ == "NOUN":
                owner = next((c for c in tok.children if c.dep_ == "poss"), None)
                of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                a = self.np_actors(owner) if owner is not None else []
                if of is not None:
                    a += [x for p in of.children if p.dep_ == "pobj" for x in self.np_actors(p)]
                b = self._person_for_role(tok) or [
                    x for c in tok.children if c.dep_ == "appos" for x in self.np_actors(c)
                ]
                if tok.dep_ == "appos":
                    b += self.np_actors(tok.head)
                if tok.dep_ == "attr" and not _negated(tok.head):
                    # "X is an enemy of Y", "X and Y are rivals"
                    subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                    sides = self.np_actors(subj) if subj is not None else []
                    b += [x for x in sides if x not in b]
                    if not a and len(sides) >= 2:
                        a, b = [sides[0]], sides[1:]
                pairs.append((a, b))
            elif lemma in (
                "conflict",
                "war",
                "struggle",
                "feud",
                "rivalry",
                "clash",
                "fighting",
                "confrontation",
                "battle",
                "hostility",
                "fight",
                "skirmish",
            ) and tok.pos_ in ("NOUN", "VERB"):
                # "the Fatah-Hamas conflict": two names joined by a hyphen right before the noun
                j = tok.i - 1
                while j > sent.start and self.doc[j].dep_ in ("amod", "compound") and self.cl(j) is None:
                    j -= 1
                right = self.cl(j)
                if right is not None:
                    k = j
                    while k > sent.start and self.cl(k - 1) is right:
                        k -= 1
                    left = self.cl(k - 2) if k >= 2 and self.doc[k - 1].text in _HYPHEN else None
                    if left is not None and left is not right and {left.type, right.type} <= _GROUP_TYPES | {"PERSON"}:
                        pairs.append(([left], [right]))
                # "X has been at war with Y", "X clashed with Y", "X fought Y", "fighting against Y"
                pairs.extend(self._opposed(tok))
                # "between X and Y"
                between = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "between"), None)
                if between is not None:
                    sides = [x for p in between.children if p.dep_ == "pobj" for x in self.np_actors(p)]
                    if len(sides) >= 2:
                        pairs.append(([sides[0]], sides[1:]))
            elif lemma == "pit" and tok.pos_ == "VERB":
                obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                against = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "against"), None)
                if obj is not None and against is not None:
                    b = [x for p in against.children if p.dep_ == "pobj" for x in self.np_actors(p)]
                    pairs.append((self.np_actors(obj), b))
            elif lemma == "fall" and any(c.lower_ == "out" for c in tok.children):
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                sides = self.np_actors(subj) if subj is not None else []
                with_ = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"), None)
                if with_ is not None:
                    pairs.append((sides, [x for p in with_.children if p.dep_ == "pobj" for x in self.np_actors(p)]))
                elif len(sides) >= 2:
                    pairs.append(([sides[0]], sides[1:]))
            for a, b in pairs:
                for x in a:
                    for y in b:
                        if x is not y and x.type != "LOCATION" and y.type != "LOCATION":
                            out.append(_Found(x.id, "RIVAL_OF", y.id, sent, 0.65))
        return out

    def _opposed(self, tok: Token) -> list[tuple[list[Cluster], list[Cluster]]]:
        """The clause's subject against the object of "with"/"against" (or the direct object of a
        fighting verb), on the conflict word or, for "at war with", on the verb it hangs from."""
        holders = [tok]
        if tok.dep_ == "pobj" and tok.head.lower_ in ("at", "in") and tok.head.head.pos_ in ("VERB", "AUX"):
            holders.append(tok.head.head)
        if any(_negated(h) for h in holders):
            return []
        others: list[Cluster] = []
        for h in holders:
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ in ("with", "against"):
                    others += [x for p in c.children if p.dep_ == "pobj" for x in self.np_actors(p)]
                elif c.dep_ == "dobj" and tok.pos_ == "VERB" and tok.lemma_.lower() in ("fight", "battle"):
                    others += self.np_actors(c)
        if not others:
            return []
        if tok.pos_ == "VERB":
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            sides = self.np_actors(subj) if subj is not None else []
        else:
            sides = self._clause_subject(tok)
        return [(sides, others)] if sides else []

    def _nominal_ties(self) -> list[_Found]:
        """Descriptive mentions carry ties of their own: "Iran-backed militias" (BACKED_BY), "forces
        allied to X" (ALLIED_WITH), "the LNA's media centre" (MEMBER_OF)."""
        out = []
        sent_of = {}
        for s in self.doc.sents:
            for t in range(s.start, s.end):
                sent_of[t] = s
        for cl in self.st.clusters:
            for m in cl.mentions:
                n = m.nominal
                if n is None or m.block in ("title", "heading"):
                    continue
                sent = sent_of.get(m.start)
                if sent is None:
                    continue
                if n.backer:
                    backer = self._cluster_for_key(n.backer, m)
                    led = (
                        cl.kb_id
                        and backer is not None
                        and backer.kb_id
                        and any(a.predicate == "LEADS" for a in self.kb.affiliations_between(backer.kb_id, cl.kb_id))
                    )
                    if backer is not None and backer is not cl and not led:
                        pred = "ALLIED_WITH" if (n.backer_word or "") in ("allied", "loyal") else "BACKED_BY"
                        out.append(_Found(cl.id, pred, backer.id, sent, 0.8))
                if n.owner and n.category in ("institution", "media_office"):
                    owner = self._cluster_for_key(n.owner, m)
                    if owner is not None and owner is not cl and owner.type in _GROUP_TYPES - {"STATE"}:
                        out.append(_Found(cl.id, "MEMBER_OF", owner.id, sent, 0.7))
        return out

    def _possessives(self, sent: Span) -> list[_Found]:
        """ "Hemedti's Rapid Support Forces" (LEADS), "Syria's Republican Guard" (MEMBER_OF)."""
        out = []
        for tok in sent:
            if tok.dep_ != "poss" or tok.i + 1 >= len(self.doc) or self.doc[tok.i + 1].text not in ("'s", "’s"):
                continue
            owner = self.actor(tok)
            if owner is None:
                continue
            j = tok.i + 2
            while (
                j < sent.end
                and self.cl(j) is None
                and (
                    self.doc[j].pos_ in ("ADJ", "ADV", "VERB")
                    or self.doc[j].text in ("-", "‐")
                    or self.doc[j].dep_ == "npadvmod"
                )
                and j - tok.i < 6
            ):
                j += 1
            owned = self.cl(j) if j < sent.end else None
            if owned is None or owned is owner or owned.type not in _GROUP_TYPES - {"STATE"}:
                continue
            if owner.type == "PERSON" and owned.type in ("ARMED_GROUP", "POLITICAL_PARTY"):
                out.append(_Found(owner.id, self._kb_predicate(owner, owned, "LEADS"), owned.id, sent, 0.65))
            elif owner.type == "STATE" and owned.type == "GOV_BODY" and owned.kb_id:
                out.append(_Found(owned.id, "MEMBER_OF", owner.id, sent, 0.65))
        return out

    def _cluster_for_key(self, key: str, m) -> Cluster | None:
        for c in self.st.clusters:
            if c.kb_id == key:
                return c
        for i in range(m.start, m.end):
            c = self.cl(i)
            if c is not None and c.type != "LOCATION" and fold(c.name) == key:
                return c
        for c in self.st.clusters:
            if any(fold(x.name) == key for x in c.mentions):
                return c
        return None

    # -- output ----------------------------------------------------------------------------------
    def _evidence_start(self, sent: Span, parties: list[Cluster]) -> Span:
        """The sentence the evidence starts at: the stating sentence, or the one before it in the same
        paragraph when a party is named only there ("The front ... . Its leader, X, ...")."""
        if sent.start == 0 or self.st.token_block[sent.start - 1] != self.st.token_block[sent.start]:
            return sent
        named_in = lambda c, sp: any(sp.start <= m.start < sp.end for m in c.mentions)  # noqa: E731
        if all(named_in(c, sent) for c in parties):
            return sent
        prev = self.doc[sent.start - 1].sent
        return prev if all(named_in(c, sent) or named_in(c, prev) for c in parties) else sent

    def _emit(self, found: list[_Found]) -> list[Relation]:
        seen: dict[tuple[str, str, str], Relation] = {}
        text = self.st.original
        for f in found:
            s, o = f.subject, f.object
            if s == o:
                continue
            if f.predicate in ("ALLIED_WITH", "RIVAL_OF") and s > o:
                s, o = o, s
            key = (s, f.predicate, o)
            if key in seen:
                continue
            sub, obj = self.clusters.get(f.subject), self.clusters.get(f.object)
            kb_ok = bool(
                sub
                and obj
                and sub.kb_id
                and obj.kb_id
                and any(a.predicate == f.predicate for a in self.kb.affiliations_between(sub.kb_id, obj.kb_id))
            )
            first = self._evidence_start(f.sent, [c for c in (sub, obj) if c is not None])
            start, end = first.start_char, f.sent.end_char
            seen[key] = Relation(
                subject=f.subject,
                predicate=f.predicate,
                object=f.object,
                evidence=text[start:end].strip(),
                start=start,
                end=end,
                sentence=self.st.sentence_of(first.start),
                confidence=round(min(0.95, f.confidence + (0.1 if kb_ok else 0.0)), 2),
                kb_supported=kb_ok,
            )
        for rel in seen.values():
            for cid in (rel.subject, rel.object):
                c = self.clusters.get(cid)
                if c is not None:
                    c.latent = False
        return list(seen.values())


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "conj" and c not in out:
                out.append(c)
                stack.append(c)
    return out


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)
