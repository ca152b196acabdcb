"""In-article resolution: one entity per real-world thing.

Mentions join when they share a knowledge-base id, when their names are spelling variants
(``normalize.similar``), when one is a bare surname or trailing part of a person named earlier,
when one is the acronym of the other, and descriptive mentions by the rules of their category
(``data/nominals.yaml``). Names seen only in a headline or section heading, and unknown to the
knowledge base, are dropped: headline case fools the model ("Rebels Storm Capital Overnight").
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from khabar.extract.lexicon import nominals
from khabar.extract.state import Candidate, Cluster, DocState
from khabar.kb import KnowledgeBase
from khabar.normalize import PARTICLES, acronym, fold, is_part_of, name_key, similar, similar_words, skeleton, word_keys

_ORG_TYPES = {"ARMED_GROUP", "POLITICAL_PARTY", "GOV_BODY", "MEDIA", "OTHER_ORG"}


def compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if a in _ORG_TYPES and b in _ORG_TYPES:
        return True
    return {a, b} == {"STATE", "LOCATION"}


class Resolver:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._names_cache: dict[str, set[str]] = {}

    def resolve(self, doc: Doc, st: DocState, named: list[Candidate], nominal: list[Candidate]) -> None:
        st.clusters = []
        by_kb: dict[str, Cluster] = {}

        def new(cand: Candidate) -> Cluster:
            cl = Cluster(id=st.new_cluster_id(), kb_id=cand.kb_id, type=cand.type)
            cl.add(cand)
            st.clusters.append(cl)
            if cand.kb_id:
                by_kb[cand.kb_id] = cl
            return cl

        # 0. a one-word KB place that is the surname of a person named in the article is that person
        surnames = {word_keys(c.name)[-1] for c in named if c.type == "PERSON" and len(word_keys(c.name)) >= 2}
        for c in named:
            if c.type == "LOCATION" and c.kb_id and len(word_keys(c.name)) == 1 and word_keys(c.name)[0] in surnames:
                c.kb_id, c.type, c.source = None, "PERSON", "surname"
        # 1. knowledge-base mentions: one cluster per id
        for c in named:
            if c.kb_id and c.link is None:
                (by_kb[c.kb_id].add(c) if c.kb_id in by_kb else new(c))
        # 2. other names, longest first so that surnames find their full names
        rest = [c for c in named if not (c.kb_id and c.link is None)]
        rest.sort(key=lambda c: (-len(c.name.split()), c.start))
        for c in rest:
            target = self._target(c, st.clusters, by_kb)
            (target.add(c) if target is not None else new(c))
        # 3. bare surnames and acronyms the model missed
        self._propagate(doc, st, by_kb)
        # 4. descriptive mentions
        self._nominals(doc, st, nominal, by_kb, new)
        # 5. finish: names, types, drop headline-only guesses
        kept = []
        for cl in st.clusters:
            if not cl.mentions:
                continue
            if not cl.kb_id and all(not m_trusted(m) for m in cl.mentions):
                continue
            cl.mentions.sort(key=lambda m: m.start)
            self._finish(doc, cl)
            kept.append(cl)
        for i, cl in enumerate(kept, 1):
            cl.id = f"e{i}"
        st.clusters = kept
        st.token_cluster = {}
        # nested mentions: the innermost wins ("Karim Vessar" inside "forces loyal to Karim Vessar")
        pairs = [(m, owner) for owner in kept for m in owner.mentions]
        for m, owner in sorted(pairs, key=lambda x: -(x[0].end - x[0].start)):
            for t in range(m.start, m.end):
                st.token_cluster[t] = owner.id

    # -- named mentions --------------------------------------------------------------------
    def _target(self, c: Candidate, clusters: list[Cluster], by_kb: dict[str, Cluster]) -> Cluster | None:
        if c.link is not None:
            for cl in clusters:
                if c.link in cl.mentions:
                    return cl
        if c.kb_id and c.kb_id in by_kb:
            return by_kb[c.kb_id]
        key = name_key(c.name)
        best: Cluster | None = None
        best_score = 0
        for cl in clusters:
            same_kind = compatible(cl.type, c.type)
            # the model's types are noisy: a name it mistyped still joins its own spelling
            if not same_kind and c.source not in ("ner", "surname"):
                continue
            names = {m.name for m in cl.mentions if m.source != "nominal"} | self._kb_names(cl)
            score = 0
            for n in names:
                if name_key(n) == key:
                    score = max(score, 3)
                elif similar(n, c.name):
                    score = max(score, 2)
                elif (
                    cl.type == "PERSON" and is_part_of(c.name, n) and (c.type == "PERSON" or len(c.name.split()) <= 2)
                ) or (same_kind and c.name.isupper() and len(c.name) >= 2 and acronym(n) == c.name.replace("-", "")):
                    score = max(score, 1)
            if score > best_score or (
                score == best_score and score and best is not None and _distance(cl, c) < _distance(best, c)
            ):
                best, best_score = cl, score
        return best if best_score else None

    def _kb_names(self, cl: Cluster) -> set[str]:
        if not cl.kb_id:
            return set()
        if cl.kb_id not in self._names_cache:
            entry = self.kb.get(cl.kb_id)
            self._names_cache[cl.kb_id] = set(entry.all_names()) if entry is not None else set()
        return self._names_cache[cl.kb_id]

    def _propagate(self, doc: Doc, st: DocState, by_kb: dict[str, Cluster]) -> None:
        """Bare surnames of the article's people ("Vessar says", "Al- Fictiwi explains")."""
        taken = {t for cl in st.clusters for m in cl.mentions for t in range(m.start, m.end)}
        surnames: dict[str, Cluster] = {}
        for cl in st.clusters:
            if cl.type != "PERSON":
                continue
            full = max((m.name for m in cl.mentions), key=lambda n: len(n.split()))
            names = [full, *self._kb_names(cl)]
            for n in names:
                ws = [w for w in fold(n).split() if w not in PARTICLES]
                if len(ws) >= 2 and len(ws[-1]) >= 3:
                    surnames.setdefault(skeleton(ws[-1]), cl)
        if not surnames:
            return
        for tok in doc:
            if (
                tok.i in taken
                or not tok.text[:1].isupper()
                or not tok.is_alpha
                or tok.pos_ not in ("PROPN", "NOUN", "VERB", "ADJ")
            ):
                continue
            if fold(tok.text) in PARTICLES:
                continue
            key = skeleton(fold(tok.text))
            cl = surnames.get(key) or next(
                (v for k, v in surnames.items() if len(k) >= 5 and similar_words(k, key)), None
            )
            if cl is None:
                continue
            # a following capitalised word means this is some other name ("Eid al-Fitr" is not a man named Eid)
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha and not nxt.is_sent_start:
                continue
            start = tok.i
            while (
                start > 0
                and (doc[start - 1].text in ("-", "‐") or fold(doc[start - 1].text) in PARTICLES)
                and doc[start - 1].i not in taken
            ):
                start -= 1
            if start < tok.i and doc[start].text in ("-", "‐"):
                start = tok.i
            prev = doc[start - 1] if start > 0 else None
            if (
                prev is not None
                and prev.text[:1].isupper()
                and prev.is_alpha
                and prev.i not in taken
                and not prev.is_sent_start
                and fold(prev.text) not in PARTICLES
            ):
                continue
            cand = Candidate(
                start, tok.i + 1, doc[start : tok.i + 1].text, "PERSON", "surname", kb_id=cl.kb_id, confidence=0.7
            )
            cand.block = st.block_of(start).kind
            cand.char_start, cand.char_end = doc[start].idx, tok.idx + len(tok.text)
            cl.add(cand)
            taken.update(range(start, tok.i + 1))

    # -- descriptive mentions --------------------------------------------------------------
    def _nominals(self, doc: Doc, st: DocState, nominal: list[Candidate], by_kb: dict[str, Cluster], new) -> None:
        cats = nominals().categories
        keyed: dict[tuple, Cluster] = {}
        owned: list[tuple[Candidate, Cluster]] = []
        bare: list[Candidate] = []
        named_at = {t: cl for cl in st.clusters for m in cl.mentions for t in range(m.start, m.end)}
        for c in sorted(nominal, key=lambda c: c.start):
            n = c.nominal
            assert n is not None
            join = cats[n.category].join
            described = self._described(doc, c, named_at)
            if described is not None:  # "Kataib Hezbollah, an Iran-backed militia, ...": the same actor
                described.add(c)
                continue
            if join == "owner_state":
                state = self.kb.actors.get(n.owner or "")
                if state is None or state.type != "STATE":
                    continue
                c.type, c.kb_id = "STATE", state.id
                (by_kb[state.id].add(c) if state.id in by_kb else new(c))
                continue
            if join == "owner_capital":
                city = self._capital_cluster(st, n.owner)
                if city is not None:
                    city.add(c)
                continue
            leader_group = self._led_group(n.owner or n.backer, by_kb)
            if leader_group is not None and n.category == "military":
                leader_group.add(c)
                continue
            own_group = by_kb.get(n.owner or "")
            if own_group is not None and own_group.type == "ARMED_GROUP" and n.category == "military":
                own_group.add(c)  # "the Houthi military", "Hezbollah's forces": the armed group itself
                continue
            equivalent = self._kb_equivalent(c, by_kb)
            if equivalent is not None:
                equivalent.add(c)
                owned.append((c, equivalent))  # a bare "the army" later may join it
                continue
            if n.owner is None and n.backer is None and join != "article":
                bare.append(c)
                continue
            key = self._key(c, join)
            if key in keyed:
                keyed[key].add(c)
            elif not c.joinable_only and m_trusted(c):  # a headline's phrase never founds an entity
                keyed[key] = new(c)
                owned.append((c, keyed[key]))
            else:
                bare.append(c)
        for c in bare:
            n = c.nominal
            join = cats[n.category].join
            last = n.head.split()[-1]
            same_cat = [(o, cl) for o, cl in owned if o.nominal.category == n.category]
            if join == "phrase":
                same_cat = [(o, cl) for o, cl in same_cat if o.nominal.head.split()[-1] == last]
            same_head = [(o, cl) for o, cl in same_cat if o.nominal.head.split()[-1] == last]
            pool = same_head or (same_cat if cats[n.category].bare_joins == "category" else [])
            pool_clusters = list({id(cl): cl for _, cl in pool}.values())
            if not pool_clusters and join == "category" and cats[n.category].bare_ok(n.head):
                # "the army" after a name ending in that head ("Sudanese army", matched in the KB)
                pool_clusters = self._named_with_head(st, c, last)
            if len(pool_clusters) == 1:
                pool_clusters[0].add(c)
            elif len(pool_clusters) > 1:
                before = [(o, cl) for o, cl in pool if o.start < c.start]
                (max(before, key=lambda x: x[0].start)[1] if before else pool_clusters[0]).add(c)
            elif not c.joinable_only:
                key = (n.category, n.head if join == "phrase" else None)
                if key in keyed:
                    keyed[key].add(c)
                else:
                    keyed[key] = new(c)
        # collectives: "Iraqi militias" and "Iran-backed militias" are one entity unless the article
        # names two different backers
        for cat, spec in cats.items():
            if spec.join != "article":
                continue
            backed = [cl for key, cl in keyed.items() if key[0] == cat and key[1] is not None]
            unbacked = keyed.get((cat, None))
            if unbacked is not None and len(backed) == 1:
                backed[0].mentions.extend(unbacked.mentions)
                unbacked.mentions.clear()
        for cl in st.clusters:
            if cl.mentions and all(m.latent for m in cl.mentions):
                cl.latent = True

    @staticmethod
    def _named_with_head(st: DocState, c: Candidate, last: str) -> list[Cluster]:
        """The one named actor of the bare mention's type with a mention ending in its head word."""
        found = [
            cl
            for cl in st.clusters
            if cl.type == c.type
            and any(m.nominal is None and m.name.lower().split()[-1:] == [last] for m in cl.mentions)
        ]
        return found if len(found) == 1 else []

    @staticmethod
    def _described(doc: Doc, c: Candidate, named_at: dict[int, Cluster]) -> Cluster | None:
        """The named actor a descriptive phrase stands in apposition to ("X, a Y-backed militia")."""
        span = doc[c.start : c.end]
        head = span.root
        target = None
        if head.dep_ == "appos" and head.head.i in named_at:
            target = named_at[head.head.i]
        elif c.start >= 3 and doc[c.start - 1].lower_ in ("a", "an", "the") and doc[c.start - 2].text == ",":
            target = named_at.get(c.start - 3)
        if target is None or target.type in ("LOCATION", "STATE"):
            return None
        if (target.type == "PERSON") != (c.type == "PERSON"):
            return None
        return target

    @staticmethod
    def _key(c: Candidate, join: str) -> tuple:
        n = c.nominal
        if join == "article":
            return (n.category, n.backer)
        if join == "phrase":
            return (n.category, n.head, n.owner, n.backer)
        return (n.category, n.owner, n.backer)

    def _capital_cluster(self, st: DocState, owner: str | None) -> Cluster | None:
        state = self.kb.actors.get(owner or "")
        if state is None or not state.capital:
            return None
        key = name_key(state.capital)
        for cl in st.clusters:
            if cl.type == "LOCATION" and any(name_key(m.name) == key for m in cl.mentions if m.source != "nominal"):
                return cl
        return None

    def _kb_equivalent(self, c: Candidate, by_kb: dict[str, Cluster]) -> Cluster | None:
        """ "US troops" is the KB's "United States Armed Forces" when the article names them so."""
        n = c.nominal
        if n.owner is None or n.category not in ("military", "police", "security", "government"):
            return None
        heads = set(nominals().categories[n.category].heads)
        for kb_id, cl in by_kb.items():
            actor = self.kb.actors.get(kb_id)
            if actor is None or actor.type != "GOV_BODY":
                continue
            for alias in actor.all_names():
                words = fold(alias).split()
                if len(words) < 2:
                    continue
                owner_word, rest = words[0], " ".join(words[1:])
                if rest not in heads:
                    continue
                state = self.kb.state_for_demonym(owner_word)
                owner_id = (
                    state.id
                    if state
                    else next((e.id for e in self.kb.lookup(owner_word) if getattr(e, "type", None) == "STATE"), None)
                )
                if owner_id == n.owner:
                    return cl
        return None

    def _led_group(self, person: str | None, by_kb: dict[str, Cluster]) -> Cluster | None:
        """The armed group the KB says this person leads, when the article mentions it."""
        groups = [by_kb[g] for g in self.kb.led_by(person or "", "ARMED_GROUP") if g in by_kb]
        return next((g for g in groups if g.type == "ARMED_GROUP"), None)

    # -- naming ------------------------------------------------------------------------------
    def _finish(self, doc: Doc, cl: Cluster) -> None:
        entry = self.kb.get(cl.kb_id) if cl.kb_id else None
        if entry is not None:
            cl.name = entry.name
            cl.type = getattr(entry, "type", "LOCATION")
        else:
            votes = Counter()
            for m in cl.mentions:
                weight = {"ner": 2, "acronym": 2, "nominal": 1, "surname": 1}.get(m.source, 1)
                # a specific type read off a full name beats the model's catch-all organisation type
                votes[m.type] += weight * (0.5 if m.type == "OTHER_ORG" else 1) + (1 if len(m.name.split()) > 2 else 0)
            cl.type = votes.most_common(1)[0][0]
            named = [m for m in cl.mentions if m.source in ("ner", "kb") and m_trusted(m)] or cl.mentions
            cl.name = max(named, key=lambda m: (len(m.name.split()) if not m.name.isupper() else 0, -m.start)).name
        roles = [m.role for m in cl.mentions if m.role]
        cl.role = roles[0] if roles else None


def m_trusted(m: Candidate) -> bool:
    return m.block not in ("title", "heading")


def _distance(cl: Cluster, c: Candidate) -> int:
    before = [m.start for m in cl.mentions if m.start <= c.start]
    return c.start - max(before) if before else 10**6 + min(m.start for m in cl.mentions) - c.start
