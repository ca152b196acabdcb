"""PLOVER event coding: who did what to whom, when, where, with what result.

A trigger word of the ontology's lexicon (``data/plover.yaml``: "fired", "attack", "condemned",
"suspend", "deploy"...) starts an event of its type; the parse gives its actors (subject, "by X",
"X's attack"), targets (object, "on/against/at X"), place ("in/at/near X"), date (the date expression
of its clause, else of its sentence, else the last dated statement of its paragraph), casualties
("killed three", "no casualties" = 0), mode (cue words of the clause) and status (asserted,
threatened, hypothetical "may ignite a war", denied, claimed_by an actor). Unknown perpetrators stay
unknown: an event with no stated actor has no actors. Hypothetical events are kept apart from the
events that happened.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from khabar.extract.lexicon import noun_in, syntax_cues
from khabar.extract.ontology import EventCues, Ontology, load_event_cues, load_ontology
from khabar.extract.state import Cluster, DocState
from khabar.kb import KnowledgeBase
from khabar.model import DateValue, Event, Relation

_ACTORS = {"PERSON", "ARMED_GROUP", "POLITICAL_PARTY", "STATE", "GOV_BODY", "MEDIA", "OTHER_ORG"}
_TARGET_PREPS = {"on", "against", "at", "upon", "toward", "towards", "to", "with", "into"}
_PLACE_PREPS = {"in", "at", "near", "around", "outside", "inside", "across", "from", "on", "over"}
_NUM_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a dozen": 12,
    "dozens": 24,
    "a": 1,
    "an": 1,
}
_BOUNDARY = re.compile(r"\b(since|until|till|before|after|from|by)\s*$", re.IGNORECASE)
_MATERIAL_CONFLICT = {"ASSAULT", "COERCE", "SANCTION"}
_SYNTAX = syntax_cues().events
_CARRY_VERBS = _SYNTAX.carry_verbs
_LIGHT_VERBS = _SYNTAX.light_verbs
_HAPPEN_VERBS = _SYNTAX.happen_verbs
_MAYBE = {"may", "might", "could", "would", "should"}
_SUBCLAUSES = ("advcl", "ccomp", "relcl", "conj", "parataxis")
_NESTED = (*_SUBCLAUSES, "pcomp")
_REPORTING = _SYNTAX.reporting_verbs
_BLAME = _SYNTAX.blame_adjectives
_PROXY_NOUNS = _SYNTAX.proxy_nouns
_ASSET_NOUNS = _SYNTAX.asset_nouns
_PLACE_OF_NOUNS = syntax_cues().mentions.place_of_nouns  # "the town of X" is X
_STAND_IN_NOUNS = _PROXY_NOUNS | _PLACE_OF_NOUNS | _ASSET_NOUNS  # "fighters/the town/positions of X" stand for X
_GROUP_NOUNS = _SYNTAX.group_nouns
_ORDINALS = _SYNTAX.ordinals
_SPEECH_TYPES = {"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONSULT", "CONCEDE"}


@dataclass
class _Ev:
    type: str
    trigger: Token
    sent: Span
    mode: str | None = None
    actors: list[Cluster] = field(default_factory=list)
    targets: list[Cluster] = field(default_factory=list)
    location: Cluster | None = None
    date: DateValue | None = None
    fatalities: int | None = None
    injuries: int | None = None
    status: str = "asserted"
    claimed_by: Cluster | None = None
    reported: bool = False  # dated only by the statement that reports it
    statement_date: DateValue | None = None  # the day of that statement
    date_own: bool = False  # the trigger's own clause gives the date
    also_dates: list[DateValue] = field(default_factory=list)  # "on Saturday and Sunday": one event each
    phrase_verb: Token | None = None  # the verb of a verb-noun trigger phrase ("opened fire", "traded fire")


class EventFinder:
    def __init__(
        self, ontology: Ontology | None = None, cues: EventCues | None = None, kb: KnowledgeBase | None = None
    ) -> None:
        self.kb = kb
        self.onto = ontology or load_ontology()
        self.cues = cues or load_event_cues()
        self.phrases = self.onto.phrases()
        self.ended = set(self.cues.ended.words)
        self.killed = {w.lower() for w in self.cues.casualty.get("killed", [])}
        self.injured = {w.lower() for w in self.cues.casualty.get("injured", [])}

    # -- entry point -----------------------------------------------------------------------
    def find(self, doc: Doc, st: DocState) -> tuple[list[Event], list[Event], list[Relation]]:
        self.doc, self.st = doc, st
        self._named_tokens = {
            t
            for c in st.clusters
            for m in c.mentions
            if m.nominal is None and m.end - m.start > 1
            for t in range(m.start, m.end)
        }
        self._cue_cache: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
        self._blamed: dict[int, Token | None] = {}  # reporting verb -> the subject its clause blames
        self._clause_cache: dict[int, set[str]] = {}
        self.clusters = {c.id: c for c in st.clusters}
        self.dates_by_sent: dict[int, list[DateValue]] = {}
        for d in st.dates:
            self.dates_by_sent.setdefault(d.sentence, []).append(d)
        found: list[_Ev] = []
        body = [sent for sent in doc.sents if st.block_of(sent.start).is_body]
        day_dates = [
            [
                d
                for d in self.dates_by_sent.get(self.st.sentence_of(s.start), [])
                if d.value
                and d.precision == "day"
                and d.confidence >= 0.7
                and not _BOUNDARY.search(st.original[max(0, d.start - 8) : d.start])
            ]
            for s in body
        ]
        # a story has two clocks: when things happened (event dates) and when people spoke about them
        # (statement dates: "police said Friday"); material events follow the first, statements the second
        kinds = [[self._date_kind(d) for d in ds] for ds in day_dates]
        last: dict[str, DateValue | None] = {"event": None, "statement": None}
        for k, sent in enumerate(body):
            evs = self._sentence(sent)
            for ev in evs:
                if ev.date is None and ev.statement_date is not None:
                    # reported on a day: the story's own event date if it is not later, else that month
                    said = ev.statement_date
                    happened = last["event"] or self._ahead(day_dates, kinds, k, "event")
                    ev.date = (
                        happened
                        if happened is not None and happened.value <= said.value
                        else (said.model_copy(update={"value": said.value[:7], "precision": "month"}))
                    )
                elif ev.date is None:
                    order = ("statement", "event") if ev.type in _SPEECH_TYPES else ("event", "statement")
                    current = None
                    for kind in order:
                        current = last[kind] or self._ahead(day_dates, kinds, k, kind)
                        if current is not None:
                            break
                    if (
                        current is not None
                        and kind == "statement"
                        and ev.type not in _SPEECH_TYPES
                        and self._reporter(ev.trigger) is not None
                    ):
                        # a reported event dated only by the statements around it: their month
                        current = current.model_copy(update={"value": current.value[:7], "precision": "month"})
                    ev.date = current
            for d, kd in zip(day_dates[k], kinds[k], strict=True):
                last[kd] = d
            found.extend(evs)
        found = self._corefer(found)
        events, hypothetical = [], []
        dated = {s.start for s in body if any(d.value for d in self.dates_by_sent.get(st.sentence_of(s.start), []))}
        merged = _retold(_merge(found), dated)
        for ev in list(merged):  # "explosions on Saturday and Sunday": an event a day
            for d in ev.also_dates:
                twin = _Ev(**{**ev.__dict__, "date": d, "also_dates": []})
                merged.insert(merged.index(ev) + 1, twin)
        for ev in merged:
            out = self._emit(ev)
            # what did not happen (hypothetical, denied, only threatened) is kept apart from what did
            not_happened = ev.status in ("hypothetical", "denied") or (
                ev.status == "threatened" and ev.type != "THREATEN"
            )
            (hypothetical if not_happened else events).append(out)
        relations = self._rivalries([e for e in found if e.status not in ("hypothetical", "denied")])
        return events, hypothetical, relations

    # -- one sentence --------------------------------------------------------------------------
    def _sentence(self, sent: Span) -> list[_Ev]:
        out: list[_Ev] = []
        used: set[int] = set()
        triples = [(t.text, t.lemma_, t.pos_) for t in sent]
        for pm in self.onto.match_phrases(triples):
            toks = sent[pm.start : pm.end]
            if any(t.i in used for t in toks) or not pm.hit.satisfied(self._clause_words(toks[0])):
                continue
            head = max(toks, key=lambda t: t.pos_ in ("NOUN", "VERB"))
            nouns = [t for t in toks if t.pos_ in ("NOUN", "PROPN")]
            trigger = nouns[-1] if nouns else head
            verb = next((t for t in toks if t.pos_ == "VERB"), None)
            phrase_verb = verb if verb is not None and trigger.i != verb.i and trigger.head.i == verb.i else None
            out.append(_Ev(pm.hit.type, trigger, sent, mode=pm.hit.mode, phrase_verb=phrase_verb))
            used.update(t.i for t in toks)
        for tok in sent:
            if tok.i in used or tok.pos_ not in ("VERB", "NOUN", "PROPN"):
                continue
            if tok.ent_type_ in ("DATE", "TIME") and tok.pos_ != "VERB":
                continue  # "in March 2024": a month, not a march
            if tok.i in self._named_tokens:
                continue  # "the Group for the Support of Islam and Muslims": a word of a name
            if self._alleged(tok):
                continue  # "accused the group of killing civilians": the accusation is the event
            if tok.dep_ in ("compound", "amod") and tok.pos_ != "VERB":
                continue  # "protest movement", "Iran-funded": modifiers, not events
            reduced = tok.tag_ == "VBN" and tok.dep_ in ("acl", "relcl")
            if tok.dep_ == "amod":
                continue  # "Iran-backed": a modifier, not an event
            hits = self.onto.types_for(tok.lemma_.lower(), tok.pos_)
            if not hits:
                continue
            if reduced and not (any(c.dep_ == "agent" for c in tok.children) and hits[0].type in _MATERIAL_CONFLICT):
                continue  # "attacks blamed on X", "a cell supported by Y": descriptions, not new events
            if tok.pos_ != "VERB" and tok.head.lemma_.lower() in self.ended:
                continue  # "ended a cease-fire", "lifted the curfew": the verb is the event
            words = self._clause_words(tok)
            if tok.pos_ == "VERB":
                # a preposition a trigger requires ("call on/for", "charge with") must be the verb's own
                own = {c.lower_ for c in tok.children}
                words = words - {t.lower_ for t in tok.subtree if t.pos_ in ("ADP", "PART") and t.lower_ not in own}
            hit = next((h for h in hits if h.satisfied(words)), None)
            if hit is None:
                continue
            out.append(_Ev(hit.type, tok, sent, mode=hit.mode))
            used.add(tok.i)
        out.extend(ev for ev in self._blame(sent) if ev.trigger.i not in used)
        out.sort(key=lambda ev: ev.trigger.i)  # phrase triggers were found first; report in text order
        for ev in out:
            self._fill(ev)
        return [ev for ev in out if self._keep(ev)]

    def _token_at(self, char: int) -> Token | None:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _alleged(self, tok: Token) -> bool:
        """The trigger is what an accusation alleges: "accused X of killing", "charged Y with bombing"."""
        t = tok
        for _ in range(2):
            if t.dep_ not in ("pcomp", "pobj") or t.head.lower_ not in ("of", "with", "for"):
                return False
            verb = t.head.head
            if verb.pos_ == "VERB" and any(
                h.type == "ACCUSE" and h.mode == "allege" for h in self.onto.types_for(verb.lemma_.lower(), "VERB")
            ):
                return True
            t = verb
        return False

    def _blame(self, sent: Span) -> list[_Ev]:
        """ "Israel said Shukr was responsible for the attack": the speaker accuses the clause's subject."""
        out = []
        for tok in sent:
            if tok.lower_ not in _BLAME or tok.dep_ not in ("acomp", "prep", "attr") or tok.head.lemma_ != "be":
                continue
            cop = tok.head
            if cop.dep_ != "ccomp" or not self._reports(cop.head) or any(c.dep_ == "neg" for c in cop.children):
                continue
            ev = _Ev("ACCUSE", cop.head, sent, mode="allege")
            out.append(ev)
            self._blamed[cop.head.i] = next((c for c in cop.children if c.dep_ == "nsubj"), None)
        return out

    def _clause_words(self, tok: Token) -> set[str]:
        """Lower-cased words and lemmas of the trigger's clause (its head verb's subtree, without the
        clauses that hang from it: "suspended talks after blaming the group for an attack" is not about
        an attack being suspended)."""
        clause = tok if tok.pos_ == "VERB" else tok.head
        key = clause.i
        if key not in self._clause_cache:
            toks = [clause]
            stack = [c for c in clause.children if c.dep_ not in _SUBCLAUSES]
            while stack:
                t = stack.pop()
                toks.append(t)
                stack.extend(c for c in t.children if not (c.pos_ == "VERB" and c.dep_ in _NESTED))
            self._clause_cache[key] = {t.lower_ for t in toks} | {t.lemma_.lower() for t in toks}
        return self._clause_cache[key]

    def _mode_words(self, tok: Token) -> set[str]:
        """The clause's words without the names in it: "Balad air base" says nothing about air strikes."""
        clause = tok if tok.pos_ == "VERB" else tok.head

        def place(t: Token) -> bool:
            c = self.cl(t.i)
            return c is not None and c.type == "LOCATION"

        skip = {t.i for t in clause.subtree if place(t)}
        # the noun a place name modifies, with its other modifiers: "Balad air base", "Erbil air base"
        for i in list(skip):
            t = self.doc[i]
            if t.dep_ == "compound" and t.head.pos_ == "NOUN" and not place(t.head):
                skip.add(t.head.i)
                skip.update(c.i for c in t.head.children if c.dep_ in ("compound", "amod") and c.i != i)
        toks = [t for t in clause.subtree if t.i not in skip]
        return {t.lower_ for t in toks} | {t.lemma_.lower() for t in toks}

    def _keep(self, ev: _Ev) -> bool:
        """A bare noun with nobody and nothing attached is usually a topic word, not an event."""
        return not (
            ev.trigger.pos_ == "NOUN"
            and not (ev.actors or ev.targets or ev.location or ev.date or ev.fatalities is not None)
        )

    # -- arguments --------------------------------------------------------------------------------
    def cl(self, i: int) -> Cluster | None:
        cid = self.st.token_cluster.get(i)
        return self.clusters.get(cid) if cid else None

    def np(self, tok: Token | None, types: set[str] = _ACTORS) -> list[Cluster]:
        if tok is None:
            return []
        out: list[Cluster] = []
        stack = [tok]
        seen = set()
        while stack:
            t = stack.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            c = self.cl(t.i)
            if c is None:
                for child in t.children:
                    if child.dep_ in ("compound", "poss", "appos", "nmod", "amod") and self.cl(child.i):
                        c = self.cl(child.i)
                        break
            if c is None and t.pos_ in ("NOUN", "PROPN") and noun_in(t, _STAND_IN_NOUNS):
                # "representatives of the army", "fighters of the group": who they act for
                of = next((ch for ch in t.children if ch.dep_ == "prep" and ch.lower_ == "of"), None)
                if of is not None:
                    stack.extend(p for p in of.children if p.dep_ == "pobj")
            if c is None and t.lower_ in ("it", "they", "its", "their"):
                c = self._subject_before(t, types - {"PERSON", "LOCATION"}) or self._antecedent(
                    t.i, types - {"PERSON", "LOCATION"}
                )
            elif (
                c is None
                and t.pos_ == "NOUN"
                and t.lemma_.lower() in _GROUP_NOUNS
                and any(ch.lower_ == "the" for ch in t.children)
            ):
                # "the group", "the rebels": the last group named
                c = self._antecedent(t.i, {"ARMED_GROUP", "POLITICAL_PARTY"})
            if c is not None and c.type in types and c not in out:
                out.append(c)
            stack.extend(ch for ch in t.children if ch.dep_ == "conj")
        return out

    def _subject_before(self, pron: Token, types: set[str]) -> Cluster | None:
        """ "X, a member of Y, announced that it was ...": "it" is the sentence's subject X, not Y."""
        for t in pron.sent:
            if t.i >= pron.i:
                return None
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT":
                c = self.cl(t.i)
                if c is not None and c.type in types:
                    return c
        return None

    def _antecedent(self, before: int, types: set[str]) -> Cluster | None:
        for i in range(before - 1, max(-1, before - 80), -1):
            c = self.cl(i)
            if c is not None and c.type in types:
                return c
        return None

    def _fill(self, ev: _Ev) -> None:
        t = ev.trigger
        if t.pos_ == "VERB":
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            subjpass = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
            agent = next((c for c in t.children if c.dep_ == "agent"), None)
            obj = next((c for c in t.children if c.dep_ in ("dobj", "dative")), None)
            if subj is None and t.dep_ in ("conj", "xcomp", "advcl"):
                v = t.head
                subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
            # a light verb: "carried out attacks on X", "launched strikes against Y"
            if subj is not None and subj.lemma_.lower() in ("who", "which", "that") and t.dep_ == "relcl":
                ev.actors = self.np(t.head)
            else:
                ev.actors = self.np(subj)
            if (
                not ev.actors
                and ev.type in _MATERIAL_CONFLICT
                and subj is not None
                and self.onto.types_for(subj.lemma_.lower(), subj.pos_)
            ):
                ev.actors = self._demonym_states(subj)  # "an Israeli strike killed X"
            if agent is not None:
                ev.actors += [c for p in agent.children if p.dep_ == "pobj" for c in self.np(p)]
            ev.targets = self.np(subjpass) + self.np(obj) + self.np(self._blamed.get(t.i))
            if obj is not None:
                ev.targets += self._prep_objects(obj, _TARGET_PREPS)
            ev.targets += self._prep_objects(t, {"on", "against", "at", "upon"})
            if ev.type == "ACCUSE":  # "attributed the strike to X"
                ev.targets += [c for c in self._prep_objects(t, {"to"}) if c.type != "LOCATION"]
        else:
            poss = next((c for c in t.children if c.dep_ == "poss"), None)
            ev.actors = self.np(poss)
            for c in t.children:
                if c.dep_ == "compound" and self.cl(c.i):
                    ev.actors += [x for x in self.np(c) if x not in ev.actors]
                if c.dep_ == "prep" and c.lower_ == "by":
                    ev.actors += [x for p in c.children if p.dep_ == "pobj" for x in self.np(p)]
                if c.dep_ == "prep" and c.lower_ == "between":
                    sides = [x for p in c.children if p.dep_ == "pobj" for x in self.np(p)]
                    ev.actors += sides
            if not ev.actors and ev.type in _MATERIAL_CONFLICT:  # "an Israeli air strike": the state of the demonym
                ev.actors = self._demonym_states(t)
            ev.targets = self._prep_objects(t, _TARGET_PREPS)
            # "fighting broke out ... between X and Y": the sides hang on the verb
            if t.dep_ == "nsubj" and t.head.lemma_.lower() in _HAPPEN_VERBS:
                for c in t.head.children:
                    if c.dep_ == "prep" and c.lower_ == "between":
                        ev.actors += [
                            x for p in c.children if p.dep_ == "pobj" for x in self.np(p) if x not in ev.actors
                        ]
            # "X carried out attacks", "X put its forces on alert": the light verb's subject
            head = t.head
            carrier = head.head if t.dep_ == "pobj" and head.dep_ == "prep" else None
            carries = carrier is not None and carrier.pos_ == "VERB" and carrier.lemma_.lower() in _CARRY_VERBS
            if not ev.actors and carries:
                ev.actors = self.np(next((c for c in carrier.children if c.dep_ == "nsubj"), None))
            if not ev.actors and t.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_.lower() in _CARRY_VERBS:
                ev.actors = self.np(next((c for c in head.children if c.dep_ == "nsubj"), None))
                ev.targets += self._prep_objects(head, {"on", "against", "at"})
            elif not ev.actors and ev.phrase_verb is not None and ev.phrase_verb.i == head.i:
                # "X opened fire on Y", "X traded fire with Y", "drones struck Y"
                ev.actors = self.np(next((c for c in head.children if c.dep_ == "nsubj" and c.i != t.i), None))
                ev.targets += self._prep_objects(head, {"on", "against", "at", "with"})
                obj = next((c for c in head.children if c.dep_ == "dobj" and c.i != t.i), None)
                ev.targets += [x for x in self.np(obj) if x not in ev.targets]
        ev.actors = [a for a in ev.actors if a.type != "LOCATION"]
        places = [c for c in ev.targets if c.type == "LOCATION"]
        ev.targets = [c for c in _unique(ev.targets) if c not in ev.actors or ev.type == "ASSAULT"]
        ev.location = places[0] if places else self._place(ev)
        if t.i in self._blamed:  # the accusation's own date and place, not those of what it blames for
            blamed = self._blamed[t.i]
            inside = {x.i for x in blamed.head.subtree} if blamed is not None else set()
            ev.date = next(
                (
                    d
                    for d in self.dates_by_sent.get(self.st.sentence_of(ev.sent.start), [])
                    if d.value and (tok := self._token_at(d.start)) is not None and tok.i not in inside
                ),
                None,
            )
            ev.location = None
            return
        ev.date = self._date(ev)
        ev.fatalities, ev.injuries = self._casualties(ev)
        ev.mode = ev.mode or self.onto.mode_for(ev.type, self._mode_words(ev.trigger))
        ev.status, ev.claimed_by = self._status(ev)

    def _demonym_states(self, noun: Token) -> list[Cluster]:
        """The state an event noun's demonym names ("Israeli strike", "Turkish drone strike"), when the
        article names that state."""
        if self.kb is None:
            return []
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.text[:1].isupper():
                state = self.kb.state_for_demonym(c.text)
                if state is None:
                    continue
                found = next((x for x in self.st.clusters if x.kb_id == state.id and x.type == "STATE"), None)
                return [found] if found is not None else []
        return []

    def _prep_objects(self, tok: Token, preps: set[str]) -> list[Cluster]:
        out = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        out += [x for x in self.np(p, _ACTORS | {"LOCATION"}) if x not in out]
        return out

    def _place(self, ev: _Ev) -> Cluster | None:
        t = ev.trigger
        # "the siege of X", "took control of X", "the shelling of X": the place an event noun is of
        if t.pos_ == "NOUN":
            of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            objs = [p for p in of.children if p.dep_ == "pobj"] if of is not None else []
            found = [x for p in objs for x in self.np(p, {"LOCATION"})]
            if found:
                return found[0]
        # "seized the town of X", "shelled X": the place a verb acts on
        if t.pos_ == "VERB":
            obj = next((c for c in t.children if c.dep_ == "dobj"), None)
            found = self.np(obj, {"LOCATION"}) if obj is not None else []
            if found:
                return found[0]
        # a place attached to the trigger or its clause, else any place named in the sentence
        for scope in (t, t.head):
            for c in scope.children:
                if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            found = self.np(p, {"LOCATION"})
                            if found:
                                return found[0]
        for tok in ev.sent:
            c = self.cl(tok.i)
            if c is not None and c.type == "LOCATION" and tok.head.lower_ in _PLACE_PREPS:
                return c
        return None

    def _date(self, ev: _Ev) -> DateValue | None:
        """The date of the trigger's clause; a date that only dates the statement reporting the event
        ("the army said on Monday its troops had shelled ...") gives the event its month, no more."""
        anniversary = self._anniversary(ev)
        if anniversary is not None:
            return anniversary
        dates = [d for d in self.dates_by_sent.get(self.st.sentence_of(ev.sent.start), []) if d.value]
        if not dates:
            return None
        t = ev.trigger
        tok_of = {tok.idx: tok.i for tok in ev.sent}
        own = _own_phrase(t)
        clause = t if t.pos_ == "VERB" else t.head
        while clause.pos_ != "VERB" and clause.head.i != clause.i:
            clause = clause.head
        # a verb's dates are its own; a noun shares its verb's only when the verb just carries it out
        # ("carried out an attack on Monday"), not when it talks about it ("denounced the raid on Monday")
        passive = any(c.dep_ == "auxpass" for c in clause.children)
        shares = (
            t.pos_ == "VERB"
            or (clause.lemma_.lower() in _LIGHT_VERBS and t.dep_ in ("dobj", "nsubjpass"))
            or (clause.lemma_.lower() in _HAPPEN_VERBS and t.dep_ == "nsubj")
            or (passive and t.dep_ == "nsubjpass")
        )
        if shares and clause.pos_ == "VERB" and not self._reports(clause):
            own |= {x.i for c in clause.children if c.dep_ in ("npadvmod", "prep", "advmod", "nmod") for x in c.subtree}
        near = [d for d in dates if tok_of.get(d.start) in own]
        reporter = next((a for a in clause.ancestors if a.pos_ == "VERB" and self._reports(a)), None)
        earlier = any(c.lower_ == "had" for c in clause.children if c.dep_ in ("aux", "auxpass"))
        if reporter is not None and earlier:
            rep = [d for d in dates if tok_of.get(d.start) in {x.i for x in reporter.subtree}]
            if rep and rep[0].precision == "day" and rep[0].value:
                # "said on Monday its troops had shelled": on or before the statement (settled in find())
                ev.reported, ev.statement_date = True, rep[0]
                return None
        claim = self._claimed_by_verb(t)
        if not near and claim is not None:
            # "Last week the group claimed responsibility for the bombing": the claim dates it
            near = [d for d in dates if tok_of.get(d.start) in {x.i for x in claim.subtree}]
        if near:
            ev.date_own = True
            best = min(near, key=lambda d: abs(d.start - t.idx))
            text = self.st.original
            ev.also_dates = [
                d
                for d in near
                if d is not best
                and d.precision == "day"
                and best.precision == "day"
                and text[min(d.end, best.end) : max(d.start, best.start)].strip() == "and"
            ]
            return best
        if not shares:
            # "the collapse of the talks since March 2019": a date on a noun above the trigger
            nouns = set()
            for a in t.ancestors:
                if a.pos_ in ("VERB", "AUX"):
                    break
                nouns.add(a.i)
            for d in dates:
                if d.start not in tok_of:
                    continue
                tok = ev.sent.doc[tok_of[d.start]]
                # climb out of the date phrase to the word it modifies
                while tok.head.i != tok.i and (
                    tok.ent_type_ == "DATE" or tok.pos_ not in ("NOUN", "PROPN", "VERB", "AUX")
                ):
                    tok = tok.head
                if tok.i in nouns:
                    return d
            return None
        if reporter is not None or self._reports(clause):
            reporter = reporter or clause
            rep = [d for d in dates if tok_of.get(d.start) in {x.i for x in reporter.subtree}]
            if rep:
                ev.reported = True
                if reporter is not clause and _present(clause):
                    # "said on Monday it is halting its offensive": it happens as it is said
                    return rep[0]
                if reporter is not clause and ev.type not in _SPEECH_TYPES and rep[0].precision == "day":
                    # "the army said Friday the group fired rockets": on or before Friday (settled in find())
                    ev.statement_date = rep[0]
                    return None
                return rep[0]
        other = [
            d
            for d in dates
            if not any(
                tok_of.get(d.start) in {x.i for x in v.subtree}
                for v in ev.sent
                if v.pos_ == "VERB" and self._reports(v) and v != clause
            )
        ]
        return min(other, key=lambda d: abs(d.start - t.idx)) if other else None

    @staticmethod
    def _claimed_by_verb(t: Token) -> Token | None:
        """The verb of "claimed responsibility for <t>", if t is what is claimed."""
        if t.dep_ == "pobj" and t.head.lower_ == "for" and t.head.head.lemma_.lower() == "responsibility":
            verb = t.head.head.head
            if verb.lemma_.lower() in ("claim", "take", "accept", "assume"):
                return verb
        return None

    def _anniversary(self, ev: _Ev) -> DateValue | None:
        """ "the one-year anniversary of the killing": the killing was N years before the anniversary
        (dated by its sentence, else by publication); its month."""
        t = ev.trigger
        if t.dep_ != "pobj" or t.head.lower_ != "of" or t.head.head.lemma_.lower() != "anniversary":
            return None
        ann = t.head.head
        years = None
        for tok in ann.subtree:
            if tok.i >= ann.i:
                break
            word = tok.lower_.split("-")[0]
            years = years or _ORDINALS.get(word) or (int(re.sub(r"\D", "", word)) if re.match(r"^\d+", word) else None)
        base = next(
            (
                d
                for d in self.dates_by_sent.get(self.st.sentence_of(ev.sent.start), [])
                if d.value and d.precision == "day"
            ),
            None,
        )
        anchor = dt.date.fromisoformat(base.value) if base is not None else self.st.published
        if years is None or anchor is None:
            return None
        year, month = anchor.year - years, anchor.month
        ann_span = self.doc[ann.left_edge.i : ann.i + 1]
        return DateValue(
            text=self.st.original[ann_span.start_char : ann_span.end_char],
            start=ann_span.start_char,
            end=ann_span.end_char,
            sentence=self.st.sentence_of(ev.sent.start),
            value=f"{year:04d}-{month:02d}",
            precision="month",
            confidence=0.6,
        )

    @staticmethod
    def _ahead(day_dates: list[list[DateValue]], kinds: list[list[str]], k: int, kind: str) -> DateValue | None:
        """The first date of this clock a little further on: the lede often dates its story later
        (an event clock may wait longer for its date than a statement clock)."""
        window = 6 if kind == "event" else 3
        for ds, ks in zip(day_dates[k + 1 : k + 1 + window], kinds[k + 1 : k + 1 + window], strict=True):
            for d, kd in zip(ds, ks, strict=True):
                if kd == kind:
                    return d
        return None

    def _date_kind(self, d: DateValue) -> str:
        """ "statement" when the date dates a verb of saying ("police said Friday"), else "event"."""
        tok = next((t for t in self.doc if t.idx == d.start), None)
        while tok is not None and tok.pos_ != "VERB" and tok.head.i != tok.i:
            tok = tok.head
        if tok is None or tok.pos_ != "VERB":
            return "event"
        if self._reports(tok):
            return "statement"
        # "said on Monday its troops had shelled": a past perfect under a verb of saying happened
        # before; the date belongs to the saying, whatever the parse attached it to
        perfect = any(c.lower_ == "had" for c in tok.children if c.dep_ in ("aux", "auxpass"))
        return "statement" if perfect and self._reporter(tok) is not None else "event"

    def _reporter(self, tok: Token) -> Token | None:
        return next((a for a in tok.ancestors if a.pos_ == "VERB" and self._reports(a)), None)

    @staticmethod
    def _reports(verb: Token) -> bool:
        """A verb of saying in the active voice ("was reported on Monday" dates the event itself)."""
        return verb.lemma_.lower() in _REPORTING and not any(c.dep_ == "auxpass" for c in verb.children)

    def _casualties(self, ev: _Ev) -> tuple[int | None, int | None]:
        if self._cue(ev.sent, "unknown_casualties"):
            return None, None
        if self._cue(ev.sent, "no_casualties"):
            return 0, None
        fatal = injured = None
        for tok in ev.sent:
            lemma = tok.lemma_.lower()
            which = (
                "k"
                if (lemma in self.killed or tok.lower_ in self.killed)
                else ("i" if (lemma in self.injured or tok.lower_ in self.injured) else None)
            )
            if which is None:
                continue
            n = self._count_for(tok)
            if n is None:
                continue
            if which == "k" and fatal is None:
                fatal = n
            elif which == "i" and injured is None:
                injured = n
        return fatal, injured

    def _count_for(self, tok: Token) -> int | None:
        """The number of people a casualty word counts: "three troops were killed", "killed 300
        fighters", "six injured", "left four guards dead"."""
        cands: list[Token] = []
        for c in tok.children:
            if c.dep_ in ("nsubjpass", "dobj", "nsubj"):
                cands.append(c)
        if tok.dep_ in ("acl", "amod", "oprd", "conj", "advcl", "ccomp", "relcl"):
            cands.append(tok.head)
        if tok.i > 0:
            cands.append(self.doc[tok.i - 1])
        for c in cands:
            n = _number(c)
            if n is None:
                for ch in c.children:
                    if ch.dep_ in ("nummod", "quantmod"):
                        n = _number(ch)
                        if n is not None:
                            break
            if n is not None:
                return n
        return None

    def _cue(self, sent: Span, name: str) -> list[tuple[int, int, str]]:
        """The cues of one list in a sentence, found once per sentence."""
        key = (sent.start, name)
        if key not in self._cue_cache:
            triples = [(x.text, x.lemma_, x.pos_) for x in sent]
            self._cue_cache[key] = getattr(self.cues, name).find(triples)
        return self._cue_cache[key]

    def _status(self, ev: _Ev) -> tuple[str, Cluster | None]:
        t = ev.trigger
        too_to = any(c.lower_ == "to" for c in t.children if c.dep_ == "aux") and any(
            a.lower_ == "too" for a in t.head.children
        )
        if ev.type == "THREATEN":
            # "too small to threaten", "could threaten": no threat was made
            modal = any(c.lower_ in _MAYBE for c in t.children if c.dep_ == "aux")
            return ("hypothetical" if too_to or modal else "threatened"), None
        hypo, threat = self.cues.hypothetical, self.cues.threatened
        hypo_words, threat_words = set(hypo.words), set(threat.words)
        # "want to", "plan to", "seek to" ... "(too small) to": the governing verb of a to-infinitive
        hypo_words |= {p.split()[0] for p in hypo.phrases if p.endswith(" to") and len(p.split()) == 2}
        hypo_for = {p.split()[0] for p in hypo.phrases if p.endswith(" for") and len(p.split()) == 2}
        if too_to:
            return "hypothetical", None
        for a in [t, *t.ancestors][:4]:
            kids = {c.lower_ for c in a.children if c.dep_ in ("aux", "advmod", "mark")}
            kids |= {c.lemma_.lower() for c in a.children if c.dep_ in ("aux", "advmod", "mark")}
            if kids & hypo_words or (a.i != t.i and a.lemma_.lower() in hypo_words):
                return "hypothetical", None
            if a.i != t.i and a.lemma_.lower() in threat_words:
                return "threatened", None
            if a.dep_ == "pobj" and a.head.lower_ == "of" and a.head.head.lemma_.lower() in hypo_words:
                return "hypothetical", None
            # "called for a ceasefire", "pushed for talks": what is called for has not happened
            if a.dep_ == "pobj" and a.head.lower_ == "for" and a.head.head.lemma_.lower() in hypo_for:
                return "hypothetical", None
        if any(c.dep_ == "neg" for c in t.children):
            return "denied", None
        # "the RSF denied targeting civilians", "denies supplying weapons": a denial verb governs the event
        deny_words = set(self.cues.denied.words)
        for a in list(t.ancestors)[:3]:
            if a.pos_ == "VERB" and a.lemma_.lower() in deny_words:
                return "denied", None
            if a.dep_ not in ("xcomp", "ccomp", "dobj", "pcomp", "pobj", "prep"):
                break
        if self._cue(ev.sent, "unknown_perpetrator"):
            return "asserted", None
        for start, _end, _cue in self._cue(ev.sent, "claim"):
            claim = ev.sent[start]
            verb = claim if claim.pos_ == "VERB" else claim.head
            if any(c.dep_ == "neg" for c in verb.children):
                continue
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            claimers = self.np(subj)
            if claimers:
                return "claimed_by", claimers[0]
        return "asserted", None

    def _no_toll(self, ev: _Ev) -> bool:
        """ "No one was killed": not an attack, a toll of zero for the one just reported."""
        if ev.type != "ASSAULT" or ev.trigger.pos_ != "VERB" or ev.actors or ev.targets:
            return False
        lemma = ev.trigger.lemma_.lower()
        return (lemma in self.killed or ev.trigger.lower_ in self.killed or lemma in self.injured) and bool(
            self._cue(ev.sent, "no_casualties")
        )

    def _corefer(self, found: list[_Ev]) -> list[_Ev]:
        """ "the attack", "the blasts", "this war": a definite noun naming an event reported earlier
        is that event again; what it adds (casualties, place, date) goes to the first report."""
        out: list[_Ev] = []
        for ev in found:
            t = ev.trigger
            if self._no_toll(ev):
                earlier = next((o for o in reversed(out) if o.type == "ASSAULT"), None)
                if earlier is not None and earlier.fatalities is None:
                    earlier.fatalities = 0
                continue
            subject = (
                next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None) if t.pos_ == "VERB" else None
            )
            if (
                subject is not None
                and subject.pos_ == "NOUN"
                and any(h.type == ev.type for h in self.onto.types_for(subject.lemma_.lower(), "NOUN"))
            ):
                t = subject  # "The strike also killed X": the strike reported before, and a toll for it
            definite = t.pos_ in ("NOUN", "PROPN") and any(
                c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those", "its", "their")
                for c in t.children
            )
            earlier = next(
                (
                    o
                    for o in reversed(out)
                    if o.type == ev.type and o.status == ev.status and o.sent.start < ev.sent.start
                ),
                None,
            )
            if definite and earlier is not None and not (set(ev.actors) - set(earlier.actors)):
                if ev.date_own and ev.date is not None and (earlier.date is None or not earlier.date_own):
                    earlier.date, earlier.date_own = ev.date, True  # "The raid on Monday ..."
                earlier.fatalities = earlier.fatalities if earlier.fatalities is not None else ev.fatalities
                earlier.injuries = earlier.injuries if earlier.injuries is not None else ev.injuries
                earlier.location = earlier.location or ev.location
                earlier.targets = _unique(earlier.targets + ev.targets)
                continue
            out.append(ev)
        return out

    # -- output ---------------------------------------------------------------------------------
    def _emit(self, ev: _Ev) -> Event:
        text = self.st.original
        s, e = ev.sent.start_char, ev.sent.end_char
        actors = [a.id for a in _unique(ev.actors)]
        if ev.claimed_by is not None and ev.claimed_by.id not in actors:
            actors.append(ev.claimed_by.id)
        for c in (
            *ev.actors,
            *ev.targets,
            *([ev.location] if ev.location else []),
            *([ev.claimed_by] if ev.claimed_by else []),
        ):
            c.latent = False
        return Event(
            type=ev.type,
            mode=ev.mode,
            actors=actors,
            targets=[t.id for t in _unique(ev.targets)],
            location=ev.location.id if ev.location else None,
            coordinates=ev.location.coordinates if ev.location else None,
            date=ev.date.value if ev.date else None,
            date_text=ev.date.text if ev.date else None,
            date_precision=ev.date.precision if ev.date else None,
            fatalities=ev.fatalities,
            injuries=ev.injuries,
            status=ev.status,
            claimed_by=ev.claimed_by.id if ev.claimed_by else None,
            trigger=ev.trigger.text,
            weight=self.onto.weight(ev.type, ev.mode),
            evidence=text[s:e].strip(),
            start=s,
            end=e,
            sentence=self.st.sentence_of(ev.sent.start),
            confidence=_confidence(ev),
        )

    def _rivalries(self, events: list[_Ev]) -> list[Relation]:
        """An attack by X on Y states that X and Y are enemies."""
        out = []
        text = self.st.original
        for ev in events:
            if ev.type != "ASSAULT" or ev.status not in ("asserted", "claimed_by"):
                continue
            # an attack by X on Y (or claimed by X), and clashes between X and Y, make X and Y enemies
            actors = _unique([*ev.actors, *([ev.claimed_by] if ev.claimed_by else [])])
            pairs = [(a, t) for a in actors for t in ev.targets]
            if not ev.targets and len(actors) >= 2:
                pairs = [(a, b) for k, a in enumerate(actors) for b in actors[k + 1 :]]
            for a, t in pairs:
                if a is t or a.type not in _ACTORS or t.type not in _ACTORS:
                    continue
                s, e = ev.sent.start_char, ev.sent.end_char
                out.append(
                    Relation(
                        subject=a.id,
                        predicate="RIVAL_OF",
                        object=t.id,
                        evidence=text[s:e].strip(),
                        start=s,
                        end=e,
                        sentence=self.st.sentence_of(ev.sent.start),
                        confidence=0.6,
                    )
                )
        return out


def _unique(items: list) -> list:
    out = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def _number(tok: Token) -> int | None:
    text = tok.lower_.replace(",", "")
    if re.fullmatch(r"\d+", text):
        return int(text)
    if text in _NUM_WORDS and tok.pos_ == "NUM":
        return _NUM_WORDS[text]
    return None


def _confidence(ev: _Ev) -> float:
    c = 0.5 + 0.1 * bool(ev.actors) + 0.1 * bool(ev.targets) + 0.05 * bool(ev.location) + 0.05 * bool(ev.date)
    if ev.trigger.pos_ == "NOUN":
        c -= 0.05
    return round(min(c, 0.9), 2)


def _own_phrase(t: Token) -> set[int]:
    """The trigger's own words: for a verb its whole subtree; for a noun its phrase without the clauses
    inside it ("explosions that killed people ... killed in a strike in 2020": 2020 is not theirs)."""
    if t.pos_ == "VERB":
        return {x.i for x in t.subtree}
    out, stack = {t.i}, list(t.children)
    while stack:
        c = stack.pop()
        if c.pos_ in ("VERB", "AUX") or c.dep_ in ("relcl", "acl", "advcl", "ccomp"):
            continue
        out.add(c.i)
        stack.extend(c.children)
    return out


def _near_in_parse(a: Token, b: Token, hops: int = 2) -> bool:
    """Whether two triggers are at most ``hops`` dependency arcs apart ("a strike ... killed X": one
    report; "explosions that killed people at a memorial for X, killed in a strike in 2020": two)."""

    def up(t: Token) -> list[int]:
        chain = [t.i]
        while len(chain) <= hops and t.head.i != t.i:
            t = t.head
            chain.append(t.i)
        return chain

    ua, ub = up(a), up(b)
    return any(x in ub and ua.index(x) + ub.index(x) <= hops for x in ua)


def _present(verb: Token) -> bool:
    """A clause in the present ("is suspending", "suspends", "are withdrawing"), not the past."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ in ("VBD", "MD") or a.lower_ in ("had", "has", "have", "was", "were") for a in aux):
        return False
    return verb.tag_ in ("VBZ", "VBP") or (verb.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") for a in aux))


def _retold(events: list[_Ev], dated: set[int]) -> list[_Ev]:
    """An attack verb with no attacker, target, place, toll or date in its sentence, after the article
    has reported an attack that happened, is that attack retold in detail ("witnesses heard the gunmen
    shoot"), not a new one. ``dated``: the starts of the sentences that state a date."""
    out: list[_Ev] = []
    for ev in events:
        bare = not (ev.actors or ev.targets or ev.location or ev.sent.start in dated) and ev.fatalities is None
        if (
            bare
            and ev.type == "ASSAULT"
            and ev.injuries is None
            and ev.status in ("asserted", "claimed_by")
            and any(o.type == "ASSAULT" and o.status in ("asserted", "claimed_by") for o in out)
        ):
            continue
        out.append(ev)
    return out


def _compatible_targets(a: _Ev, b: _Ev) -> bool:
    """Targets that do not tell two events apart: one side has none, they share one, or one side's are
    only the place the other happened at ("a strike on Beirut's suburbs killed X")."""
    if not a.targets or not b.targets or set(a.targets) & set(b.targets):
        return True
    places_a = {c for c in a.targets if c.type == "LOCATION"}
    places_b = {c for c in b.targets if c.type == "LOCATION"}
    return (places_a == set(a.targets) and b.location in places_a | {None}) or (
        places_b == set(b.targets) and a.location in places_b | {None}
    )


def _merge(events: list[_Ev]) -> list[_Ev]:
    """One event per sentence and type unless their participants differ."""
    out: list[_Ev] = []
    for ev in events:
        twin = next(
            (
                o
                for o in out
                if o.sent.start == ev.sent.start
                and o.type == ev.type
                and _near_in_parse(o.trigger, ev.trigger)
                and (not ev.actors or not o.actors or set(ev.actors) & set(o.actors))
                and _compatible_targets(o, ev)
            ),
            None,
        )
        if twin is None:
            out.append(ev)
            continue
        twin.actors = _unique(twin.actors + ev.actors)
        twin.targets = _unique(twin.targets + ev.targets)
        twin.location = twin.location or ev.location
        if twin.date is None or (ev.date_own and not twin.date_own):
            twin.date, twin.date_own = ev.date, ev.date_own
        twin.fatalities = twin.fatalities if twin.fatalities is not None else ev.fatalities
        twin.injuries = twin.injuries if twin.injuries is not None else ev.injuries
        twin.mode = twin.mode or ev.mode
    return out
